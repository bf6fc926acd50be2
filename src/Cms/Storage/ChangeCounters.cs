using Microsoft.EntityFrameworkCore;

namespace PromoSite.Cms.Storage;

/// <summary>The one change-counter row (<see cref="ChangeCounter.RowId"/>): the only code that reads or bumps it.</summary>
public static class ChangeCounters
{
    /// <summary>The counter as committed now; 0 before the first migration has created its row.</summary>
    public static Task<long> ReadChangeCounterAsync(this CmsDbContext db, CancellationToken ct = default) =>
        db.ChangeCounters.AsNoTracking().Where(c => c.Id == ChangeCounter.RowId).Select(c => c.Value).FirstOrDefaultAsync(ct);

    /// <summary>The PostgreSQL channel every node listens on (Hosting.ContentChangeListener).</summary>
    public const string NotifyChannel = "promosite_content";

    /// <summary>
    /// Adds one in the database itself (no read-modify-write), inside the caller's transaction if
    /// there is one. On PostgreSQL it also notifies <see cref="NotifyChannel"/>: a NOTIFY is sent at
    /// commit (never for a rollback, and repeats in one transaction are folded into one), so other
    /// nodes evict at once instead of at their next poll.
    /// </summary>
    public static async Task BumpChangeCounterAsync(this CmsDbContext db, CancellationToken ct = default)
    {
        await db.ChangeCounters.Where(c => c.Id == ChangeCounter.RowId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), ct);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify('" + NotifyChannel + "', '')", ct);
        }
    }
}
