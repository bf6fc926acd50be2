using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Changes;

/// <summary>
/// The change feed's writing side: the one place its ids are handed out, what a save or a passed
/// publish window adds to it, and retention.
/// </summary>
/// <remarks>
/// <para><b>Why ids follow commit order.</b> A reader asks for "everything after cursor N" and then
/// continues from the last id it got. On PostgreSQL an identity column takes its value from a
/// sequence when the row is inserted, not when the transaction commits: if transaction A takes id
/// 7, transaction B takes id 8 and B commits first, a reader polling between the two commits sees 8,
/// moves its cursor to 8 and never sees 7. So ids are only ever taken while holding the
/// change-counter row lock: <see cref="AppendAsync"/> first bumps <c>change_counter</c> (an UPDATE
/// of its one row, which every content write does anyway and which PostgreSQL keeps locked until
/// the transaction ends), and only then inserts. A second writer blocks on that UPDATE until the
/// first has committed or rolled back, so it takes its ids after every id of the first is final:
/// ids become visible in increasing order, and a reader that has seen id N will never see a
/// smaller one appear later. Rolled-back ids leave gaps, which are harmless. SQLite has one writer
/// at a time, so the same holds there by construction.</para>
/// <para>The lock is taken at the very end of a save (ContentCommit), so it serialises only the
/// last few statements and the commit of concurrent saves, which the counter bump already did.</para>
/// </remarks>
public static class ChangeFeed
{
    /// <summary>
    /// Bumps the change counter and then appends <paramref name="changes"/>, inside the caller's
    /// transaction (required: the counter row's lock must last until the commit).
    /// </summary>
    public static async Task AppendAsync(CmsDbContext db, IReadOnlyCollection<ContentChange> changes, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Change feed entries are appended inside the write's transaction (their ids follow commit order only so).");
        }

        await db.BumpChangeCounterAsync(ct);
        if (changes.Count == 0)
        {
            return;
        }

        db.ContentChanges.AddRange(changes);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The feed's head: the highest id a reader may move its cursor to now. Every id at or below it
    /// is final (committed or never), by the ordering above; after retention has deleted everything,
    /// the highest deleted id.
    /// </summary>
    public static async Task<(long Head, long Horizon)> BoundsAsync(CmsDbContext db, CancellationToken ct)
    {
        var horizon = await db.ContentChangeHorizon.AsNoTracking().Where(h => h.Id == ContentChangeHorizon.RowId).Select(h => h.PrunedThrough).FirstOrDefaultAsync(ct);
        var last = await db.ContentChanges.AsNoTracking().MaxAsync(c => (long?)c.Id, ct) ?? 0;
        return (Math.Max(last, horizon), horizon);
    }

    /// <summary>
    /// Deletes the entries that took effect before <paramref name="cutoff"/>, and with them every
    /// entry committed before the newest of those (ids, not times, are the feed's order: a window
    /// told late has an old time and a new id), so what remains is contiguous above the horizon.
    /// </summary>
    /// <returns>The new horizon, or null when nothing was old enough.</returns>
    public static async Task<long?> PruneAsync(CmsDbContext db, DateTime cutoff, CancellationToken ct)
    {
        var through = await db.ContentChanges.Where(c => c.OccurredAt < cutoff).MaxAsync(c => (long?)c.Id, ct);
        if (through is not { } last)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The horizon moves first: a reader who sees entries gone also sees why (410, not a silent skip).
        await db.ContentChangeHorizon.Where(h => h.Id == ContentChangeHorizon.RowId && h.PrunedThrough < last)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.PrunedThrough, last), ct);
        await db.ContentChanges.Where(c => c.Id <= last).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return last;
    }

    /// <summary>Whether a language with these publish and unpublish times (the embargo included) is visible at <paramref name="now"/>.</summary>
    internal static bool IsVisible(ContentTypeDefinition type, JsonObject shared, DateTime? publishAt, DateTime? unpublishAt, DateTime now) =>
        !(ContentTimes.EffectivePublishAt(type, shared, publishAt) > now) && !(unpublishAt <= now);

    /// <summary>
    /// The public path of an item in a locale for a slug, from its type's PublicPath template; a
    /// parent named in the template (an issue's series) by its slug in the first language of the
    /// locale's fallback chain that has one live. Null for a type without pages, or a missing parent.
    /// </summary>
    internal static async Task<string?> PathAsync(CmsDbContext db, FallbackChains fallbacks, ContentTypeDefinition type, string locale, string slug, JsonObject shared, CancellationToken ct)
    {
        if (type.PublicPath is not { } template)
        {
            return null;
        }

        var path = template.Replace("{slug}", slug, StringComparison.Ordinal);
        foreach (var field in type.Fields.Where(f => f.Kind == FieldKind.Ref && path.Contains('{' + f.Name + '}', StringComparison.Ordinal)))
        {
            var key = shared[field.Name]?.GetValue<string>();
            var parentSlugs = key is null ? [] : await db.Localizations.AsNoTracking()
                .Where(l => l.Type == field.RefType && l.Item.Key == key && l.PublishedRevisionId != null)
                .Select(l => new { l.Locale, l.Slug }).ToListAsync(ct);
            var parentSlug = fallbacks.For(locale).Select(l => parentSlugs.FirstOrDefault(p => p.Locale == l)?.Slug).FirstOrDefault(s => s is not null);
            if (parentSlug is null)
            {
                return null;
            }

            path = path.Replace('{' + field.Name + '}', parentSlug, StringComparison.Ordinal);
        }

        return $"/{locale}/{path}";
    }
}
