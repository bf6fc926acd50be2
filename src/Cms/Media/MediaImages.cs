using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Cms.Media;

/// <summary>A media item as one language sees it, with everything a page or another system needs to show it.</summary>
public sealed record MediaView(
    string Key,
    string Locale,
    bool IsFallback,
    string Title,
    string Alt,
    bool HasOwnAlt,
    string? Caption,
    string? Credit,
    string? Licence,
    DateOnly? DateTaken,
    GeoPoint? Coordinates,
    IReadOnlyList<string> Tags,
    string File,
    string ContentType,
    long? Length,
    int? Width,
    int? Height,
    RenditionSet? Renditions)
{
    public string Url => "/media/" + File;

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>
/// Resolves a media key to what a page shows in a language: the published media item in that
/// language or its fallback, its file's size, and the derivatives when they are ready. Files are
/// named by their content, so what is learnt about one (its dimensions) is kept for the process' life.
/// </summary>
public sealed class MediaImages(IContentDelivery delivery, IMediaStore store, MediaDerivatives derivatives)
{
    private static readonly ConcurrentDictionary<string, (MediaKind Kind, long Length, int? Width, int? Height)> Files = new(StringComparer.Ordinal);

    public async Task<MediaView?> GetAsync(string locale, JsonNode? key, CancellationToken ct) =>
        key?.GetValueKind() == System.Text.Json.JsonValueKind.String ? await GetAsync(locale, key.GetValue<string>(), ct) : null;

    public async Task<MediaView?> GetAsync(string locale, string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || await delivery.GetByKeyAsync(locale, "media", key, ct) is not { } item)
        {
            return null;
        }

        return Describe(item);
    }

    /// <summary>The view of a delivered media item; null when its file is missing from the store.</summary>
    public MediaView? Describe(DeliveredItem item)
    {
        var asset = item.As<MediaAsset>();
        if (asset.File is not { Length: > 0 } file || FileFacts(file) is not { } facts)
        {
            return null;
        }

        var hasAlt = !string.IsNullOrWhiteSpace(asset.Alt);
        return new MediaView(
            item.Key,
            item.ResolvedLocale,
            item.IsFallback,
            item.Title,
            hasAlt ? asset.Alt! : item.Title,
            hasAlt,
            asset.Caption,
            asset.Credit,
            asset.Licence,
            asset.DateTaken,
            asset.Coordinates,
            asset.Tags,
            file,
            facts.Kind.ContentType,
            facts.Length,
            facts.Width,
            facts.Height,
            derivatives.Find(file));
    }

    private (MediaKind Kind, long Length, int? Width, int? Height)? FileFacts(string file)
    {
        if (Files.TryGetValue(file, out var known))
        {
            return known;
        }

        using var stream = store.OpenRead(file);
        if (stream is null || MediaInspector.Inspect(stream) is not { Accepted: true, Kind: { } kind } inspection)
        {
            return null;
        }

        return Files.GetOrAdd(file, (kind, stream.Length, inspection.Width, inspection.Height));
    }
}
