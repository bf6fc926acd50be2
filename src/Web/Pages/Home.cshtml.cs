using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

public sealed class HomeModel(PublicPageServices services) : PublicPage(services)
{
    public IReadOnlyList<DeliveredItem> Issues { get; private set; } = [];

    public IReadOnlyList<DeliveredItem> News { get; private set; } = [];

    public DeliveredItem? About { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Issues = (await Delivery.ListAsync(new ContentQuery(Locale, PublicationIssue.Key, PageSize: 4), ct)).Items;
        News = (await Delivery.ListAsync(new ContentQuery(Locale, Article.Key, PageSize: 3), ct)).Items;
        About = await Delivery.GetByKeyAsync(Locale, SitePage.Key, "gioi-thieu", ct);

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        DescribeListPage(T["home.title"], T["home.tagline"], "/");
        Seo!.XDefault = Absolute("/"); // the language chooser at the root is the page for everyone else
        Seo!.JsonLd.AddRange(JsonLd.ForSite(new JsonLdSite(T["org.name"], Absolute($"/{Locale}/")), T["site.name"], Absolute($"/{Locale}/"), [Cms.Content.Locales.HtmlLang(Locale)]));
    }
}
