using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Publications;

namespace PromoSite.Web.Pages;

public sealed class PublicationsModel(PublicPageServices services, PublicationIssues publications) : PublicPage(services)
{
    public List<(DeliveredItem Series, IReadOnlyList<DeliveredItem> Issues)> Series { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        foreach (var series in (await Delivery.ListAsync(new ContentQuery(Locale, Publication.Key, PageSize: ContentQuery.MaxPageSize), ct)).Items)
        {
            Series.Add((series, [.. (await publications.OfSeriesAsync(Locale, series.Key, ct)).Take(4)]));
        }

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.publications"], $"/{Locale}/publications/"));
        DescribeListPage(T["publications.title"], T["publications.intro"], "/publications/");
    }
}
