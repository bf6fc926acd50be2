using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

public sealed class NewsModel(PublicPageServices services) : PublicPage(services)
{
    public ContentPage Results { get; private set; } = new([], 1, ListQuery.PageSize, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Results = await Delivery.ListAsync(new ContentQuery(Locale, "articles", Page: ListQuery.Page(Request.Query), PageSize: ListQuery.PageSize), ct);
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.news"], $"/{Locale}/news/"));
        DescribeListPage(T["news.title"], T["news.intro"], "/news/");
    }
}
