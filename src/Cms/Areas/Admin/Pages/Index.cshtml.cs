using Microsoft.AspNetCore.Mvc.RazorPages;
using PromoSite.Cms.Admin;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

public sealed class IndexModel(CmsDbContext db, ContentTypeRegistry types, PromoSite.Cms.Translation.TranslationCoverage coverage) : AdminPage
{
    public sealed record Cell(int Published, int Outdated, int Missing);

    public sealed record Row(ContentTypeDefinition Type, int Items, IReadOnlyDictionary<string, Cell> Cells);

    public List<Row> Rows { get; } = [];

    public IReadOnlyList<AuditEntry> Recent { get; private set; } = [];

    /// <summary>Translation cells given to the signed-in user that still need work, and how many of them are past due.</summary>
    public (int Assigned, int Overdue) Queue { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var localizations = await db.Localizations.AsNoTracking()
            .Where(l => l.Item.DeletedAt == null)
            .Select(l => new { l.ItemId, l.Type, l.Locale, l.Status, l.ContentHash, l.SourceHash, l.PublishedRevisionId })
            .ToListAsync(ct);
        foreach (var type in types.All)
        {
            var ofType = localizations.Where(l => l.Type == type.Name).ToList();
            var items = ofType.Select(l => l.ItemId).Distinct().Count();
            if (items == 0)
            {
                continue;
            }

            var sources = ofType.Where(l => l.Locale == Locales.Source).ToDictionary(l => l.ItemId, l => l.ContentHash);
            var cells = Locales.All.ToDictionary(locale => locale, locale =>
            {
                var rows = ofType.Where(l => l.Locale == locale).ToList();
                return new Cell(
                    rows.Count(l => l.PublishedRevisionId != null),
                    rows.Count(l => Translations.IsOutdated(locale, l.SourceHash, sources.GetValueOrDefault(l.ItemId))),
                    items - rows.Count);
            });
            Rows.Add(new Row(type, items, cells));
        }

        var me = long.Parse(User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var queue = await coverage.BuildAsync(new PromoSite.Cms.Translation.CoverageFilter(Assignee: me, State: "needs-work"), 1, int.MaxValue, ct);
        var open = queue.Rows.SelectMany(r => r.Cells.Values)
            .Where(c => c.Assignment?.AssigneeId == me && PromoSite.Cms.Translation.CellStates.NeedsWork(PromoSite.Cms.Translation.CellStates.Base(c.State)))
            .ToList();
        Queue = (open.Count, open.Count(c => c.Assignment!.Due < today));

        if (Permissions.CanReadAudit(User))
        {
            Recent = await db.AuditLog.AsNoTracking().OrderByDescending(e => e.Id).Take(10).ToListAsync(ct);
        }
    }
}
