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
            Description = strings.Find("en", "home.tagline") ?? "",
            Canonical = Absolute("/"),
            Alternates = [.. Locales.All.Select(l => (Locales.HtmlLang(l), Absolute($"/{l}/")))],
            XDefault = Absolute("/"),
        };
    }
}
