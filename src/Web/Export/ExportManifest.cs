using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromoSite.Web.Export;

/// <summary>
/// What an export holds (export-manifest.json at its root): every address the site answered, with
/// the file written for it and that file's SHA-256, the items each page refers to, and each item's
/// fingerprint in each language at export time. The next run compares fingerprints to find what
/// changed, re-renders only the pages that refer to a changed item, and hard-links every other file
/// from this export unchanged.
/// </summary>
internal sealed class ExportManifest
{
    public const string FileName = "export-manifest.json";

    /// <summary>Bumped when the layout of an export changes; another format means a full export.</summary>
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public string BaseUrl { get; set; } = "";

    public string? LiveUrl { get; set; }

    public List<string> Locales { get; set; } = [];

    /// <summary>The application build and UI strings: another one renders every page differently, so a full export follows.</summary>
    public string Application { get; set; } = "";

    public DateTime ExportedAt { get; set; }

    /// <summary>"id:locale" → what the delivery said about the item there (path, update time, fallback...).</summary>
    public Dictionary<string, string> Items { get; set; } = [];

    /// <summary>Short code → the item it leads to, so an incremental run asks only the codes of changed items again.</summary>
    public Dictionary<string, long> ShortLinks { get; set; } = [];

    public List<ExportEntry> Entries { get; set; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ExportManifest? Read(string folder)
    {
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(file);
            return JsonSerializer.Deserialize<ExportManifest>(stream, Json) is { Format: CurrentFormat } manifest ? manifest : null;
        }
        catch (JsonException)
        {
            return null; // a damaged manifest: export everything again rather than trust it
        }
    }

    public void Write(string folder)
    {
        using var stream = File.Create(Path.Combine(folder, FileName));
        JsonSerializer.Serialize(stream, this, Json);
    }
}

/// <summary>
/// One address and what it answered: 200 with <see cref="File"/> (and .br/.gz beside a text file),
/// a redirect to <see cref="Location"/>, or a 404/410 page in <see cref="File"/> under _status/.
/// <see cref="Refs"/> are the ids of the items whose addresses the page links to (itself included).
/// </summary>
internal sealed record ExportEntry(string Path, int Status, string? File, string? Hash, string? ContentType, string? Location, bool Compressed, long[]? Refs);
