using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Publications;

namespace PromoSite.Web.Pages;

public sealed class InvestmentModel(PublicPageServices services, PublicationIssues publications) : PublicPage(services)
{
    public ContentTypeDefinition Projects => Types.Get<InvestmentProject>();

    public IReadOnlyList<ListFilter> Filters { get; private set; } = [];

    public string Action => $"/{Locale}/investment/";

    public ContentPage ProjectResults { get; private set; } = new([], 1, ListQuery.PageSize, 0);

    /// <summary>The section's other types (parks, incentives…), each with its items, in declaration order.</summary>
    public IReadOnlyList<(ContentTypeDefinition Type, IReadOnlyList<DeliveredItem> Items)> Parts { get; private set; } = [];

    public DeliveredItem? Brochure { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (list, filters) = await ListFilters.ReadAsync(this, Delivery, Projects, Request.Query, ct);
        if (list is null)
        {
            return NotFound();
        }

        (List, Filters) = (list, filters);
        ProjectResults = await Delivery.ListAsync(new ContentQuery(Locale, Projects.Name, list.Filters, Page: list.Page, PageSize: ListQuery.PageSize), ct);
        if (list.Page > Math.Max(ProjectResults.TotalPages, 1))
        {
            return NotFound();
        }

        Parts = await SectionPartsAsync(SiteSections.Investment, except: Projects, ct);

        Brochure = (await publications.OfSeriesAsync(Locale, "cam-nang-dau-tu", ct)).FirstOrDefault();

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.investment"], $"/{Locale}/investment/"));
        MapPlaces = await Places.ListAsync(Delivery, Types, Locale, null, SiteSections.Investment, ct);
        DescribeListPage(T["investment.title"], T["investment.intro"], "/investment/", list, Projects.Name);
        return Page();
    }
}
