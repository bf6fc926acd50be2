using PromoSite.Cms.Content;
using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

public sealed class OcopModel(PublicPageServices services) : PublicPage(services)
{
    public ContentTypeDefinition Type => Types.Get("ocop-products");

    public Dictionary<string, string> Filters { get; private set; } = [];

    public ContentPage Results { get; private set; } = new([], 1, ListQuery.PageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ListQuery.Read(Request.Query, Type, "stars", "category") is not { } list)
        {
            return NotFound();
        }

        (List, Filters) = (list, new(list.Filters));
        Results = await Delivery.ListAsync(new ContentQuery(Locale, Type.Name, Filters, Sort: "-stars", Page: list.Page, PageSize: ListQuery.PageSize), ct);
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
