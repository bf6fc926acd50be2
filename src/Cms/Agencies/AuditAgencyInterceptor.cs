using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Agencies;

/// <summary>
/// Writes the owning agency into every audit entry about an item ("{type}/{key}/{locale}" from the
/// editor, "{type}/{id}" from the trash), at the moment it is saved, so no caller has to remember it
/// and the log says which agency's content was changed even after ownership moves on.
/// </summary>
internal sealed class AuditAgencyInterceptor(ContentTypeRegistry types) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is CmsDbContext db)
        {
            await FillAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is CmsDbContext db)
        {
            FillAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    private async Task FillAsync(CmsDbContext db, CancellationToken ct)
    {
        var entries = db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.Agency is null && e.Entity.Target is { } target && target.Contains('/', StringComparison.Ordinal))
            .Select(e => e.Entity)
            .ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var agencies = await db.Agencies.AsNoTracking().Include(a => a.Owns).ToListAsync(ct);
        if (!agencies.Any(a => a.Owns.Count > 0))
        {
            return;
        }

        var rules = new AgencyRules(agencies);
        foreach (var entry in entries)
        {
            var parts = entry.Target!.Split('/');
            if (types.Find(parts[0]) is not { } type)
            {
                continue;
            }

            var id = long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;
            var tracked = db.ChangeTracker.Entries<ContentItem>().Select(e => e.Entity)
                .FirstOrDefault(i => i.Type == type.Name && (i.Key == parts[1] || i.Id == id));
            var item = tracked is not null ? new { tracked.Key, tracked.SharedJson }
                : await db.Items.AsNoTracking()
                    .Where(i => i.Type == type.Name && (i.Key == parts[1] || i.Id == id))
                    .Select(i => new { i.Key, i.SharedJson })
                    .FirstOrDefaultAsync(ct);
            var owners = rules.OwnersOf(type, item is null ? null : LanguagePlans.SeriesOf(type.Name, item.Key, ContentJson.Parse(item.SharedJson)));
            var keys = string.Join(",", owners.Select(o => o.Key));
            entry.Agency = keys.Length == 0 ? null : keys[..Math.Min(keys.Length, AgencyTables.KeyLength)];
        }
    }
}
