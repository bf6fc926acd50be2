using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Search;

public sealed record SearchRequest(string Locale, string? Query, string? Type = null, string? Section = null, int Page = 1, int PageSize = 20);

/// <summary>One result: the item as delivered in the visitor's locale (or marked fallback) and an HTML snippet with the matches in &lt;mark&gt;.</summary>
/// <summary>Which index answers: the node's in-memory one once built (Auto), or one of them by name (the benchmark and tests compare them).</summary>
public enum SearchEngine
{
    Auto,
    Database,
    Lucene,
}

public sealed record SearchResult(DeliveredItem Item, string SnippetHtml, double Score);

public sealed record SearchResults(
    string Query,
    IReadOnlyList<SearchResult> Items,
    int Page,
    int PageSize,
    int TotalItems,
    IReadOnlyDictionary<string, int> Types,
    IReadOnlyDictionary<string, int> Sections)
{
    public int TotalPages => TotalItems == 0 ? 0 : (TotalItems + PageSize - 1) / PageSize;
}

/// <summary>
/// Search across all types in one language: the database index finds and ranks, the delivery
/// snapshot decides what may be shown (so an unpublished or trashed item never appears, even for
/// an instant), results in the visitor's own language come first, then fallback-language ones.
/// </summary>
public sealed class ContentSearch(IServiceScopeFactory scopes, SearchIndex index, LuceneSearchIndex memory, IContentDelivery delivery, FallbackChains fallbacks, TimeProvider clock, Microsoft.Extensions.Options.IOptions<CmsOptions> options)
{
    private const int MaxHits = 1000;

    /// <summary>
    /// How long a search waits for the first in-memory build before the database answers it: the
    /// sample site builds in well under a second, 50,000 documents take seconds.
    /// </summary>
    private static readonly TimeSpan FirstBuildWait = TimeSpan.FromSeconds(2);

    /// <summary>Escapes only what HTML needs (&lt; &gt; &amp; quotes), not every accented letter.</summary>
    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>The facet of items outside every section (the site's own pages): they still count, under this name.</summary>
    public const string OtherPages = "pages";

    public static string SectionOf(ContentTypeDefinition type) => type.Section ?? OtherPages;

    public Task<SearchResults> SearchAsync(SearchRequest request, ContentTypeRegistry types, CancellationToken ct = default) =>
        SearchAsync(request, types, SearchEngine.Auto, ct);

    public async Task<SearchResults> SearchAsync(SearchRequest request, ContentTypeRegistry types, SearchEngine engine, CancellationToken ct = default)
    {
        var query = request.Query?.Trim() ?? "";
        var terms = SearchText.Terms(query);
        var pageSize = Math.Clamp(request.PageSize, 1, 100);
        var page = Math.Clamp(request.Page, 1, 10_000);
        if (terms.Count == 0)
        {
            return new SearchResults(query, [], page, pageSize, 0, new Dictionary<string, int>(), new Dictionary<string, int>());
        }

        var (hits, snapshot) = await HitsAsync(request.Locale, terms, engine, ct);
        var now = clock.GetUtcNow().UtcDateTime;

        // The best row of each item: its row in the visitor's language wins over a better-scored
        // fallback row. Kept in the order items first appear, which breaks the last ties as before.
        var best = new Dictionary<long, int>();
        var candidates = new List<Candidate>();
        foreach (var hit in hits)
        {
            if (!best.TryGetValue(hit.ItemId, out var at))
            {
                best[hit.ItemId] = candidates.Count;
                candidates.Add(new Candidate(hit.ItemId, hit.Locale == request.Locale, hit.Score, candidates.Count));
            }
            else if (Better(hit, candidates[at], request.Locale))
            {
                candidates[at] = candidates[at] with { OwnLanguage = hit.Locale == request.Locale, Score = hit.Score };
            }
        }

        // What every hit needs for ranking and facets (its type, whether it shows in the visitor's
        // language, whether it has a page) comes from dictionary lookups in the published snapshot; the
        // title, only for breaking ties, is read for the page shown (and the ties around it); the items
        // themselves are delivered for that page only. Headlines of all up to 1,000 hits (title, path
        // built from templates) used to cost as much as the index query itself.
        var ranked = await RankAsync(request.Locale, candidates, snapshot, now, types, ct);
        var typeFacets = ranked.GroupBy(r => r.Type.Name).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var sectionFacets = ranked.GroupBy(r => SectionOf(r.Type)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var filtered = ranked
            .Where(r => request.Type is null || r.Type.Name == request.Type)
            .Where(r => request.Section is null || SectionOf(r.Type) == request.Section)
            .ToList();
        var shown = new List<SearchResult>(pageSize);
        foreach (var entry in await PageAsync(request.Locale, filtered, (page - 1) * pageSize, pageSize, ct))
        {
            // Null only if the item went offline since the index query (a publish in between): left out.
            if (await delivery.GetByIdAsync(request.Locale, entry.Id, ct) is { Path: not null } item)
            {
                shown.Add(new SearchResult(item, Snippet(item, terms), entry.Score));
            }
        }

        return new SearchResults(query, shown, page, pageSize, filtered.Count, typeFacets, sectionFacets);
    }

    /// <summary>A hit item: whether its best row is in the visitor's language, its score, and when it first appeared among the hits.</summary>
    private readonly record struct Candidate(long Id, bool OwnLanguage, double Score, int Seen);

    /// <summary>A hit item that has a page: ranked by language shown, then score, then (for the page only) title.</summary>
    private readonly record struct Ranked(long Id, ContentTypeDefinition Type, bool IsFallback, double Score, int Seen);

    /// <summary>
    /// The hits that have a page, in the order of the results except among items of equal language and
    /// score (<see cref="PageAsync"/> orders those by title). Without a snapshot (a delivery other than the
    /// site's), every hit's headline is asked for instead.
    /// </summary>
    private async Task<List<Ranked>> RankAsync(string locale, List<Candidate> candidates, PublishedSnapshot? snapshot, DateTime now, ContentTypeRegistry types, CancellationToken ct)
    {
        var ranked = new List<Ranked>(candidates.Count);
        if (snapshot is null || delivery is not ContentDeliveryService live)
        {
            var byId = candidates.ToDictionary(c => c.Id);
            foreach (var headline in await delivery.GetHeadlinesAsync(locale, byId.Keys, ct))
            {
                if (headline.Path is not null && types.Find(headline.Type) is { } type)
                {
                    var c = byId[headline.Id];
                    ranked.Add(new Ranked(c.Id, type, headline.IsFallback, c.Score, c.Seen));
                }
            }
        }
        else
        {
            // As the delivery resolves them (the visitor's language if live now, else the first live fallback; a
            // parent in the path must be live too), from the snapshot's dictionaries.
            foreach (var c in candidates)
            {
                if (live.PageFacts(snapshot, c.Id, locale, now) is { } facts)
                {
                    ranked.Add(new Ranked(c.Id, facts.Type, facts.IsFallback, c.Score, c.Seen));
                }
            }
        }

        ranked.Sort(static (a, b) => a.IsFallback != b.IsFallback ? a.IsFallback.CompareTo(b.IsFallback) : a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Seen.CompareTo(b.Seen));
        return ranked;
    }

    /// <summary>
    /// The page of <paramref name="ranked"/> starting at <paramref name="skip"/>: items of equal language
    /// and score go by title (then by first appearance), so only the titles of the page and of the ties
    /// that straddle its edges are read.
    /// </summary>
    private async Task<IEnumerable<Ranked>> PageAsync(string locale, List<Ranked> ranked, int skip, int take, CancellationToken ct)
    {
        if (skip >= ranked.Count)
        {
            return [];
        }

        static bool Tied(Ranked a, Ranked b) => a.IsFallback == b.IsFallback && a.Score == b.Score;
        var from = skip;
        while (from > 0 && Tied(ranked[from - 1], ranked[skip]))
        {
            from--;
        }

        var last = Math.Min(ranked.Count, skip + take) - 1;
        var to = last;
        while (to + 1 < ranked.Count && Tied(ranked[to + 1], ranked[last]))
        {
            to++;
        }

        var window = ranked.GetRange(from, to - from + 1);
        var titles = (await delivery.GetHeadlinesAsync(locale, window.Select(r => r.Id), ct)).ToDictionary(h => h.Id, h => h.Title);
        return window
            .OrderBy(r => r.IsFallback).ThenByDescending(r => r.Score)
            .ThenBy(r => titles.GetValueOrDefault(r.Id) ?? "", StringComparer.Ordinal).ThenBy(r => r.Seen)
            .Skip(skip - from).Take(take);
    }

    /// <summary>
    /// The index query, on the in-memory index when it holds the snapshot being shown (a change is
    /// applied first: only the items that changed, milliseconds), else on the database's.
    /// </summary>
    private async Task<(IReadOnlyList<SearchHit> Hits, PublishedSnapshot? Snapshot)> HitsAsync(string locale, IReadOnlyList<SearchTerm> terms, SearchEngine engine, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (delivery is not ContentDeliveryService live)
        {
            await using var own = scopes.CreateAsyncScope();
            return (await index.QueryAsync(own.ServiceProvider.GetRequiredService<CmsDbContext>(), fallbacks.For(locale), terms, now, MaxHits, ct), null);
        }

        var snapshot = await live.SnapshotAsync(ct);
        if (engine == SearchEngine.Lucene || (engine == SearchEngine.Auto && options.Value.SearchInMemory))
        {
            var catchUp = memory.CatchUpAsync(snapshot);
            if (engine == SearchEngine.Lucene || memory.IsBuilt)
            {
                await catchUp.WaitAsync(ct);
            }
            else
            {
                try
                {
                    await catchUp.WaitAsync(FirstBuildWait, ct);
                }
                catch (TimeoutException)
                {
                    // still building: the database answers meanwhile
                }
            }

            if (memory.IsCurrent(snapshot))
            {
                return (memory.Query(fallbacks.For(locale), terms, now, MaxHits), snapshot);
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return (await index.QueryAsync(db, fallbacks.For(locale), terms, now, MaxHits, ct), snapshot);
    }

    private static bool Better(SearchHit hit, Candidate kept, string locale) =>
        (hit.Locale == locale) != kept.OwnLanguage ? hit.Locale == locale : hit.Score > kept.Score;

    /// <summary>About 200 characters of the item's text around the first match, HTML-encoded, matches in &lt;mark&gt;.</summary>
    public static string Snippet(DeliveredItem item, IReadOnlyList<SearchTerm> terms)
    {
        var text = string.Join(" · ", new[] { item.Summary, MarkdownRenderer.ToPlainText(item.Fields["body"]?.GetValue<string>()) }.Where(t => !string.IsNullOrWhiteSpace(t)));
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return "";
        }

        // Fold the text rune by rune, remembering where each folded character came from.
        var folded = new StringBuilder(text.Length);
        var origin = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length;)
        {
            var rune = System.Text.Rune.GetRuneAt(text, i);
            foreach (var c in SearchText.Fold(rune))
            {
                folded.Append(c);
                origin.Add(i);
            }

            i += rune.Utf16SequenceLength;
        }

        origin.Add(text.Length);
        var haystack = folded.ToString();
        var ranges = new List<(int Start, int End)>();
        foreach (var term in terms)
        {
            for (var at = haystack.IndexOf(term.Token, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(term.Token, at + term.Token.Length, StringComparison.Ordinal))
            {
                ranges.Add((origin[at], origin[at + term.Token.Length]));
            }
        }

        ranges = [.. ranges.OrderBy(r => r.Start)];
        var first = ranges.Count > 0 ? ranges[0].Start : 0;
        var start = Math.Max(0, first - 60);
        var end = Math.Min(text.Length, start + 200);
        var html = new StringBuilder(start > 0 ? "…" : "");
        var cursor = start;
        foreach (var (from, to) in ranges.Where(r => r.Start >= cursor && r.End <= end))
        {
            html.Append(Html.Encode(text[cursor..from])).Append("<mark>").Append(Html.Encode(text[from..to])).Append("</mark>");
            cursor = to;
        }

        html.Append(Html.Encode(text[cursor..end]));
        if (end < text.Length)
        {
            html.Append('…');
        }

        return html.ToString();
    }
}
