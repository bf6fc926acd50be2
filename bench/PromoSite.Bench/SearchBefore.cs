using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Search;
using PromoSite.Cms.Storage;

/// <summary>
/// The whole search as ContentSearch did it before issue 16 item 4, kept here only to measure against
/// it side by side on the same corpus: every hit (up to 1,000) delivered whole, then ranked, counted and
/// cut to the first page. Same order and snippets (the index query as it was too: SQLite ranked with ORDER BY bm25(...), item_id); the benchmark checks that both
/// give the same answer.
/// </summary>
internal static class SearchBefore
{
    public static async Task<SearchResults> SearchAsync(IServiceProvider services, string locale, string query, int pageSize = 20)
    {
        var terms = SearchText.Terms(query);
        var delivery = services.GetRequiredService<IContentDelivery>();
        var types = services.GetRequiredService<ContentTypeRegistry>();
        IReadOnlyList<SearchHit> hits;
        await using (var scope = services.CreateAsyncScope())
        {
            hits = await QueryAsync(services.GetRequiredService<SearchIndex>(), scope.ServiceProvider.GetRequiredService<CmsDbContext>(), services.GetRequiredService<FallbackChains>().For(locale), terms, DateTime.UtcNow, 1000);
        }

        var results = new List<SearchResult>();
        foreach (var hit in hits.GroupBy(h => h.ItemId).Select(g => g.OrderByDescending(h => h.Locale == locale).ThenByDescending(h => h.Score).First()))
        {
            if (await delivery.GetByIdAsync(locale, hit.ItemId) is { Path: not null } item)
            {
                results.Add(new SearchResult(item, "", hit.Score));
            }
        }

        results = [.. results.OrderBy(r => r.Item.IsFallback).ThenByDescending(r => r.Score).ThenBy(r => r.Item.Title, StringComparer.Ordinal)];
        var typeFacets = results.GroupBy(r => r.Item.Type).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var sectionFacets = results.GroupBy(r => ContentSearch.SectionOf(types.Get(r.Item.Type))).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var shown = results.Take(pageSize).Select(r => r with { SnippetHtml = ContentSearch.Snippet(r.Item, terms) }).ToList();
        return new SearchResults(query, shown, 1, pageSize, results.Count, typeFacets, sectionFacets);
    }

    /// <summary>SearchIndex.QueryAsync as it was: on SQLite, ranked with ORDER BY bm25(...), item_id.</summary>
    private static async Task<IReadOnlyList<SearchHit>> QueryAsync(SearchIndex index, CmsDbContext db, IReadOnlyList<string> locales, IReadOnlyList<SearchTerm> terms, DateTime now, int limit)
    {
        if (terms.Count == 0 || db.Database.IsNpgsql())
        {
            return await index.QueryAsync(db, locales, terms, now, limit); // unchanged on PostgreSQL
        }

        var match = string.Join(" AND ", terms.Select(t => $"\"{t.Token}\"" + (t.Prefix ? "*" : "")))
            + $" AND locale : ({string.Join(" OR ", locales.Select(l => $"\"{l}\""))})";
        object[] parameters = [match, now.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), limit];
        return await db.Database.SqlQueryRaw<SearchHit>(
            """
            SELECT item_id AS "ItemId", locale AS "Locale", -bm25(search_index, 10.0, 1.0, 0.0) AS "Score"
            FROM search_index
            WHERE search_index MATCH {0}
              AND (publish_at IS NULL OR publish_at <= {1}) AND (unpublish_at IS NULL OR unpublish_at > {1})
            ORDER BY bm25(search_index, 10.0, 1.0, 0.0), item_id
            LIMIT {2}
            """,
            parameters).ToListAsync();
    }
}
