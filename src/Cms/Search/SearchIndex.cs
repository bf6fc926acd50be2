using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Search;

/// <summary>A matching (item, locale) and its relevance (higher is better).</summary>
public sealed record SearchHit(long ItemId, string Locale, double Score);

/// <summary>
/// The full-text index, one row per published (item, locale), in the database itself: an FTS5
/// table on SQLite, a tsvector column with a GIN index on PostgreSQL. Both hold the tokens of
/// <see cref="SearchText"/>, so they match the same things; only ranking functions differ (bm25,
/// ts_rank), with the title weighted above the rest in both. Rows are rewritten in the same
/// transaction as every save, so the index never lags publishing.
/// </summary>
public sealed class SearchIndex(ContentTypeRegistry types)
{
    public async Task ReindexItemAsync(CmsDbContext db, long itemId, CancellationToken ct = default)
    {
        // SQLite: an item's rows have rowids itemId*8 + locale index, so deleting them is a rowid
        // range lookup; item_id is an unindexed FTS5 column and filtering on it would scan the table.
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM search_index WHERE item_id = {0}", [itemId], ct);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM search_index WHERE rowid BETWEEN {0} AND {1}", [itemId * 8, itemId * 8 + 7], ct);
        }

        await IndexItemAsync(db, itemId, ct);
    }

    private async Task IndexItemAsync(CmsDbContext db, long itemId, CancellationToken ct)
    {
        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null || item.DeletedAt is not null || types.Find(item.Type) is not { } type || type.PublicPath is null)
        {
            return;
        }

        // Only what visitors can see is indexed: each language's published revision.
        var liveIds = item.Localizations.Where(l => l.PublishedRevisionId is not null).Select(l => l.PublishedRevisionId!.Value).ToList();
        var live = await db.Revisions.AsNoTracking().Where(r => liveIds.Contains(r.Id)).ToListAsync(ct);
        var sharedJson = live.FirstOrDefault(r => r.Locale == Locales.Source)?.SharedJson ?? item.SharedJson;
        var shared = ContentJson.Parse(sharedJson);
        foreach (var revision in live)
        {
            var fields = ContentJson.Parse(revision.FieldsJson);
            var title = string.Join(' ', SearchText.Tokens(fields["title"]?.GetValue<string>()));
            var rest = new List<string>();
            foreach (var field in type.Fields.Where(f => f.Name != "title" && f.Kind is FieldKind.Text or FieldKind.Markdown))
            {
                var value = (field.Localized ? fields : shared)[field.Name]?.GetValue<string>();
                rest.AddRange(SearchText.Tokens(field.Kind == FieldKind.Markdown ? MarkdownRenderer.ToPlainText(value) : value));
            }

            await InsertAsync(db, item, revision.Locale, ContentTimes.EffectivePublishAt(type, shared, revision.PublishAt), revision.UnpublishAt, title, string.Join(' ', rest), ct);
        }
    }

    /// <summary>Rebuilds the whole index (first start after the search migration, or the reindex verb).</summary>
    public async Task RebuildAsync(CmsDbContext db, CancellationToken ct = default)
    {
        // One transaction: with synchronous=FULL, thousands of small autocommits would each wait for the disk.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlRawAsync("DELETE FROM search_index", ct);
        var ids = await db.Items.AsNoTracking().Where(i => i.DeletedAt == null).Select(i => i.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            await IndexItemAsync(db, id, ct);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }

    public async Task<bool> IsEmptyAsync(CmsDbContext db, CancellationToken ct = default) =>
        !await db.Database.SqlQueryRaw<long>("SELECT item_id AS \"Value\" FROM search_index LIMIT 1").AnyAsync(ct);

    /// <summary>Rows of the given locales matching every term, best first, live at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<SearchHit>> QueryAsync(CmsDbContext db, IReadOnlyList<string> locales, IReadOnlyList<SearchTerm> terms, DateTime now, int limit, CancellationToken ct = default)
    {
        if (terms.Count == 0 || locales.Count == 0)
        {
            return [];
        }

        if (db.Database.IsNpgsql())
        {
            var query = string.Join(" & ", terms.Select(t => $"'{t.Token}'" + (t.Prefix ? ":*" : "")));
            return await db.Database.SqlQueryRaw<SearchHit>(
                """
                SELECT item_id AS "ItemId", locale AS "Locale", ts_rank(document, q)::float8 AS "Score"
                FROM search_index, CAST({0} AS tsquery) q
                WHERE document @@ q AND locale = ANY({1})
                  AND (publish_at IS NULL OR publish_at <= {2}) AND (unpublish_at IS NULL OR unpublish_at > {2})
                ORDER BY 3 DESC, 1
                LIMIT {3}
                """,
                query, locales.ToArray(), now, limit).ToListAsync(ct);
        }

        // The locale is an indexed column matched inside the full-text query, so SQLite intersects
        // posting lists instead of reading every matching row to filter on it.
        var match = string.Join(" AND ", terms.Select(t => $"\"{t.Token}\"" + (t.Prefix ? "*" : "")))
            + $" AND locale : ({string.Join(" OR ", locales.Select(l => $"\"{l}\""))})";
        // Ranked by FTS5 itself (ORDER BY rank, with bm25 and the same column weights as the rank
        // function): it scores every match from the index alone and hands rows out best first, so the
        // stored row (item, locale, times) is read only for the rows returned, up to the limit, and not
        // for every match as ORDER BY bm25(...), item_id did. Same rows in the same order on the benchmark
        // corpus, at about half the CPU for a broad query (9,344 matches: docs/bench-speed.md).
        object[] parameters = [match, Stamp(now)!, limit];
        return await db.Database.SqlQueryRaw<SearchHit>(
            """
            SELECT item_id AS "ItemId", locale AS "Locale", -rank AS "Score"
            FROM search_index
            WHERE search_index MATCH {0} AND rank MATCH 'bm25(10.0, 1.0, 0.0)'
              AND (publish_at IS NULL OR publish_at <= {1}) AND (unpublish_at IS NULL OR unpublish_at > {1})
            ORDER BY rank
            LIMIT {2}
            """,
            parameters).ToListAsync(ct);
    }

    private static async Task InsertAsync(CmsDbContext db, ContentItem item, string locale, DateTime? publishAt, DateTime? unpublishAt, string title, string body, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO search_index (item_id, locale, type, publish_at, unpublish_at, document)
                VALUES ({0}, {1}, {2}, {3}, {4}, CAST({5} AS tsvector))
                """,
                [item.Id, locale, item.Type, publishAt!, unpublishAt!, TsVector(title, body)], // a null time becomes SQL NULL
                ct);
            return;
        }

        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO search_index (rowid, title, body, locale, item_id, type, publish_at, unpublish_at) VALUES ({7}, {0}, {1}, {2}, {3}, {4}, {5}, {6})",
            [title, body, locale, item.Id, item.Type, Stamp(publishAt)!, Stamp(unpublishAt)!, item.Id * 8 + Locales.All.ToList().IndexOf(locale)], // a null time becomes SQL NULL
            ct);
    }

    /// <summary>
    /// A tsvector literal with positions and weights (title A, the rest B), built from our own tokens
    /// so no PostgreSQL parser or dictionary re-splits them; positions let ts_rank count frequency.
    /// Tokens are letters and digits only, so quoting them cannot break out of the literal.
    /// </summary>
    private static string TsVector(string title, string body)
    {
        var positions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var position = 0;
        foreach (var (text, weight) in new[] { (title, 'A'), (body, 'B') })
        {
            foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                position = Math.Min(position + 1, 16_383);
                var list = positions.TryGetValue(token, out var found) ? found : positions[token] = [];
                if (list.Count < 256)
                {
                    list.Add(string.Create(CultureInfo.InvariantCulture, $"{position}{weight}"));
                }
            }
        }

        return string.Join(' ', positions.Select(p => $"'{p.Key}':{string.Join(',', p.Value)}"));
    }

    /// <summary>SQLite keeps times as sortable UTC text in the FTS table's unindexed columns.</summary>
    private static string? Stamp(DateTime? time) => time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
