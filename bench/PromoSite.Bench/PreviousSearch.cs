using System.Diagnostics;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Search;

/// <summary>
/// The whole search as ContentSearch did it before (main at 9cac2a4): the 1,000 best rows from the
/// in-memory index with its live documents found again for each query, a headline (title, path,
/// language shown) for every hit item, ranking and facets over them, then the page delivered and its
/// snippets. (The index itself is today's: no positions, one term per time; snippets fold characters
/// through today's cache. Both made the old side a little faster than it was.) Kept
/// here so the benchmark times the old and the new pipeline in one process, query by query, and checks
/// that both answer alike. The catch-up of the in-memory index is left out: the benchmark's content
/// does not change, and ContentSearch's own path has already caught it up.
/// </summary>
internal sealed class PreviousSearch(LuceneSearchIndex memory, IContentDelivery delivery, FallbackChains fallbacks, ContentTypeRegistry types)
{
    /// <summary>Time spent in each phase, summed over calls (the profile verb prints them).</summary>
    public Dictionary<string, double> Phases { get; } = [];

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var query = request.Query?.Trim() ?? "";
        var terms = SearchText.Terms(query);
        var pageSize = Math.Clamp(request.PageSize, 1, 100);
        var page = Math.Clamp(request.Page, 1, 10_000);
        if (terms.Count == 0)
        {
            return new SearchResults(query, [], page, pageSize, 0, new Dictionary<string, int>(), new Dictionary<string, int>());
        }

        var hits = memory.Query(fallbacks.For(request.Locale), terms, DateTime.UtcNow, 1000, cacheLiveFilter: false);
        Phase("1 index query (1,000 best rows)");
        var best = new Dictionary<long, SearchHit>();
        foreach (var hit in hits)
        {
            if (!best.TryGetValue(hit.ItemId, out var kept) || Better(hit, kept, request.Locale))
            {
                best[hit.ItemId] = hit;
            }
        }

        Phase("2 best row per item");
        var headlines = await delivery.GetHeadlinesAsync(request.Locale, best.Keys, ct);
        Phase("3 headlines of every hit item");
        var ranked = headlines
            .Where(h => h.Path is not null)
            .Select(h => (Headline: h, best[h.Id].Score))
            .OrderBy(r => r.Headline.IsFallback).ThenByDescending(r => r.Score).ThenBy(r => r.Headline.Title, StringComparer.Ordinal)
            .ToList();
        var typeFacets = ranked.GroupBy(r => r.Headline.Type).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var sectionFacets = ranked.GroupBy(r => ContentSearch.SectionOf(types.Get(r.Headline.Type))).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var filtered = ranked
            .Where(r => request.Type is null || r.Headline.Type == request.Type)
            .Where(r => request.Section is null || ContentSearch.SectionOf(types.Get(r.Headline.Type)) == request.Section)
            .ToList();
        Phase("4 rank, facets, filter");
        var shown = new List<SearchResult>(pageSize);
        var snippets = 0.0;
        foreach (var (headline, score) in filtered.Skip((page - 1) * pageSize).Take(pageSize))
        {
            if (await delivery.GetByIdAsync(request.Locale, headline.Id, ct) is { Path: not null } item)
            {
                var start = clock.Elapsed.TotalMilliseconds;
                shown.Add(new SearchResult(item, ContentSearch.Snippet(item, terms), score));
                snippets += clock.Elapsed.TotalMilliseconds - start;
            }
        }

        Phase("5 page delivered and snippets");
        Phases["5b of which snippets"] = Phases.GetValueOrDefault("5b of which snippets") + snippets;
        return new SearchResults(query, shown, page, pageSize, filtered.Count, typeFacets, sectionFacets);

        void Phase(string name)
        {
            Phases[name] = Phases.GetValueOrDefault(name) + clock.Elapsed.TotalMilliseconds;
            clock.Restart();
        }
    }

    private static bool Better(SearchHit hit, SearchHit kept, string locale) =>
        (hit.Locale == locale) != (kept.Locale == locale) ? hit.Locale == locale : hit.Score > kept.Score;
}
