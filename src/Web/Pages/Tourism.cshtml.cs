using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

/// <summary>The tourism section: every type whose pages live in it, each with its items and a link to its full list.</summary>
public sealed class TourismModel(PublicPageServices services) : PublicPage(services)
{
    public IReadOnlyList<(ContentTypeDefinition Type, IReadOnlyList<DeliveredItem> Items)> Parts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Parts = await SectionPartsAsync(SiteSections.Tourism, except: null, ct);
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.tourism"], $"/{Locale}/tourism/"));
        MapPlaces = await Places.ListAsync(Delivery, Types, Locale, null, SiteSections.Tourism, ct);
        DescribeListPage(T["tourism.title"], T["tourism.intro"], "/tourism/");
    }
}
