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

    /// <summary>
    /// The number of the newest short link read into <see cref="ShortLinks"/> (links are numbered in the order they are
    /// made, and never changed or removed): the next run reads only those made after it. Null in manifests written before.
    /// </summary>
    public long? LastShortLink { get; set; }

    public List<ExportEntry> Entries { get; set; } = [];

    private readonly Lazy<bool> _inPathOrder;
    private readonly Lazy<Func<string, ExportEntry?>> _finder;

    public ExportManifest()
    {
        _inPathOrder = new(() => Entries.Zip(Entries.Skip(1)).All(pair => string.CompareOrdinal(pair.First.Path, pair.Second.Path) < 0));
        _finder = new(Finder);
    }

    /// <summary>
    /// The entry of an address, or null. Entries are written in the order of their addresses, so they are searched by
    /// halves; an index by address is built only for a manifest not in that order. (Building one per run, for the few
    /// lookups an incremental run makes, cost more than the lookups; workers asked for it at once and each built it.)
    /// A manifest is not changed once read or written, so both are worked out once.
    /// </summary>
    public ExportEntry? Find(string path) => _finder.Value(path);

    /// <summary>Whether the entries are in the order of their addresses (ordinal), as this version writes them.</summary>
    public bool InPathOrder() => _inPathOrder.Value;

    private Func<string, ExportEntry?> Finder()
    {
        if (!InPathOrder())
        {
            var byPath = Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
            return byPath.GetValueOrDefault;
        }

        var entries = Entries;
        return path => entries.BinarySearch(new ExportEntry(path, 0, null, null, null, null, false, null), ByPath) is >= 0 and var found ? entries[found] : null;
    }

    private static readonly IComparer<ExportEntry> ByPath = Comparer<ExportEntry>.Create((a, b) => string.CompareOrdinal(a.Path, b.Path));

    /// <summary>
    /// The manifests this process wrote or read last, by their folder and the file's time and length: a watching
    /// export reads the live export's manifest and the older one's on every run, tens of megabytes of JSON on a
    /// large site, which it wrote (or read at start) itself. Read only (nothing changes a manifest once read).
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime Time, long Length, ExportManifest Manifest)> Known = new(StringComparer.Ordinal);

    public static ExportManifest? Read(string folder)
    {
        var file = new FileInfo(Path.Combine(folder, FileName));
        if (!file.Exists)
        {
            return null;
        }

        if (Known.TryGetValue(Path.GetFullPath(folder), out var known) && known.Time == file.LastWriteTimeUtc && known.Length == file.Length)
        {
            return known.Manifest;
        }

        try
        {
            using var stream = file.OpenRead();
            if (JsonSerializer.Deserialize(stream, ExportManifestJson.Default.ExportManifest) is not { Format: CurrentFormat } manifest)
            {
                return null;
            }

            // A watching export reads the live manifest at start and, when nothing changed, writes none: remembered here,
            // the first edit's run does not read 39 MB of JSON again (0.46 s at 4,800 items).
            Remember(folder, file, manifest);
            return manifest;
        }
        catch (JsonException)
        {
            return null; // a damaged manifest: export everything again rather than trust it
        }
    }

    /// <summary>
    /// Writes the manifest into <paramref name="folder"/> in one rename: it is written beside the folder first (not in
    /// it, where a server would answer the half-written file under its temporary name), so a reader finds the whole
    /// manifest or none. With <paramref name="liveFolder"/>, the folder is (or goes live as) that export.
    /// </summary>
    public void Write(string folder, string? liveFolder = null)
    {
        var path = Path.Combine(folder, FileName);
        var scratch = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(folder))!, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = File.Create(scratch))
            {
                JsonSerializer.Serialize(stream, this, ExportManifestJson.Default.ExportManifest);
            }

            File.Move(scratch, path, overwrite: true);
        }
        finally
        {
            File.Delete(scratch); // nothing left when the move happened
        }

        if (liveFolder is not null)
        {
            Remember(liveFolder, new FileInfo(path), this);
        }
    }

    /// <summary>Keeps a manifest this process wrote or read, known by its file's time and length, so it is not read back.</summary>
    private static void Remember(string folder, FileInfo file, ExportManifest manifest)
    {
        // A run reads the last two exports' manifests: a few are kept, the oldest dropped.
        foreach (var old in Known.OrderByDescending(w => w.Value.Time).Skip(3).Select(w => w.Key).ToList())
        {
            Known.TryRemove(old, out _);
        }

        Known[Path.GetFullPath(folder)] = (file.LastWriteTimeUtc, file.Length, manifest);
    }
}

/// <summary>
/// The manifest's JSON, generated at build time: written after every watched edit (tens of thousands of entries), where
/// reflection-based serialization took a tenth of a second.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExportManifest))]
internal sealed partial class ExportManifestJson : JsonSerializerContext;

/// <summary>
/// One address and what it answered: 200 with <see cref="File"/> (and .br/.gz beside a text file),
/// a redirect to <see cref="Location"/>, or a 404/410 page in <see cref="File"/> under _status/.
/// <see cref="Refs"/> are the ids of the items whose addresses the page links to (itself included).
/// </summary>
internal sealed record ExportEntry(string Path, int Status, string? File, string? Hash, string? ContentType, string? Location, bool Compressed, long[]? Refs);
