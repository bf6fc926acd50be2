using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Translation;

/// <summary>The states a cell can be in, in the order the matrix counts them.</summary>
public static class CellStates
{
    public static readonly IReadOnlyList<string> All = ["missing", "outdated", "draft", "in-review", "scheduled", "unpublished", "published"];

    /// <summary>A language outside the item's plan that has nothing: counted nowhere, shown as such (Content/LanguagePlans).</summary>
    public const string NotPlanned = "not-planned";

    /// <summary>What still needs a translator: nothing there, the source moved on, or not yet handed in.</summary>
    public static bool NeedsWork(string state) => state is "missing" or "outdated" or "draft";

    /// <summary>The base state, without the "(live)" note LocaleStates adds for a draft over a live version.</summary>
    public static string Base(string state) => state.Split(' ')[0];
}

public sealed record CoverageFilter(string? Section = null, string? Type = null, string? Locale = null, string? State = null, long? Assignee = null, string? Text = null)
{
    /// <summary>Whose items: by owning agency (null: every item).</summary>
    public Agencies.AgencyScope? Agencies { get; init; }
}

/// <summary>One language of one item: its state, what visitors see instead when it is not live, and who has it.</summary>
public sealed record CoverageCell(string Locale, string State, bool Live, string? ShownInstead, TranslationAssignment? Assignment);

public sealed record CoverageRow(long ItemId, string Type, string Key, string Title, string? Section, IReadOnlyDictionary<string, CoverageCell> Cells)
{
    /// <summary>The languages the item is meant to have; a cell outside the plan that has nothing is "not-planned", not "missing".</summary>
    public IReadOnlyList<string> PlannedLocales { get; init; } = Locales.All;

    /// <summary>The keys of the agencies owning the item (empty: none).</summary>
    public IReadOnlyList<string> Agencies { get; init; } = [];
}

public sealed record LocaleCount(string Locale, IReadOnlyDictionary<string, int> States, int Total)
{
    public int UpToDate => States.GetValueOrDefault("published") + States.GetValueOrDefault("scheduled");

    public double Percent => Total == 0 ? 0 : 100.0 * UpToDate / Total;
}

public sealed record CoverageReport(IReadOnlyList<CoverageRow> Rows, IReadOnlyList<LocaleCount> Counts, int TotalRows);

/// <summary>
/// The coverage matrix: every item (not in the trash) of the types with pages or media, by
/// language, computed from the same state rules the item pages use (<see cref="LocaleStates"/>).
/// Counts are over the filtered items, before paging, so they answer "how far is Korean in OCOP";
/// a language counts only for the items that plan it (a Vietnamese–English series has no Korean to miss).
/// </summary>
public sealed class TranslationCoverage(CmsDbContext db, ContentTypeRegistry types, FallbackChains fallbacks, TimeProvider clock, Agencies.AgencyDirectory agencies)
{

    public async Task<CoverageReport> BuildAsync(CoverageFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var typeNames = types.All
            .Where(t => filter.Type is null || t.Name == filter.Type)
            .Where(t => filter.Section is null || t.Section == filter.Section)
            .Select(t => t.Name)
            .ToList();
        var items = await db.Items.AsNoTracking()
            .Where(i => i.DeletedAt == null && typeNames.Contains(i.Type))
            .OrderBy(i => i.Type).ThenBy(i => i.Key)
            .Select(i => new
            {
                i.Id,
                i.Type,
                i.Key,
                i.SharedJson,
                i.PlannedLocales,
                Localizations = i.Localizations.Select(l => new { l.Locale, l.Status, l.PublishAt, l.UnpublishAt, l.SourceHash, l.ContentHash, l.PublishedRevisionId, l.FieldsJson }).ToList(),
            })
            .ToListAsync(ct);
        var publishedSources = await PublishedSources.LoadAsync(db, null, ct);
        var assignments = (await db.TranslationAssignments.AsNoTracking().ToListAsync(ct)).ToDictionary(a => (a.ItemId, a.Locale));
        var rules = await agencies.RulesAsync(ct);
        var seriesPlans = await db.Items.AsNoTracking().Where(i => i.Type == Publication.Key).ToDictionaryAsync(i => i.Key, i => i.PlannedLocales, ct);

        var rows = new List<CoverageRow>();
        foreach (var item in items)
        {
            var series = LanguagePlans.SeriesOf(item.Type, item.Key, ContentJson.Parse(item.SharedJson));
            var owners = rules.OwnersOf(types.Find(item.Type), series);
            if (filter.Agencies is { } scope && !scope.Includes(owners))
            {
                continue;
            }

            var plan = LanguagePlans.Effective(item.PlannedLocales, series is null || series == item.Key ? null : seriesPlans.GetValueOrDefault(series));
            var source = item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source);
            var live = item.Localizations
                .Where(l => l.PublishedRevisionId != null && (l.PublishAt == null || l.PublishAt <= now) && (l.UnpublishAt == null || l.UnpublishAt > now))
                .Select(l => l.Locale)
                .ToHashSet(StringComparer.Ordinal);
            var cells = new Dictionary<string, CoverageCell>(StringComparer.Ordinal);
            foreach (var locale in Locales.All)
            {
                var localization = item.Localizations.FirstOrDefault(l => l.Locale == locale);
                var state = localization is null
                    ? (plan.Contains(locale) ? "missing" : CellStates.NotPlanned)
                    : LocaleStates.Of(
                        new ContentLocalization
                        {
                            Type = item.Type, Locale = locale, Slug = "", Status = localization.Status, PublishAt = localization.PublishAt,
                            SourceHash = localization.SourceHash, PublishedRevisionId = localization.PublishedRevisionId,
                        },
                        source?.ContentHash,
                        now,
                        publishedSources.GetValueOrDefault(item.Id));
                var shownInstead = live.Contains(locale) ? null : fallbacks.For(locale).Skip(1).FirstOrDefault(live.Contains);
                cells[locale] = new CoverageCell(locale, state, live.Contains(locale), shownInstead, assignments.GetValueOrDefault((item.Id, locale)));
            }

            var title = ContentJson.Parse(source?.FieldsJson)["title"]?.GetValue<string>() ?? item.Key;
            var row = new CoverageRow(item.Id, item.Type, item.Key, title, types.Find(item.Type)?.Section, cells) { PlannedLocales = plan, Agencies = [.. owners.Select(o => o.Key)] };
            if (Matches(row, filter))
            {
                rows.Add(row);
            }
        }

        var counted = filter.Locale is null ? Locales.All.Where(l => l != Locales.Source) : [filter.Locale];
        var counts = counted
            .Select(locale => new LocaleCount(
                locale,
                CellStates.All.ToDictionary(s => s, s => rows.Count(r => CellStates.Base(r.Cells[locale].State) == s), StringComparer.Ordinal),
                rows.Count(r => r.PlannedLocales.Contains(locale))))
            .ToList();
        return new CoverageReport([.. rows.Skip((page - 1) * pageSize).Take(pageSize)], counts, rows.Count);
    }

    /// <summary>The plan that applies to each of these items (its own, its series', or every language).</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> PlansAsync(IReadOnlyList<long> itemIds, CancellationToken ct)
    {
        var items = await db.Items.AsNoTracking().Where(i => itemIds.Contains(i.Id)).Select(i => new { i.Id, i.Type, i.Key, i.SharedJson, i.PlannedLocales }).ToListAsync(ct);
        var seriesKeys = items.Select(i => LanguagePlans.SeriesOf(i.Type, i.Key, ContentJson.Parse(i.SharedJson))).OfType<string>().Distinct().ToList();
        var seriesPlans = await db.Items.AsNoTracking().Where(i => i.Type == Publication.Key && seriesKeys.Contains(i.Key)).ToDictionaryAsync(i => i.Key, i => i.PlannedLocales, ct);
        return items.ToDictionary(i => i.Id, i =>
        {
            var series = LanguagePlans.SeriesOf(i.Type, i.Key, ContentJson.Parse(i.SharedJson));
            return LanguagePlans.Effective(i.PlannedLocales, series is null || series == i.Key ? null : seriesPlans.GetValueOrDefault(series));
        });
    }

    /// <summary>A row is shown when some language asked for has the state (and assignee) asked for.</summary>
    private static bool Matches(CoverageRow row, CoverageFilter filter)
    {
        if (filter.Text is { Length: > 0 } text && !row.Title.Contains(text, StringComparison.OrdinalIgnoreCase) && !row.Key.Contains(text, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var cells = filter.Locale is null ? row.Cells.Values.Where(c => c.Locale != Locales.Source) : [row.Cells[filter.Locale]];
        return cells.Any(c =>
            (filter.State is null || (filter.State == "needs-work" ? CellStates.NeedsWork(CellStates.Base(c.State)) : CellStates.Base(c.State) == filter.State))
            && (filter.Assignee is null || c.Assignment?.AssigneeId == filter.Assignee));
    }
}
