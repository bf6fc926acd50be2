using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

public sealed class OcopModel(PublicPageServices services) : PublicPage(services)
{
    public ContentTypeDefinition Type => Types.Get("ocop-products");

    public Dictionary<string, string> Filters { get; private set; } = [];

    public ContentPage Results { get; private set; } = new([], 1, ListQuery.PageSize, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Filters = ListQuery.Filters(Request.Query, Type, "stars", "category");
        Results = await Delivery.ListAsync(new ContentQuery(Locale, Type.Name, Filters, Sort: "-stars", Page: ListQuery.Page(Request.Query), PageSize: ListQuery.PageSize), ct);
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.ocop"], $"/{Locale}/ocop/"));
        DescribeListPage(T["ocop.title"], T["ocop.intro"], "/ocop/");
    }
}
