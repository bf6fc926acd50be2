using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

/// <summary>The tourism section: every type whose pages live in it, each with its items and a link to its full list.</summary>
public sealed class TourismModel(PublicPageServices services, TimeProvider clock) : PublicPage(services)
{
    public List<(ContentTypeDefinition Type, IReadOnlyList<DeliveredItem> Items)> Parts { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var type in Types.InSection(SiteSections.Tourism))
        {
            // Dated types (events): upcoming and current ones, soonest first; past ones are not promoted here.
            var query = type.DateRangeStart is { } start
                ? new ContentQuery(Locale, type.Name, From: today, Sort: start, PageSize: ContentQuery.MaxPageSize)
                : new ContentQuery(Locale, type.Name, PageSize: ContentQuery.MaxPageSize);
            Parts.Add((type, (await Delivery.ListAsync(query, ct)).Items));
        }

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.tourism"], $"/{Locale}/tourism/"));
        DescribeListPage(T["tourism.title"], T["tourism.intro"], "/tourism/");
    }
}
