using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;

namespace PromoSite.Cms.Areas.Admin.Pages.Content;

/// <summary>Items of one type with the state of every language: missing, draft, in-review, published, unpublished or outdated.</summary>
public sealed class ListModel(CmsDbContext db, ContentTypeRegistry types, Agencies.AgencyDirectory agencies) : AdminPage
{
    /// <summary>Whose items the list shows (default: the person's agencies, when they belong to any).</summary>
    public Agencies.AgencyFilterChoice AgencyChoice { get; private set; } = new(Agencies.AgencyScope.All, [], false);

    /// <summary>The agency parameter to carry in paging links (empty for the default).</summary>
    public string AgencyParameter => AgencyChoice.Selected.Value == Agencies.AgencyScope.Mine || (!AgencyChoice.HasMine && AgencyChoice.Selected.IsAll) ? "" : AgencyChoice.Selected.Value;

    public const int PageSize = 25;

    public static readonly string[] States = ["missing", "draft", "in-review", "published", "scheduled", "unpublished", "outdated"];

    public sealed record Row(long Id, string Key, string Title, DateTime Updated, IReadOnlyDictionary<string, string> States);

    public ContentTypeDefinition Type { get; private set; } = null!;

    public List<Row> Rows { get; } = [];

    public int Total { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public string? Query { get; private set; }

    public string? Locale { get; private set; }

    public string? State { get; private set; }

    public async Task<IActionResult> OnGetAsync(string type, string? q, string? locale, string? state, string? agency, int page = 1, CancellationToken ct = default)
    {
        if (types.Find(type) is not { } definition)
        {
            return NotFound();
        }

        Type = definition;
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        Locale = Locales.IsSupported(locale) ? locale : null;
        State = States.Contains(state) ? state : null;
        PageNumber = Math.Clamp(page, 1, 10_000);

        AgencyChoice = await agencies.ScopeAsync(agency, User, ct);
        var rules = await agencies.RulesAsync(ct);
        var items = await db.Items.AsNoTracking().Where(i => i.Type == type && i.DeletedAt == null)
            .Select(i => new { i.Id, i.Key, i.UpdatedAt, i.SharedJson, i.PlannedLocales, i.Localizations })
            .ToListAsync(ct);
        var publishedSources = await PublishedSources.LoadAsync(db, [.. items.Select(i => i.Id)], ct);
        var seriesPlans = definition.Name == PublicationIssue.Key
            ? await db.Items.AsNoTracking().Where(i => i.Type == Publication.Key).ToDictionaryAsync(i => i.Key, i => i.PlannedLocales, ct)
            : [];
        var rows = new List<Row>();
        foreach (var item in items)
        {
            var series = LanguagePlans.SeriesOf(definition.Name, item.Key, ContentJson.Parse(item.SharedJson));
            if (!AgencyChoice.Selected.Includes(rules.OwnersOf(definition, series)))
            {
                continue;
            }

            var plan = LanguagePlans.Effective(item.PlannedLocales, series is null || series == item.Key ? null : seriesPlans.GetValueOrDefault(series));
            var source = item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source);
            var title = ContentJson.Parse(source?.FieldsJson)["title"]?.GetValue<string>() ?? item.Key;
            var states = Locales.All.ToDictionary(l => l, l => item.Localizations.FirstOrDefault(x => x.Locale == l) is null && !plan.Contains(l)
                ? CellStates.NotPlanned
                : LocaleStates.Of(item.Localizations.FirstOrDefault(x => x.Locale == l), source?.ContentHash, publishedSourceHash: publishedSources.GetValueOrDefault(item.Id)));
            rows.Add(new Row(item.Id, item.Key, title, item.UpdatedAt, states));
        }

        var filtered = rows
            .Where(r => Query is null || r.Title.Contains(Query, StringComparison.OrdinalIgnoreCase) || r.Key.Contains(Query, StringComparison.OrdinalIgnoreCase))
            .Where(r => State is null || (Locale is null ? r.States.Values.Any(s => s.StartsWith(State, StringComparison.Ordinal)) : r.States[Locale].StartsWith(State, StringComparison.Ordinal)))
            .OrderByDescending(r => r.Updated)
            .ToList();
        Total = filtered.Count;
        Rows.AddRange(filtered.Skip((PageNumber - 1) * PageSize).Take(PageSize));
        return Page();
    }
}
