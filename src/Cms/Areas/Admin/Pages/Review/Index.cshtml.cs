using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Review;

namespace PromoSite.Cms.Areas.Admin.Pages.Review;

/// <summary>
/// The reviewer's desk: every language version in review that the signed-in person may publish,
/// urgent (fast lane) first, narrowed by language and type; approve or send back from the row.
/// </summary>
[Authorize(Policy = Policies.ReviewQueue)]
public sealed class IndexModel(ReviewDesk desk, ContentTypeRegistry types) : AdminPage
{
    public IReadOnlyList<ReviewRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> MyLocales { get; private set; } = [];

    public string? Locale { get; private set; }

    public string? Type { get; private set; }

    public string? Reviewed { get; private set; }

    public ContentTypeRegistry Types => types;

    public async Task<IActionResult> OnGetAsync(string? locale, string? type, string? reviewed, CancellationToken ct)
    {
        MyLocales = [.. Locales.All.Where(l => Permissions.CanPublish(User, l))];
        Locale = MyLocales.Contains(locale) ? locale : null;
        Type = types.Find(type ?? "")?.Name;
        Reviewed = reviewed is "approved" or "sentBack" ? reviewed : null;
        Rows = await desk.QueueAsync(new ReviewFilter(MyLocales, Locale, Type), ct);
        return Page();
    }

    /// <summary>This view's address, to come back to after acting on a row.</summary>
    public string Self => "/admin/review" + (Locale is null && Type is null ? "" : "?" + string.Join('&', new[] { Locale is null ? null : "locale=" + Locale, Type is null ? null : "type=" + Type }.OfType<string>()));
}
