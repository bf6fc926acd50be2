using PromoSite.Cms.Content;
using PromoSite.Web.Localization;
using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

public sealed class IndexModel(PublicPageServices services, UiStrings strings) : PublicPage(services)
{
    public Dictionary<string, string> Welcome { get; } = [];

    public void OnGet()
    {
        foreach (var locale in Locales.All)
        {
            Welcome[locale] = strings.Find(locale, "home.tagline") ?? "";
            LanguageLinks[locale] = $"/{locale}/";
        }

        Seo = new PageSeo
        {
            Title = "Đồng Nai",
            // The chooser is served as lang="vi" (the source language), so its description is Vietnamese too.
            Description = strings.Find(Locales.Source, "home.tagline") ?? "",
            Canonical = Absolute("/"),
            Alternates = [.. Locales.All.Select(l => (Locales.HtmlLang(l), Absolute($"/{l}/")))],
            XDefault = Absolute("/"),
        };

        // The root is the site's home for search engines: the WebSite (its name) and the organisation behind it.
        Seo.JsonLd.AddRange(JsonLd.ForSite(
            new JsonLdSite(strings.Find(Locales.Source, "org.name") ?? "", Absolute("/")),
            strings.Find(Locales.Source, "site.name") ?? "Đồng Nai",
            Absolute("/"),
            [.. Locales.All.Select(Locales.HtmlLang)]));
    }
}
