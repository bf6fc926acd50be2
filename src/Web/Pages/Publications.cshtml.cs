using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

public sealed class PublicationsModel(PublicPageServices services) : PublicPage(services)
{
    public List<(DeliveredItem Series, IReadOnlyList<DeliveredItem> Issues)> Series { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        foreach (var series in (await Delivery.ListAsync(new ContentQuery(Locale, Publication.Key, PageSize: ContentQuery.MaxPageSize), ct)).Items)
        {
            Series.Add((series, [.. (await Delivery.ListIssuesAsync(Locale, series.Key, ct)).Take(4)]));
        }

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.publications"], $"/{Locale}/publications/"));
        DescribeListPage(T["publications.title"], T["publications.intro"], "/publications/");
    }
}
