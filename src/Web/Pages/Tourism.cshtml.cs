using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

public sealed class TourismModel(PublicPageServices services, TimeProvider clock) : PublicPage(services)
{
    public IReadOnlyList<DeliveredItem> Events { get; private set; } = [];

    public IReadOnlyList<DeliveredItem> Destinations { get; private set; } = [];

    public IReadOnlyList<DeliveredItem> Dishes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Upcoming and current events first, soonest first; past ones are not promoted here.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Events = (await Delivery.ListAsync(new ContentQuery(Locale, "events", From: today, Sort: "startDate", PageSize: ContentQuery.MaxPageSize), ct)).Items;
        Destinations = (await Delivery.ListAsync(new ContentQuery(Locale, "destinations", PageSize: ContentQuery.MaxPageSize), ct)).Items;
        Dishes = (await Delivery.ListAsync(new ContentQuery(Locale, "dishes", PageSize: ContentQuery.MaxPageSize), ct)).Items;

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.tourism"], $"/{Locale}/tourism/"));
        DescribeListPage(T["tourism.title"], T["tourism.intro"], "/tourism/");
    }
}
