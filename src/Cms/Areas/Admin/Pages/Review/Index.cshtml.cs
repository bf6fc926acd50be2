using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Content;
using PromoSite.Cms.Review;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Review;

/// <summary>
/// The reviewer's desk: every language version in review that the signed-in person may publish,
/// urgent (fast lane) first, narrowed by language and type; approve or send back from the row.
/// </summary>
[Authorize(Policy = Policies.ReviewQueue)]
public sealed class IndexModel(ReviewDesk desk, ContentTypeRegistry types, AgencyDirectory agencies, CmsDbContext db) : AdminPage
{
    /// <summary>Whose content the queue shows: a reviewer's own agencies by default (see <see cref="AgencyScope"/>).</summary>
    public AgencyFilterChoice AgencyChoice { get; private set; } = new(AgencyScope.All, [], false);

    public IReadOnlyList<ReviewRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> MyLocales { get; private set; } = [];

    public string? Locale { get; private set; }

    public string? Type { get; private set; }

    public string? Reviewed { get; private set; }

    public ContentTypeRegistry Types => types;

    public async Task<IActionResult> OnGetAsync(string? locale, string? type, string? reviewed, string? agency, CancellationToken ct)
    {
        MyLocales = [.. Locales.All.Where(l => Permissions.CanPublish(User, l))];
        Locale = MyLocales.Contains(locale) ? locale : null;
        Type = types.Find(type ?? "")?.Name;
        Reviewed = reviewed is "approved" or "sentBack" ? reviewed : null;
        var rows = await desk.QueueAsync(new ReviewFilter(MyLocales, Locale, Type), ct);
        AgencyChoice = await agencies.ScopeAsync(agency, User, ct);
        if (!AgencyChoice.Selected.IsAll)
        {
            // Which agency owns a row follows its type, section or series (an issue's series is a shared fact).
            var rules = await agencies.RulesAsync(ct);
            var ids = rows.Select(r => r.ItemId).Distinct().ToList();
            var shared = await db.Items.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.SharedJson, ct);
            rows = [.. rows.Where(r => AgencyChoice.Selected.Includes(rules.OwnersOf(
                types.Find(r.Type), LanguagePlans.SeriesOf(r.Type, r.Key, ContentJson.Parse(shared.GetValueOrDefault(r.ItemId))))))];
        }

        Rows = rows;
        return Page();
    }

    /// <summary>This view's address, to come back to after acting on a row.</summary>
    public string Self
    {
        get
        {
            var agency = AgencyChoice.Selected.Value == AgencyScope.Mine || (!AgencyChoice.HasMine && AgencyChoice.Selected.IsAll) ? null : AgencyChoice.Selected.Value;
            var query = new[] { Locale is null ? null : "locale=" + Locale, Type is null ? null : "type=" + Type, agency is null ? null : "agency=" + Uri.EscapeDataString(agency) }.OfType<string>().ToList();
            return "/admin/review" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
        }
    }
}
