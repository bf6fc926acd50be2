using PromoSite.Cms.Content;
using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

public sealed class NewsModel(PublicPageServices services) : PublicPage(services)
{
    public ContentPage Results { get; private set; } = new([], 1, ListQuery.PageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ListQuery.Read(Request.Query) is not { } list)
        {
            return NotFound();
        }

        List = list;
        Results = await Delivery.ListAsync(new ContentQuery(Locale, Article.Key, Page: list.Page, PageSize: ListQuery.PageSize), ct);
        if (list.Page > Math.Max(Results.TotalPages, 1))
        {
            return NotFound();
        }

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.news"], $"/{Locale}/news/"));
        DescribeListPage(T["news.title"], T["news.intro"], "/news/", list);
        return Page();
    }
}
