using Microsoft.AspNetCore.Mvc.RazorPages;
using PromoSite.Cms.Admin;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

public sealed class IndexModel(CmsDbContext db, ContentTypeRegistry types, PromoSite.Cms.Translation.TranslationCoverage coverage, Agencies.AgencyDirectory agencies) : AdminPage
{
    /// <summary>Per type and language: live versions, outdated ones, and planned languages still missing; languages outside an item's plan are counted apart, never as missing.</summary>
    public sealed record Cell(int Published, int Outdated, int Missing)
    {
        public int NotPlanned { get; init; }
    }

    public sealed record Row(ContentTypeDefinition Type, int Items, IReadOnlyDictionary<string, Cell> Cells);

    public List<Row> Rows { get; } = [];

    public IReadOnlyList<AuditEntry> Recent { get; private set; } = [];

    /// <summary>Translation cells given to the signed-in user that still need work, and how many of them are past due.</summary>
    public (int Assigned, int Overdue) Queue { get; private set; }

    /// <summary>Whose content the counts cover (default: the person's agencies, when they belong to any).</summary>
    public Agencies.AgencyFilterChoice AgencyChoice { get; private set; } = new(Agencies.AgencyScope.All, [], false);

    /// <summary>The agencies the signed-in person works for, by name.</summary>
    public IReadOnlyList<string> MyAgencies { get; private set; } = [];

    public async Task OnGetAsync(string? agency, CancellationToken ct)
    {
        AgencyChoice = await agencies.ScopeAsync(agency, User, ct);
        var me = long.Parse(User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var mine = await agencies.AgenciesOfUserAsync(me, ct);
        MyAgencies = [.. AgencyChoice.Agencies.Where(a => mine.Contains(a.Id)).Select(a => a.NameVi)];
        var rules = await agencies.RulesAsync(ct);
        var items = await db.Items.AsNoTracking()
            .Where(i => i.DeletedAt == null)
            .Select(i => new
            {
                i.Id,
                i.Type,
                i.Key,
                i.SharedJson,
                i.PlannedLocales,
                Localizations = i.Localizations.Select(l => new { l.Locale, l.ContentHash, l.SourceHash, l.PublishedRevisionId }).ToList(),
            })
            .ToListAsync(ct);
        var seriesPlans = items.Where(i => i.Type == Publication.Key).ToDictionary(i => i.Key, i => i.PlannedLocales, StringComparer.Ordinal);
        var shown = items
            .Select(i => new { Item = i, Series = LanguagePlans.SeriesOf(i.Type, i.Key, ContentJson.Parse(i.SharedJson)) })
            .Where(x => AgencyChoice.Selected.Includes(rules.OwnersOf(types.Find(x.Item.Type), x.Series)))
            .Select(x => new
            {
                x.Item,
                Plan = LanguagePlans.Effective(x.Item.PlannedLocales, x.Series is null || x.Series == x.Item.Key ? null : seriesPlans.GetValueOrDefault(x.Series)),
            })
            .ToList();
        foreach (var type in types.All)
        {
            var ofType = shown.Where(x => x.Item.Type == type.Name).ToList();
            if (ofType.Count == 0)
            {
                continue;
            }

            var cells = Locales.All.ToDictionary(locale => locale, locale =>
            {
                var present = ofType.Select(x => (x.Plan, Source: x.Item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source)?.ContentHash, Here: x.Item.Localizations.FirstOrDefault(l => l.Locale == locale))).ToList();
                return new Cell(
                    present.Count(p => p.Here?.PublishedRevisionId is not null),
                    present.Count(p => p.Here is not null && Translations.IsOutdated(locale, p.Here.SourceHash, p.Source)),
                    present.Count(p => p.Here is null && p.Plan.Contains(locale)))
                {
                    NotPlanned = present.Count(p => p.Here is null && !p.Plan.Contains(locale)),
                };
            });
            Rows.Add(new Row(type, ofType.Count, cells));
        }

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
