using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Content;
using PromoSite.Cms.Sharing;
using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

/// <summary>
/// /s/{code}: a permanent redirect to the linked item's current address, whatever its slug is now.
/// If the item is not published any more, the visitor gets a page in the link's language that
/// says so and offers the section, never a bare error.
/// </summary>
public sealed class ShortLinkModel(PublicPageServices services, ShortLinkService links, VisitRecorder analytics) : PublicPage(services)
{
    public string StateTitle { get; private set; } = "";

    public string StateText { get; private set; } = "";

    public string SectionPath { get; private set; } = "";

    public string SectionName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var target = await links.ResolveAsync(code, ct);
        if (target is not null)
        {
            var link = target.Link;
            analytics.RecordScan(HttpContext, link.Code, link.Locale, link.ItemId, target.Item?.Path, link.Campaign, link.Channel);
        }

        if (target?.Item?.Path is { } path)
        {
            return RedirectPermanent(ShortLinkService.CampaignTarget(path, target.Link));
        }

        var locale = target?.Link.Locale ?? Locales.Source;
        UseLocale(locale);
        var section = target?.Type is { } type ? Types.Find(type)?.Section : null;
        (SectionPath, SectionName) = section is null ? ($"/{locale}/", T["nav.home"].Value) : ($"/{locale}/{section}/", T[$"nav.{section}"].Value);
        (StateTitle, StateText) = target is null ? (T["notfound.title"].Value, T["notfound.text"].Value) : (T["unavailable.title"].Value, T["unavailable.text"].Value);
        Response.StatusCode = StatusCodes.Status404NotFound;
        Crumbs.Add(new(T["nav.home"], $"/{locale}/"));
        Seo = new PageSeo { Title = StateTitle, Description = StateText, Canonical = Absolute($"/{locale}/"), Index = false };
        foreach (var l in Locales.All)
        {
            LanguageLinks[l] = $"/{l}/";
        }

        return Page();
    }
}
