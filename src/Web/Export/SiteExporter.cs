using PromoSite.Web.Commands;
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Sharing;

namespace PromoSite.Web.Export;

/// <summary>What one export run did.</summary>
internal sealed record ExportReport(
    string Folder, bool Incremental, bool UpToDate, int Pages, int Files, int Written, int Linked, int Removed, int Redirects, int StatusPages,
    IReadOnlyList<string> Broken, TimeSpan Elapsed)
{
    public override string ToString() => UpToDate
        ? $"The export at {Folder} is up to date (nothing published since), checked in {Elapsed.TotalSeconds:0.00} s."
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(Incremental ? "Incremental" : "Full")} export: {Pages} pages, {Files} files ({Written} written, {Linked} unchanged and linked, {Removed} removed), {Redirects} redirects, {StatusPages} 404/410 pages in {Elapsed.TotalSeconds:0.00} s ({(Elapsed.TotalSeconds > 0 ? Pages / Elapsed.TotalSeconds : 0):0} pages/s), live at {Folder}.")
            + (Broken.Count > 0 ? $" {Broken.Count} broken link(s): {string.Join(", ", Broken.Take(10))}" : "");
}

/// <summary>
/// Writes the public site as static files by asking the application itself for every page, over the
/// given client (the app's own pipeline in memory: nothing is rendered a second way). Pages are found
/// from the home pages, sitemaps, feeds and manifests and the links of every page answered (the
/// site's link graph, as the crawler test walks it), plus what no page links to: old slugs, retired
/// items and short links, which become the redirect map and the 404/410 pages. With a previous export
/// beside it, only the pages that refer to an item whose published state changed are asked again;
/// everything else is hard-linked from the previous export.
/// </summary>
internal sealed partial class SiteExporter(HttpClient client, IServiceProvider services, ExportSettings settings, int? failAfterFiles = null)
{
    /// <summary>Paths the site answers per visitor (forms with antiforgery tokens, search results): the static site sends them to the live site.</summary>
    public static bool IsLiveOnly(string pathAndQuery)
    {
        var path = pathAndQuery.Split('?', 2)[0];
        return path.Contains("/enquiry/", StringComparison.Ordinal) || path.EndsWith("/press/accreditation", StringComparison.Ordinal)
            || (path.EndsWith("/search", StringComparison.Ordinal) && pathAndQuery.Contains('?', StringComparison.Ordinal));
    }

    /// <summary>Requests in flight at once: rendering waits on the database a little, so a few more than cores keep them busy.</summary>
    public static int Workers { get; } = Math.Max(2, Environment.ProcessorCount * 2);

    private static readonly string[] Skipped = ["/api/", "/admin", "/openapi", "/health", "/_", "/error"];

    /// <summary>Requests and time spent rendering them, by content type and status (printed with Logging for Export at Debug).</summary>
    public ConcurrentDictionary<string, (int Count, TimeSpan Time)> Timings { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Wall time of each phase of the run, in order, and the time summed over the workers of what they do
    /// besides waiting for a page (hashing, compressing and writing, reading links): where an export's time goes.
    /// </summary>
    public ConcurrentDictionary<string, TimeSpan> Phases { get; } = new(StringComparer.Ordinal);

    private void Phase(string name, long started) => Phases.AddOrUpdate(name, _ => Stopwatch.GetElapsedTime(started), (_, t) => t + Stopwatch.GetElapsedTime(started));

    /// <summary>The files this run wrote anew (not linked from the previous export): what an incremental run cost the disk.</summary>
    public ConcurrentBag<string> WrittenFiles { get; } = [];

    // Made again at the size of the previous export once its manifest is read (Presize): an incremental run fills the
    // first two with its 73,000 kept entries before any page is asked, and a table grown step by step (each step takes
    // every lock of the table) took 12 to 27 ms to fill in a micro-benchmark, against 4 to 8 ms made at its size.
    private ConcurrentDictionary<string, ExportEntry> _entries = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, byte> _stored = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, byte> _answered = new(StringComparer.Ordinal);
    private Dictionary<string, ShortLink> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<(long ItemId, string Locale), string> _itemPaths = [];
    private readonly Dictionary<long, string> _itemTypes = [];
    private readonly ConcurrentBag<string> _broken = [];
    private readonly FolderCache _folders = new();
    private Dictionary<string, long> _pathToItem = [];
    private ExportManifest? _previous;
    private string? _previousFolder;
    private string _staging = "";
    private bool _sameBuildAndBase;
    /// <summary>Whether this run brings the previous export up to date (same base URL, languages and build) rather than exporting everything.</summary>
    private bool _incremental;
    private int _written;
    private int _linked;

    public async Task<ExportReport> RunAsync(ExportFolder folder, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var phase = Stopwatch.GetTimestamp();
        _previousFolder = folder.Current;
        _previous = _previousFolder is null ? null : ExportManifest.Read(_previousFolder);
        if (_previous is not null)
        {
            Presize(_previous.Entries.Count + 1024);
        }

        Phase("0 previous export's manifest read", phase);
        var application = ApplicationFingerprint();
        _sameBuildAndBase = _previous is not null && _previous.BaseUrl == settings.BaseUrl && _previous.Application == application;
        _incremental = _previous is not null && !settings.Full && _previous.BaseUrl == settings.BaseUrl && _previous.LiveUrl == settings.LiveUrl
            && _previous.Locales.SequenceEqual(settings.Locales) && _previous.Application == application;

        phase = Stopwatch.GetTimestamp();
        var (items, pathToItem, siteLinks) = await ItemFingerprintsAsync(ct);
        _pathToItem = pathToItem;

        Phase("1 item fingerprints", phase);
        phase = Stopwatch.GetTimestamp();
        // A run that brings the previous export up to date starts from its codes and reads only those made since.
        Dictionary<string, long>? knownCodes = null;
        if (_incremental && _previous!.LastShortLink is { } last)
        {
            knownCodes = new Dictionary<string, long>(_previous.ShortLinks, StringComparer.Ordinal);
            _lastCodeRead = last;
        }

        var codes = await ShortCodesAsync(knownCodes, ct);
        Phase("2 short codes read", phase);
        HashSet<long> changed = [];
        var addedOrRemoved = false;
        if (_incremental)
        {
            foreach (var key in items.Keys.Union(_previous!.Items.Keys))
            {
                if (items.GetValueOrDefault(key) != _previous.Items.GetValueOrDefault(key))
                {
                    var colon = key.IndexOf(':', StringComparison.Ordinal);
                    var id = long.Parse(key.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture);
                    changed.Add(id);
                    _changedIn.Add((id, key[(colon + 1)..]));
                    _changedLocales.Add(key[(colon + 1)..]);
                    addedOrRemoved |= !items.ContainsKey(key) || !_previous.Items.ContainsKey(key);
                }
            }

            // The source language holds the shared fields (stars, pictures, places) every translation shows:
            // a change there may show in every language, whatever the translations' own fingerprints say.
            foreach (var (id, _) in _changedIn.Where(c => c.Locale == Locales.Source).ToList())
            {
                foreach (var locale in settings.Locales)
                {
                    _changedIn.Add((id, locale));
                    _changedLocales.Add(locale);
                }
            }

            var newCodes = codes.Any(c => !_previous.ShortLinks.ContainsKey(c.Key));
            if (changed.Count == 0 && !newCodes)
            {
                return new ExportReport(folder.Target, true, true, 0, 0, 0, 0, 0, 0, 0, [], clock.Elapsed);
            }
        }

        var reused = _incremental ? folder.ReuseOlder(_previousFolder) : null;
        _staging = reused?.Staging ?? folder.CreateStaging();
        if (reused is { } older)
        {
            foreach (var entry in older.Manifest.Entries.Where(e => e.File is not null && e.Hash is not null))
            {
                _reusedFiles[entry.File!] = (entry.Hash!, entry.Compressed);
            }
        }

        try
        {
            // Item pages and one-pagers show their own short link, made the first time the page is shown:
            // all missing ones are made here in one save, and all are remembered, so no page asks the database for one.
            phase = Stopwatch.GetTimestamp();
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ShortLinkService>().EnsureSiteLinksAsync(
                    _incremental ? siteLinks.Where(l => changed.Contains(l.ItemId)) : siteLinks, ct);
                // The links answered here without the pipeline: all of them in a full run; in an incremental one, those of
                // the changed items and the codes made since (any other code asked goes through the site, as it would anyway).
                var links = scope.ServiceProvider.GetRequiredService<Cms.Storage.CmsDbContext>().ShortLinks.AsNoTracking();
                if (_incremental)
                {
                    var changedIds = changed.ToList();
                    var newCodes = codes.Keys.Where(c => !_previous!.ShortLinks.ContainsKey(c)).ToList();
                    links = links.Where(l => changedIds.Contains(l.ItemId) || newCodes.Contains(l.Code));
                }

                _links = (await links.ToListAsync(ct)).Where(l => settings.Locales.Contains(l.Locale)).ToDictionary(l => l.Code, StringComparer.Ordinal);
            }

            Phase("3 site short links made in one batch", phase);
            phase = Stopwatch.GetTimestamp();
            List<string> start;
            if (_incremental)
            {
                start = [.. AlwaysAsked(_changedLocales, full: false)];
                foreach (var entry in _previous!.Entries)
                {
                    var asked = Affected(entry)
                        || (addedOrRemoved && entry.Status == 200 && (entry.Path.EndsWith('/') || entry.Path.Contains("?page=", StringComparison.Ordinal)));
                    if (asked)
                    {
                        start.Add(entry.Path);
                    }
                    else if (!entry.Path.StartsWith("/s/", StringComparison.Ordinal) || entry.Path.Count(c => c == '/') > 2)
                    {
                        _seen.TryAdd(entry.Path, 0); // known and unaffected: kept as it is, never asked again
                        _entries[entry.Path] = entry;
                    }
                }

                start.AddRange(pathToItem.Where(p => _changedIn.Contains((p.Value, p.Key[1..].Split('/', 2)[0]))).Select(p => p.Key));
            }
            else
            {
                start = [.. AlwaysAsked(settings.Locales, full: true), .. settings.Locales.SelectMany(l => new[] { $"/{l}/feed.xml", $"/{l}/press/feed.xml", $"/{l}/manifest.webmanifest", $"/{l}/search" }), "/sw.js", "/offline.js"];
            }

            // The retired addresses do not depend on the pages: read while the pages render (the run waited for them after).
            var retiredRead = Task.Run(() => RetiredPathsAsync(ct), ct);
            await CrawlAsync(OrderedForCrawl(start), ct);
            Phase("4 pages crawled and written", phase);
            phase = Stopwatch.GetTimestamp();

            // What no page links to: old slugs and retired items (each asked anew: few, and cheap), and
            // short links (only those of changed items and new ones; a code's target is its item's path).
            // The site's own links were made before the pages (3), but a page still makes its link when it has none:
            // codes made since the first read are added, never all of them read again.
            codes = await ShortCodesAsync(codes, ct);
            _retired = await retiredRead;
            // A short link's redirect is an entry "/s/CODE" (its images are below it). An incremental run asks again the
            // codes of changed items, new codes, and any the previous export has no redirect for; it keeps the others.
            var previousRedirects = _incremental
                ? _previous!.Entries.Where(e => e.Path.StartsWith("/s/", StringComparison.Ordinal) && e.Path.IndexOf('/', 3) < 0).ToDictionary(e => e.Path, StringComparer.Ordinal)
                : [];
            var shortPaths = codes.Where(c => !_incremental || changed.Contains(c.Value) || !_previous!.ShortLinks.ContainsKey(c.Key)
                    || !previousRedirects.ContainsKey("/s/" + c.Key))
                .Select(c => "/s/" + c.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var (path, entry) in previousRedirects)
            {
                if (!shortPaths.Contains(path))
                {
                    _seen.TryAdd(path, 0);
                    _entries[path] = entry;
                }
            }

            Phase("5a short codes and retired addresses read", phase);
            await CrawlAsync([.. _retired, .. shortPaths.Where(p => !_answered.ContainsKey(p)), .. NotFoundPages(settings.Locales)], ct);
            Phase("5 retired addresses, short links, 404 pages", phase);
            phase = Stopwatch.GetTimestamp();

            // Kept entries: their files come from the previous export as they are (link(2) calls, a few at a time:
            // tens of thousands in an incremental run, each waiting on its folder's lock, not on a core).
            var kept = _entries.Values.Where(e => e.File is not null && _stored.ContainsKey(e.Path) is false).ToList();
            Parallel.ForEach(kept, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, entry =>
            {
                if (!KeepFromPrevious(entry.File!, entry.Hash, entry.Compressed))
                {
                    throw new InvalidOperationException($"The previous export lacks {entry.File}; run export --full.");
                }

                Interlocked.Increment(ref _linked);
            });
            Phase("6 unchanged files hard-linked", phase);
            phase = Stopwatch.GetTimestamp();

            var entries = SortedEntries();
            Phase("6a entries sorted", phase);
            phase = Stopwatch.GetTimestamp();

            // Two independent writes into the staging folder, side by side on the cores.
            await Task.WhenAll(
                Task.Run(() =>
                {
                    var started = Stopwatch.GetTimestamp();
                    if (reused is not null)
                    {
                        RemoveWhatNoEntryHolds(entries);
                    }

                    Phase("6b files of the reused export no longer in it removed (in parallel)", started);
                }, ct),
                Task.Run(() =>
                {
                    var started = Stopwatch.GetTimestamp();
                    StaticServerConfig.Write(_staging, folder.Target, settings, entries, _incremental ? (_previousFolder!, _previous!.Entries) : null);
                    Phase("7 nginx maps and _redirects (in parallel)", started);
                }, ct));
            Phase("6-7 removed, maps written", phase);
            phase = Stopwatch.GetTimestamp();

            var removed = _previous?.Entries.Count(e => e.File is not null && !_entries.ContainsKey(e.Path)) ?? 0;
            var live = folder.Publish(_staging);
            Phase("8 switched in", phase);
            var untilLive = clock.Elapsed;

            // The manifest is the next run's record of this export, not part of the site: written into the live export
            // after the switch (tens of megabytes on a large site, a tenth of a second of a watched edit), in one
            // rename. Should the process stop before it, the live export has no manifest and the next run exports
            // everything again rather than trust an older record.
            phase = Stopwatch.GetTimestamp();
            new ExportManifest
            {
                BaseUrl = settings.BaseUrl,
                LiveUrl = settings.LiveUrl,
                Locales = [.. settings.Locales],
                Application = application,
                ExportedAt = DateTime.UtcNow,
                Items = items,
                ShortLinks = codes,
                LastShortLink = _lastCodeRead,
                Entries = entries,
            }.Write(live, live);
            Phase("9 manifest written (after the switch)", phase);
            phase = Stopwatch.GetTimestamp();
            folder.RemoveOlder(live, _previousFolder);
            Phase("9b older exports deleted (after the switch)", phase);
            return new ExportReport(
                folder.Target, _incremental, false,
                entries.Count(e => e.Status == 200 && e.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true),
                entries.Count(e => e.File is not null), _written, _linked, removed,
                entries.Count(e => e.Location is not null), entries.Count(e => e.Status is 404 or 410),
                [.. _broken.Order(StringComparer.Ordinal)], untilLive)
            {
            };
        }
        catch
        {
            ExportFolder.TryDelete(_staging);
            throw;
        }
    }

    /// <summary>
    /// Asked on every run that writes anything, in the languages that changed: what lists every item, or the
    /// newest ones whatever their links (home pages, the sitemap index with its dates, and the parts of the sitemaps
    /// and search indexes that hold the changed items). A language where nothing changed keeps its own.
    /// </summary>
    private IEnumerable<string> AlwaysAsked(IEnumerable<string> locales, bool full)
    {
        var changedLocales = settings.Locales.Where(locales.Contains).ToList();
        // The parts of the sitemaps and search indexes (one per language and type) of the changed items' types in
        // their languages: an added item is in no earlier part's links. An item no longer published has no type here,
        // so every part of its language is asked again.
        var types = services.GetRequiredService<ContentTypeRegistry>().WithPages.Select(t => t.Name).ToList();
        var parts = full
            ? changedLocales.SelectMany(l => types.Select(t => (Locale: l, Type: t)))
            : _changedIn.SelectMany(c => _itemTypes.TryGetValue(c.Id, out var type) ? [(c.Locale, Type: type)] : types.Select(t => (c.Locale, Type: t))).Distinct().ToList();
        var search = ExportedSearch.IsOn(services.GetRequiredService<IConfiguration>());
        IEnumerable<string> PartsOf(string locale, string type) =>
            search ? [Pages.SeoEndpoints.SitemapPath(locale, type), Pages.SearchModel.StaticIndexPath(locale, type)] : [Pages.SeoEndpoints.SitemapPath(locale, type)];
        return [.. FrontPages(changedLocales), .. parts.SelectMany(p => PartsOf(p.Locale, p.Type))];
    }

    /// <summary>What every run that writes asks in these languages, whatever changed: the home pages, robots.txt and the sitemap index.</summary>
    internal static IEnumerable<string> FrontPages(IEnumerable<string> locales) => ["/", "/robots.txt", "/sitemap.xml", .. locales.Select(l => $"/{l}/")];

    /// <summary>The 404 pages every run writes for the server block: the site's own and each language's.</summary>
    internal static IEnumerable<string> NotFoundPages(IEnumerable<string> locales) => ["/404", .. locales.Select(l => $"/{l}/404")];

    /// <summary>
    /// The first addresses of a crawl, the longest to answer first: a language's search index part and sitemap part
    /// list a whole type (a tenth of a second or more at 1,600 items, against a few milliseconds for a page), and a
    /// watched edit waits for its slowest request, so these start while the workers are free, not behind the pages.
    /// </summary>
    private static IEnumerable<string> OrderedForCrawl(IEnumerable<string> start) =>
        start.OrderBy(path => path.Contains("/search-index/", StringComparison.Ordinal) ? 0
            : path.StartsWith("/sitemaps/", StringComparison.Ordinal) ? 1
            : path == "/sitemap.xml" ? 2
            : 3);

    /// <summary>(item, language) pairs whose fingerprint changed since the previous export, and their languages.</summary>
    private readonly HashSet<(long Id, string Locale)> _changedIn = [];
    private readonly HashSet<string> _changedLocales = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a page of the previous export shows an item that changed in the page's language: a page under
    /// /{locale}/ (or a part of a language's sitemap, /sitemaps/{locale}/{part}.xml) shows its items in that language only (their fingerprint there
    /// covers the fallback, the alternates' addresses and the corrections); a page of no language (the short
    /// links' QR images, /sitemap.xml) is asked again when any of its items changed at all.
    /// </summary>
    private bool Affected(ExportEntry entry)
    {
        if (entry.Refs is not { Length: > 0 } refs)
        {
            return false;
        }

        var first = entry.Path.Length > 1 ? entry.Path[1..].Split('/', 2)[0] : "";
        var locale = Locales.All.Contains(first) ? first
            : first == "sitemaps" && entry.Path.Split('/') is [_, _, var sitemapLocale, _] ? sitemapLocale : null;
        return locale is null || !Locales.All.Contains(locale)
            ? refs.Any(r => _changedIn.Any(c => c.Id == r))
            : refs.Any(r => _changedIn.Contains((r, locale)));
    }

    private async Task CrawlAsync(IEnumerable<string> start, CancellationToken ct)
    {
        var queue = Channel.CreateUnbounded<string>();
        var pending = 0;
        void Enqueue(string path)
        {
            if (_seen.TryAdd(path, 0))
            {
                Interlocked.Increment(ref pending);
                queue.Writer.TryWrite(path);
            }
        }

        foreach (var path in start.Distinct(StringComparer.Ordinal))
        {
            _seen.TryRemove(path, out _); // asked again on purpose (an incremental run's affected pages), once
            Enqueue(path);
        }

        if (Volatile.Read(ref pending) == 0)
        {
            return;
        }

        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            await foreach (var path in queue.Reader.ReadAllAsync(ct))
            {
                try
                {
                    foreach (var link in await ExportOneAsync(path, ct))
                    {
                        Enqueue(link);
                    }
                }
                catch
                {
                    queue.Writer.TryComplete();
                    throw;
                }
                finally
                {
                    if (Interlocked.Decrement(ref pending) == 0)
                    {
                        queue.Writer.TryComplete();
                    }
                }
            }
        }, ct)).ToList();
        await Task.WhenAll(workers);
    }

    /// <summary>The run's address tables, empty, each with room for <paramref name="capacity"/> addresses (before any is added).</summary>
    private void Presize(int capacity)
    {
        _entries = new(Environment.ProcessorCount, capacity, StringComparer.Ordinal);
        _seen = new(Environment.ProcessorCount, capacity, StringComparer.Ordinal);
        _stored = new(Environment.ProcessorCount, capacity, StringComparer.Ordinal);
        _answered = new(Environment.ProcessorCount, capacity, StringComparer.Ordinal);
    }

    /// <summary>Asks the site for one address, stores what it answered, and returns the addresses it links to.</summary>
    private async Task<List<string>> ExportOneAsync(string path, CancellationToken ct)
    {
        _answered[path] = 0;
        var started = Stopwatch.GetTimestamp();
        if (ShortLinkDirectly(path) is { } answered)
        {
            Timings.AddOrUpdate(answered.Kind, _ => (1, Stopwatch.GetElapsedTime(started)), (_, t) => (t.Count + 1, t.Time + Stopwatch.GetElapsedTime(started)));
            return answered.Links;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await client.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var kind = (response.Content.Headers.ContentType?.MediaType ?? "none") + " " + (int)response.StatusCode;
        Timings.AddOrUpdate(kind, _ => (1, Stopwatch.GetElapsedTime(started)), (_, t) => (t.Count + 1, t.Time + Stopwatch.GetElapsedTime(started)));
        var status = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType?.ToString();
        if (status is 301 or 302 or 307 or 308 && response.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri ? location.ToString() : location.OriginalString;
            _entries[path] = new ExportEntry(path, status == 302 ? 302 : 301, null, null, null, target, false, null);
            return Normalize(path, target) is { } next && !IsLiveOnly(next) ? [StripTracking(next)] : [];
        }

        var isStatusProbe = path == "/404" || path.EndsWith("/404", StringComparison.Ordinal) && path.Count(c => c == '/') == 2;
        if (status is 404 or 410 && (isStatusProbe || _retired.Contains(path)))
        {
            var file = isStatusProbe ? $"_status/404{(path.Length > 4 ? "." + path[1..^4] : "")}.html" : "_status/" + status.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + ExportFiles.FileFor(path);
            Store(path, status, file, contentType, bytes, refs: null);
            return [];
        }

        if (status != 200)
        {
            _broken.Add($"{path} ({status})");
            return [];
        }

        if (ExportFiles.FileFor(path) is not { } name)
        {
            _broken.Add($"{path} (no safe file name)");
            return [];
        }

        var reading = Stopwatch.GetTimestamp();
        var links = ExportFiles.IsText(contentType) && !(_incremental && ListsKnownPages(path)) ? Links(path, contentType!, bytes) : [];
        var byPath = _pathToItem.GetAlternateLookup<ReadOnlySpan<char>>();
        var refs = links.Append(path).Select(l => byPath.TryGetValue(l.AsSpan(0, l.IndexOf('?') is var q and >= 0 ? q : l.Length), out var id) ? id : 0)
            .Where(id => id != 0).Distinct().Order().ToArray();
        Phase("  (workers) links read from pages", reading);
        Store(path, 200, name, contentType, bytes, refs.Length > 0 ? refs : null);
        return links.Where(l => !IsLiveOnly(l) && InScope(l)).ToList();
    }

    /// <summary>
    /// Whether a page only lists pages an incremental run knows already: the sitemaps and the static search index list
    /// items' pages, each either kept from the previous export or asked for as a changed item's. Their thousands of
    /// links are read in a full run, where they are how the items are found, and not again for each edit.
    /// </summary>
    private static bool ListsKnownPages(string path) =>
        path == "/sitemap.xml" || path.StartsWith("/sitemaps/", StringComparison.Ordinal) || path.Contains("/search-index/", StringComparison.Ordinal);

    /// <summary>
    /// A short link's redirect and QR images, answered with the very functions its endpoints call
    /// (<see cref="ShortLinkService.CampaignTarget"/>, <see cref="ShortLinkService.QrSvg"/>, <see cref="ShortLinkService.QrPng"/>)
    /// instead of through the pipeline: one of each per item and language, they were half the requests of
    /// an export, each a database query for what is already in memory here. Null (ask the site) for
    /// anything else, a code in other letters than its own, or a link whose item is not published in its language.
    /// </summary>
    private (string Kind, List<string> Links)? ShortLinkDirectly(string path)
    {
        if (!path.StartsWith("/s/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[3..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (!_links.TryGetValue(slash < 0 ? rest : rest[..slash], out var link))
        {
            return null;
        }

        if (slash < 0)
        {
            if (!_itemPaths.TryGetValue((link.ItemId, link.Locale), out var itemPath))
            {
                return null;
            }

            var target = ShortLinkService.CampaignTarget(itemPath, link);
            _entries[path] = new ExportEntry(path, 301, null, null, null, target, false, null);
            return ("301 (short link, direct)", Normalize(path, target) is { } next && !IsLiveOnly(next) ? [StripTracking(next)] : []);
        }

        // The image of a code is a function of the printed address (base URL and code) and of this build:
        // the previous export's file is the very same bytes, so it is linked instead of drawn again.
        if (_sameBuildAndBase && ExportFiles.FileFor(path) is { } previousFile && PreviousEntry(path) is { Status: 200, Hash: not null } before
            && before.File == previousFile && KeepFromPrevious(previousFile, before.Hash, before.Compressed))
        {
            _stored[path] = 0;
            _entries[path] = before;
            Interlocked.Increment(ref _linked);
            return ("QR image linked from the previous export", []);
        }

        var image = rest[(slash + 1)..];
        if (image is not ("qr.svg" or "qr.png") || ExportFiles.FileFor(path) is null)
        {
            return null;
        }

        // Both images of a code from one matrix, by whichever of its two requests comes first: it claims the other image
        // as well when a page links it (the share panel links both, a one-pager only the SVG), and the other request finds
        // its image claimed and returns. (The two requests waiting on one shared Lazy spun on its lock: one in twenty of a
        // full export's CPU samples at 4,800 items.)
        if (!_qrClaimed.TryAdd(path, 0))
        {
            return ("QR image drawn with the other one (direct)", []);
        }

        var other = path[..^image.Length] + (image == "qr.svg" ? "qr.png" : "qr.svg");
        var both = _seen.ContainsKey(other) && !_stored.ContainsKey(other) && _qrClaimed.TryAdd(other, 0);
        var (svg, png) = QrImages.Draw(ShortLinkService.PrintedUrl(settings.BaseUrl, link.Code), svg: both || image == "qr.svg", png: both || image == "qr.png");
        var (svgPath, pngPath) = image == "qr.svg" ? (path, other) : (other, path);
        if (svg is not null)
        {
            Store(svgPath, 200, ExportFiles.FileFor(svgPath)!, "image/svg+xml", svg, refs: null);
        }

        if (png is not null)
        {
            Store(pngPath, 200, ExportFiles.FileFor(pngPath)!, "image/png", png, refs: null);
        }

        return (both ? "QR images, SVG and PNG (direct)" : (image == "qr.svg" ? "image/svg+xml" : "image/png") + " 200 (QR, direct)", []);
    }

    /// <summary>The QR images (by address) one request has taken to draw: each is drawn and stored once.</summary>
    private readonly ConcurrentDictionary<string, byte> _qrClaimed = new(StringComparer.Ordinal);

    private void Store(string path, int status, string file, string? contentType, byte[] bytes, long[]? refs)
    {
        var started = Stopwatch.GetTimestamp();
        _stored[path] = 0;
        var hash = ExportFiles.Hash(bytes);
        var compress = ExportFiles.IsText(contentType);
        var before = _previous?.Entries is { } previousEntries ? PreviousEntry(path) : null;
        if (before is not null && before.Hash == hash && before.File == file && before.Compressed == compress && KeepFromPrevious(file, hash, compress))
        {
            Interlocked.Increment(ref _linked);
        }
        else if (_reusedFiles.TryGetValue(file, out var there) && there == (hash, compress))
        {
            Interlocked.Increment(ref _linked); // the reused export holds these very bytes already
        }
        else
        {
            if (failAfterFiles is { } limit && Interlocked.Increment(ref _written) > limit)
            {
                throw new InvalidOperationException("Injected failure (Export:FailAfterFiles): the export stops half-written.");
            }

            if (failAfterFiles is null)
            {
                Interlocked.Increment(ref _written);
            }

            ExportFiles.Write(_staging, file, bytes, compress, _folders);
            WrittenFiles.Add(file);
        }

        _entries[path] = new ExportEntry(path, status, file, hash, contentType, null, compress, refs);
        Phase("  (workers) hashed, compressed and written", started);
    }

    /// <summary>The files of the older export this run brings up to date (<see cref="ExportFolder.ReuseOlder"/>), with their hashes; empty when it starts from an empty folder.</summary>
    private readonly Dictionary<string, (string Hash, bool Compressed)> _reusedFiles = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes the staging folder hold the previous export's file (and its .br/.gz): nothing to do when a reused
    /// export already holds the same bytes under that name, else a hard link from the previous export (replacing
    /// whatever the reused export had there). False when the previous export lacks it.
    /// </summary>
    private bool KeepFromPrevious(string file, string? hash, bool compressed) =>
        (hash is not null && _reusedFiles.TryGetValue(file, out var there) && there == (hash, compressed))
        || (_previousFolder is not null && ExportFiles.TryLink(_previousFolder, _staging, file, compressed, _folders));

    /// <summary>
    /// A reused export's files that no entry of this run holds (a trashed item's pages, a .br/.gz of a file that
    /// is no longer text): deleted, so the folder holds exactly what its manifest says, as a new one would.
    /// </summary>
    private void RemoveWhatNoEntryHolds(List<ExportEntry> entries)
    {
        // File → whether its .br and .gz are held too: no name is built for the tens of thousands of files kept.
        var held = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.File is not null))
        {
            held[entry.File!] = entry.Compressed;
        }

        foreach (var (file, (_, compressed)) in _reusedFiles)
        {
            var kept = held.TryGetValue(file, out var keptCompressed);
            if (!kept)
            {
                File.Delete(ExportFiles.Inside(_staging, file));
            }

            if (compressed && !(kept && keptCompressed))
            {
                File.Delete(ExportFiles.Inside(_staging, file + ".br"));
                File.Delete(ExportFiles.Inside(_staging, file + ".gz"));
            }
        }
    }

    /// <summary>
    /// This run's entries in the order of their addresses (the manifest's order). An incremental run keeps most of the
    /// previous export's entries, which are in that order already: they are walked in order, and only the addresses new
    /// in this run (among those it asked the site for: every other entry is the previous export's) are sorted and merged
    /// in, instead of sorting the tens of thousands of addresses again.
    /// </summary>
    private List<ExportEntry> SortedEntries()
    {
        var previous = _previous is { } manifest && manifest.InPathOrder() ? manifest.Entries : [];
        var fresh = (previous.Count == 0 ? _entries.Keys : _answered.Keys.Where(path => _entries.ContainsKey(path) && PreviousEntry(path) is null))
            .Order(StringComparer.Ordinal).ToList();
        var sorted = new List<ExportEntry>(_entries.Count);
        var next = 0;
        foreach (var before in previous)
        {
            while (next < fresh.Count && string.CompareOrdinal(fresh[next], before.Path) < 0)
            {
                sorted.Add(_entries[fresh[next++]]);
            }

            if (_entries.TryGetValue(before.Path, out var now))
            {
                sorted.Add(now);
            }
        }

        sorted.AddRange(fresh.Skip(next).Select(path => _entries[path]));
        return sorted;
    }

    private ExportEntry? PreviousEntry(string path) => _previous?.Find(path);

    private bool InScope(string pathAndQuery)
    {
        var path = pathAndQuery.Split('?', 2)[0];
        if (Skipped.Any(s => path.StartsWith(s, StringComparison.Ordinal)) || path.Contains("/preview/", StringComparison.Ordinal))
        {
            return false;
        }

        var first = path.Length > 1 ? path[1..].Split('/')[0] : "";
        return !Locales.All.Contains(first) || settings.Locales.Contains(first);
    }

    [GeneratedRegex("""(?:href|src|poster)\s*=\s*"([^"]*)"|content\s*=\s*"((?:https?:)?/[^"]*)"|srcset\s*=\s*"([^"]*)"|<loc>([^<]*)</loc>|url\(\s*['"]?([^'")\s]+)|"(?:src|start_url)"\s*:\s*"([^"]+)"|['"](/[A-Za-z0-9_./-]+\.(?:js|css|svg|png|webmanifest))['"]""")]
    private static partial Regex LinkPattern();

    private List<string> Links(string from, string contentType, byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var found = new List<string>();
        var page = PageUri(from); // once per page, not once per link (a sitemap has 30,000 of them)
        foreach (Match match in LinkPattern().Matches(text))
        {
            if (match.Groups[3].Success)
            {
                foreach (var candidate in match.Groups[3].Value.Split(','))
                {
                    Add(candidate.Trim().Split(' ')[0]);
                }
            }
            else
            {
                Add(match.Groups.Values.Skip(1).First(g => g.Success).Value);
            }
        }

        return found;

        void Add(string href)
        {
            if (Normalize(page, WebUtility.HtmlDecode(href)) is { } path)
            {
                found.Add(StripTracking(path));
            }
        }
    }

    /// <summary>A link as a path and query of this site, or null for another site, a fragment, mailto: and the like.</summary>
    private string? Normalize(string from, string href) => Normalize(PageUri(from), href);

    internal static Uri PageUri(string from) => new("http://export.invalid" + from);

    private string? Normalize(Uri from, string href)
    {
        if (href.Length == 0 || href.StartsWith('#') || href.StartsWith("data:", StringComparison.Ordinal))
        {
            return null;
        }

        if (href.StartsWith(settings.BaseUrl, StringComparison.Ordinal))
        {
            href = href[settings.BaseUrl.Length..];
            if (href.Length == 0)
            {
                href = "/";
            }
        }

        return PlainPath(href) ?? UriPath(from, href);
    }

    /// <summary>A link resolved against its page as a Uri: its path unescaped, and its query unless it names a file.</summary>
    internal static string? UriPath(Uri from, string href)
    {
        if (!Uri.TryCreate(from, href, out var uri) || uri.Host != "export.invalid")
        {
            return null;
        }

        // A file's query (a QR image's ?download=1) changes a header, not the bytes: the file is the one without it.
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        return path[(path.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal) ? path : path + uri.Query;
    }

    private static readonly SearchValues<char> PlainLinkCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./?=&");

    /// <summary>
    /// An absolute path in plain letters, digits and <c>-_./?=&amp;</c>, with no "//" and no segment starting with a dot
    /// (so no "." or ".."), as <see cref="UriPath"/> gives it without parsing a Uri: the site's own links are nearly all
    /// like that, and a page has a hundred of them (reading links was a twentieth of a full export's CPU). Null for
    /// anything else, which goes through Uri. A test holds the two ways together.
    /// </summary>
    internal static string? PlainPath(string href)
    {
        if (href.Length == 0 || href[0] != '/' || href.AsSpan().ContainsAnyExcept(PlainLinkCharacters)
            || href.Contains("//", StringComparison.Ordinal) || href.Contains("/.", StringComparison.Ordinal))
        {
            return null;
        }

        var query = href.IndexOf('?', StringComparison.Ordinal);
        if (query == href.Length - 1 || (query >= 0 && href.IndexOf('?', query + 1) >= 0))
        {
            return null;
        }

        var path = query < 0 ? href : href[..query];
        return path[(path.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal) ? path : href;
    }

    /// <summary>Campaign parameters (utm_*) change no page; the static page is the one without them.</summary>
    private static string StripTracking(string path)
    {
        if (!path.Contains('?', StringComparison.Ordinal))
        {
            return path;
        }

        var (bare, query) = (path[..path.IndexOf('?', StringComparison.Ordinal)], path[(path.IndexOf('?', StringComparison.Ordinal) + 1)..]);
        var kept = query.Split('&').Where(p => p.Length > 0 && !p.StartsWith("utm_", StringComparison.Ordinal)).ToList();
        return kept.Count == 0 ? bare : bare + "?" + string.Join('&', kept);
    }

    private HashSet<string> _retired = [];

    /// <summary>Old slugs and unpublished or trashed items' addresses, in every language whose fallback chain reaches them.</summary>
    private async Task<HashSet<string>> RetiredPathsAsync(CancellationToken ct)
    {
        var delivery = services.GetRequiredService<ContentDeliveryService>();
        var types = services.GetRequiredService<ContentTypeRegistry>();
        var fallbacks = services.GetRequiredService<FallbackChains>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slug in await delivery.RetiredSlugsAsync(ct))
        {
            if (types.Find(slug.Type) is not { PublicPath: not null } type)
            {
                continue;
            }

            foreach (var locale in settings.Locales.Where(l => fallbacks.For(l).Contains(slug.Locale)))
            {
                var parentField = type.PublicPath.Split('/').Select(s => s.Trim('{', '}')).FirstOrDefault(s => s != "slug" && type.FieldsByName.TryGetValue(s, out var f) && f.Kind == FieldKind.Ref);
                string? parentSlug = null;
                if (parentField is not null)
                {
                    parentSlug = slug.Scope.Length > 0 && await delivery.GetByKeyAsync(locale, type.FieldsByName[parentField].RefType!, slug.Scope, ct) is { } parent ? parent.Slug : null;
                    if (parentSlug is null)
                    {
                        continue;
                    }
                }

                var path = new ItemPath(type, slug.Slug, parentSlug, parentField).Build(locale);
                if (!_pathToItem.ContainsKey(path))
                {
                    paths.Add(path);
                }
            }
        }

        return paths;
    }

    /// <summary>The short codes of the exported languages (code → item), those made since the last read added to <paramref name="known"/>.</summary>
    private async Task<Dictionary<string, long>> ShortCodesAsync(Dictionary<string, long>? known, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<ShortLinkService>().AllCodesAsync(_lastCodeRead, ct);
        var codes = known ?? new Dictionary<string, long>(added.Count, StringComparer.Ordinal);
        foreach (var code in added)
        {
            _lastCodeRead = Math.Max(_lastCodeRead, code.Id);
            if (settings.Locales.Contains(code.Locale))
            {
                codes[code.Code] = code.ItemId;
            }
        }

        return codes;
    }

    private long _lastCodeRead;

    /// <summary>
    /// Each item in each exported language as the delivery shows it now: what a page that shows or
    /// links to the item depends on. The delivery's UpdatedAt is the published revision's time, so a
    /// publish, a correction, an unpublish or a slug change all change the fingerprint.
    /// </summary>
    private async Task<(Dictionary<string, string> Items, Dictionary<string, long> PathToItem, List<SiteLinkRequest> SiteLinks)> ItemFingerprintsAsync(CancellationToken ct)
    {
        var delivery = services.GetRequiredService<IContentDelivery>();
        var types = services.GetRequiredService<ContentTypeRegistry>();
        // One type per task, all its languages at once, its fingerprints made in the same task: the run's first work,
        // before any page is asked for, so only this keeps the second core busy (made in one loop after, the strings
        // took twice as long as the delivery's part). An item's addresses in every language (its alternates) are built
        // once, and its versions come one after the other sharing them: joined once per item.
        var started = Stopwatch.GetTimestamp();
        var byType = await Task.WhenAll(types.All.Select(type => Task.Run(async () =>
        {
            var versions = await delivery.ShownVersionsAsync(type.Name, settings.Locales, ct);
            var made = new List<Fingerprinted>(versions.Count);
            IReadOnlyList<Alternate>? lastAlternates = null;
            var alternates = "";
            foreach (var item in versions)
            {
                if (!ReferenceEquals(item.Alternates, lastAlternates))
                {
                    (lastAlternates, alternates) = (item.Alternates, string.Join(',', item.Alternates.Select(a => a.Path)));
                }

                made.Add(new Fingerprinted(
                    item,
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{item.Id}:{item.Locale}"),
                    string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{item.Path}|{item.UpdatedAt.Ticks}|{item.ResolvedLocale}|{item.IsOutdated}|{item.TranslationFollows}|{item.Corrections}|{alternates}"),
                    type.Printable && item.Path is not null ? Pages.Handouts.PrintPath(item.Locale, item.Path) : null));
            }

            return made;
        }, ct)));
        Phase("1a versions shown in each language and their fingerprints", started);
        var count = byType.Sum(made => made.Count);
        var siteLinks = new List<SiteLinkRequest>(count * 2);
        var items = new Dictionary<string, string>(count, StringComparer.Ordinal);
        var paths = new Dictionary<string, long>(count * 2, StringComparer.Ordinal);
        _itemPaths.EnsureCapacity(count);
        _itemTypes.EnsureCapacity(count);
        foreach (var (item, key, fingerprint, printPath) in byType.SelectMany(made => made))
        {
            _itemTypes[item.Id] = item.Type;
            items[key] = fingerprint;
            if (item.Path is not null)
            {
                paths[item.Path] = item.Id;
                _itemPaths[(item.Id, item.Locale)] = item.Path;
                siteLinks.Add(new SiteLinkRequest(item.Id, item.Locale, Pages.SharePanel.ShareCampaign, "qr"));
                if (printPath is not null)
                {
                    paths[printPath] = item.Id;
                    siteLinks.Add(new SiteLinkRequest(item.Id, item.Locale, Pages.SharePanel.PrintCampaign, "print"));
                }
            }
        }

        return (items, paths, siteLinks);
    }

    /// <summary>One version's fingerprint ("id:locale" → what its pages depend on) and, for a printable type, its one-pager's address.</summary>
    private sealed record Fingerprinted(ShownVersion Item, string Key, string Fingerprint, string? PrintPath);

    private static string ApplicationFingerprint() =>
        string.Join('+', typeof(SiteExporter).Assembly.ManifestModule.ModuleVersionId, typeof(IContentDelivery).Assembly.ManifestModule.ModuleVersionId);
}
