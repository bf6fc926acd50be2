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

        var hits = await HitsAsync(request.Locale, terms, engine, ct);

        // Two stages: every hit is ranked, counted and faceted from its headline (type, language shown,
        // title, path: dictionary lookups in the snapshot), and only the page shown is delivered whole.
        // Delivering all of up to 1,000 hits (merged fields, every language's path) to show twenty was
        // the part after the index query: on SQLite at 10,000 items the whole search took p50 222 ms
        // where the index query alone took 151 ms (docs/bench-speed.md).
        var best = new Dictionary<long, SearchHit>();
        foreach (var hit in hits)
        {
            // An item's row in the visitor's language wins over a better-scored fallback row.
            if (!best.TryGetValue(hit.ItemId, out var kept) || Better(hit, kept, request.Locale))
            {
                best[hit.ItemId] = hit;
            }
        }

        var ranked = (await delivery.GetHeadlinesAsync(request.Locale, best.Keys, ct))
            .Where(h => h.Path is not null)
            .Select(h => (Headline: h, best[h.Id].Score))
            .OrderBy(r => r.Headline.IsFallback).ThenByDescending(r => r.Score).ThenBy(r => r.Headline.Title, StringComparer.Ordinal)
            .ToList();
        var typeFacets = ranked.GroupBy(r => r.Headline.Type).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var sectionFacets = ranked.GroupBy(r => SectionOf(types.Get(r.Headline.Type))).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var filtered = ranked
            .Where(r => request.Type is null || r.Headline.Type == request.Type)
            .Where(r => request.Section is null || SectionOf(types.Get(r.Headline.Type)) == request.Section)
            .ToList();
        // Snippets only for the page shown: they are the costly part.
        var shown = new List<SearchResult>(pageSize);
        foreach (var (headline, score) in filtered.Skip((page - 1) * pageSize).Take(pageSize))
        {
            // Null only if the item went offline between the two stages (a publish in between): left out.
            if (await delivery.GetByIdAsync(request.Locale, headline.Id, ct) is { Path: not null } item)
            {
                shown.Add(new SearchResult(item, Snippet(item, terms), score));
            }
        }

        return new SearchResults(query, shown, page, pageSize, filtered.Count, typeFacets, sectionFacets);
    }

    /// <summary>
    /// The index query, on the in-memory index when it holds the snapshot being shown (a change is
    /// applied first: only the items that changed, milliseconds), else on the database's.
    /// </summary>
    private async Task<IReadOnlyList<SearchHit>> HitsAsync(string locale, IReadOnlyList<SearchTerm> terms, SearchEngine engine, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if ((engine == SearchEngine.Lucene || (engine == SearchEngine.Auto && options.Value.SearchInMemory)) && delivery is ContentDeliveryService live)
        {
            var snapshot = await live.SnapshotAsync(ct);
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
                return memory.Query(fallbacks.For(locale), terms, now, MaxHits);
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await index.QueryAsync(db, fallbacks.For(locale), terms, now, MaxHits, ct);
    }

    private static bool Better(SearchHit hit, SearchHit kept, string locale) =>
        (hit.Locale == locale) != (kept.Locale == locale) ? hit.Locale == locale : hit.Score > kept.Score;

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
        var folded = new StringBuilder();
        var origin = new List<int>();
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
