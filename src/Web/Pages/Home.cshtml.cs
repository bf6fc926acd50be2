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
        Issues = (await Delivery.ListAsync(new ContentQuery(Locale, "publication-issues", PageSize: 4), ct)).Items;
        News = (await Delivery.ListAsync(new ContentQuery(Locale, "articles", PageSize: 3), ct)).Items;
        About = await Delivery.GetByKeyAsync(Locale, "pages", "gioi-thieu", ct);

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        DescribeListPage(T["home.title"], T["home.tagline"], "/");
        Seo!.XDefault = Absolute("/"); // the language chooser at the root is the page for everyone else
        Seo!.JsonLd.AddRange(JsonLd.ForSite(new JsonLdSite(T["org.name"], Absolute($"/{Locale}/")), T["site.name"], Absolute($"/{Locale}/"), [Cms.Content.Locales.HtmlLang(Locale)]));
    }
}
