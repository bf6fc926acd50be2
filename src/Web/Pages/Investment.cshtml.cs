using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Publications;

namespace PromoSite.Web.Pages;

public sealed class InvestmentModel(PublicPageServices services, PublicationIssues publications) : PublicPage(services)
{
    public ContentTypeDefinition Projects => Types.Get("investment-projects");

    public Dictionary<string, string> Filters { get; private set; } = [];

    public ContentPage ProjectResults { get; private set; } = new([], 1, ListQuery.PageSize, 0);

    public IReadOnlyList<string> Localities { get; private set; } = [];

    public IReadOnlyList<DeliveredItem> Parks { get; private set; } = [];

    public IReadOnlyList<DeliveredItem> Incentives { get; private set; } = [];

    public DeliveredItem? Brochure { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ListQuery.Read(Request.Query, Projects, "sector", "status", "locality") is not { } list)
        {
            return NotFound();
        }

        var all = await Delivery.ListAsync(new ContentQuery(Locale, Projects.Name, PageSize: ContentQuery.MaxPageSize), ct);
        Localities = [.. all.Items.Select(i => i.Fields["locality"]?.GetValue<string>()).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        (List, Filters) = (list, new(list.Filters));
        ProjectResults = await Delivery.ListAsync(new ContentQuery(Locale, Projects.Name, Filters, Page: list.Page, PageSize: ListQuery.PageSize), ct);

        // A locality is free text: one no project has is as meaningless as an unknown sector.
        if (list.Page > Math.Max(ProjectResults.TotalPages, 1) || (Filters.TryGetValue("locality", out var locality) && !Localities.Contains(locality)))
        {
            return NotFound();
        }

        Parks = (await Delivery.ListAsync(new ContentQuery(Locale, "industrial-parks", PageSize: ContentQuery.MaxPageSize), ct)).Items;
        Incentives = (await Delivery.ListAsync(new ContentQuery(Locale, "incentives", PageSize: ContentQuery.MaxPageSize), ct)).Items;
        Brochure = (await publications.OfSeriesAsync(Locale, "cam-nang-dau-tu", ct)).FirstOrDefault();

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.investment"], $"/{Locale}/investment/"));
        DescribeListPage(T["investment.title"], T["investment.intro"], "/investment/", list, Projects.Name);
        return Page();
    }
}
