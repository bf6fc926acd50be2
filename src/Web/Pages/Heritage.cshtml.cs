using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

public sealed class HeritageModel(PublicPageServices services) : PublicPage(services)
{
    public List<(string Rank, IReadOnlyList<DeliveredItem> Items)> ByRank { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        foreach (var rank in Types.Get<HeritageSite>().FieldsByName["rank"].Options)
        {
            var filters = new Dictionary<string, string> { ["rank"] = rank };
            var items = (await Delivery.ListAsync(new ContentQuery(Locale, HeritageSite.Key, filters, PageSize: ContentQuery.MaxPageSize), ct)).Items;
            if (items.Count > 0)
            {
                ByRank.Add((rank, items));
            }
        }

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.heritage"], $"/{Locale}/heritage/"));
        MapPlaces = await Places.ListAsync(Delivery, Types, Locale, null, SiteSections.Heritage, ct);
        DescribeListPage(T["heritage.title"], T["heritage.intro"], "/heritage/");
    }
}
