using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

public sealed class OcopModel(PublicPageServices services) : PublicPage(services)
{
    public ContentTypeDefinition Type => Types.Get<OcopProduct>();

    public IReadOnlyList<ListFilter> Filters { get; private set; } = [];

    public string Action => $"/{Locale}/ocop/";

    public ContentPage Results { get; private set; } = new([], 1, ListQuery.PageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (list, filters) = await ListFilters.ReadAsync(this, Delivery, Type, Request.Query, ct);
        if (list is null)
        {
            return NotFound();
        }

        (List, Filters) = (list, filters);
        Results = await Delivery.ListAsync(new ContentQuery(Locale, Type.Name, list.Filters, Sort: "-stars", Page: list.Page, PageSize: ListQuery.PageSize), ct);
        if (list.Page > Math.Max(Results.TotalPages, 1))
        {
            return NotFound();
        }

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.ocop"], $"/{Locale}/ocop/"));
        DescribeListPage(T["ocop.title"], T["ocop.intro"], "/ocop/", list, Type.Name);
        return Page();
    }
}
