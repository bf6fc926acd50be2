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
public sealed class MediaImages(IContentDelivery delivery, IMediaStore store, MediaDerivatives derivatives, MediaViewCache cache, ContentChangeNotifier notifier)
{
    private static readonly ConcurrentDictionary<string, (MediaKind Kind, long Length, int? Width, int? Height)> Files = new(StringComparer.Ordinal);

    public async Task<MediaView?> GetAsync(string locale, JsonNode? key, CancellationToken ct) =>
        key?.GetValueKind() == System.Text.Json.JsonValueKind.String ? await GetAsync(locale, key.GetValue<string>(), ct) : null;

    public async Task<MediaView?> GetAsync(string locale, string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        // Read the generation before the item, so a change made meanwhile can only make this view
        // land in a generation that is already over, never be served as current after it.
        var views = cache.For(await delivery.GetContentVersionAsync(ct), notifier.LocalChanges);
        if (views.TryGetValue((locale, key), out var known))
        {
            return known;
        }

        MediaView? view;
        try
        {
            view = await delivery.GetByKeyAsync(locale, MediaLibrary.Type, key, ct) is { } item ? await DescribeCoreAsync(item, ct) : null;
        }
        catch (MediaStoreUnavailableException)
        {
            return null; // the page shows without the picture; not remembered, so it is back once the store answers
        }

        views.TryAdd((locale, key), view);
        return view;
    }

    /// <summary>The view of a delivered media item; null when its file is missing from the store.</summary>
    public async Task<MediaView?> DescribeAsync(DeliveredItem item, CancellationToken ct)
    {
        try
        {
            return await DescribeCoreAsync(item, ct);
        }
        catch (MediaStoreUnavailableException)
        {
            return null; // as when the file is missing: the item is delivered without its file's facts
        }
    }

    private async Task<MediaView?> DescribeCoreAsync(DeliveredItem item, CancellationToken ct)
    {
        var asset = item.As<MediaAsset>();
        if (asset.File is not { Length: > 0 } file || await FileFactsAsync(file, ct) is not { } facts)
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
            await derivatives.FindAsync(file, ct));
    }

    private async Task<(MediaKind Kind, long Length, int? Width, int? Height)?> FileFactsAsync(string file, CancellationToken ct)
    {
        if (Files.TryGetValue(file, out var known))
        {
            return known;
        }

        await using var stored = await store.OpenReadAsync(file, ct);
        if (stored is null || await MediaInspector.InspectAsync(stored.Content, ct) is not { Accepted: true, Kind: { } kind } inspection)
        {
            return null;
        }

        return Files.GetOrAdd(file, (kind, stored.Length, inspection.Width, inspection.Height));
    }
}

/// <summary>
/// What <see cref="MediaImages"/> has resolved, per language and key, for one generation of
/// content: a new published version anywhere (the content version) or a local change (which is
/// also how finished derivatives are announced) starts a new, empty generation. A page or an API
/// list naming a picture then costs a dictionary lookup instead of a delivery and a JSON read.
/// </summary>
public sealed class MediaViewCache
{
    private Generation _current = new(-1, -1);

    public ConcurrentDictionary<(string Locale, string Key), MediaView?> For(long contentVersion, long localChanges)
    {
        var current = Volatile.Read(ref _current);
        if (current.ContentVersion == contentVersion && current.LocalChanges == localChanges)
        {
            return current.Views;
        }

        var next = new Generation(contentVersion, localChanges);
        return (Interlocked.CompareExchange(ref _current, next, current) == current ? next : Volatile.Read(ref _current)).Views;
    }

    private sealed class Generation(long contentVersion, long localChanges)
    {
        public long ContentVersion { get; } = contentVersion;

        public long LocalChanges { get; } = localChanges;

        public ConcurrentDictionary<(string Locale, string Key), MediaView?> Views { get; } = new();
    }
}
