using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

/// <summary>
/// The issues saved on this device for offline reading. The list lives in the browser (Cache
/// Storage), so the server sends the same page to everyone and /offline.js fills it in; the
/// service worker also shows this page, with an "offline" notice, for a page that was not saved.
/// </summary>
public sealed class SavedModel(PublicPageServices services) : PublicPage(services)
{
    public void OnGet()
    {
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.publications"], $"/{Locale}/publications/"));
        Crumbs.Add(new(T["reader.savedTitle"], $"/{Locale}/publications/saved"));
        DescribeListPage(T["reader.savedTitle"], T["reader.savedIntro"], "/publications/saved");
        // Nothing on it is content: not for search engines.
        Seo = new PageSeo { Title = Seo!.Title, Description = Seo.Description, Canonical = Seo.Canonical, Alternates = Seo.Alternates, XDefault = Seo.XDefault, Index = false };
    }
}
