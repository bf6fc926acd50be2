using Microsoft.EntityFrameworkCore;

namespace PromoSite.Cms.Storage;

/// <summary>The one change-counter row (<see cref="ChangeCounter.RowId"/>): the only code that reads or bumps it.</summary>
public static class ChangeCounters
{
    /// <summary>The counter as committed now; 0 before the first migration has created its row.</summary>
    public static Task<long> ReadChangeCounterAsync(this CmsDbContext db, CancellationToken ct = default) =>
        db.ChangeCounters.AsNoTracking().Where(c => c.Id == ChangeCounter.RowId).Select(c => c.Value).FirstOrDefaultAsync(ct);

    /// <summary>Adds one in the database itself (no read-modify-write), inside the caller's transaction if there is one.</summary>
    public static Task BumpChangeCounterAsync(this CmsDbContext db, CancellationToken ct = default) =>
        db.ChangeCounters.Where(c => c.Id == ChangeCounter.RowId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), ct);
}
