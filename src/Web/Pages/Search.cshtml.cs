using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Content;
using PromoSite.Cms.Search;

namespace PromoSite.Web.Pages;

public sealed class SearchModel(PublicPageServices services, ContentSearch search, IConfiguration configuration) : PublicPage(services)
{
    /// <summary>
    /// On in the process that renders the static export: the search page there says it searches the
    /// exported copy and does so in the browser (wwwroot/search-static.js, over the index Export/ExportedSearch serves).
    /// </summary>
    public const string ExportedCopySetting = "Export:StaticSearch";

    public bool SearchesExportedCopy => configuration.GetValue(ExportedCopySetting, defaultValue: false);

    /// <summary>
    /// The parts of the exported copy's index of a language, one per type with pages, in the types' order (the order
    /// the script's results tie in); Export/ExportedSearch serves and writes them. One part per type so that an edit
    /// rewrites its type's part, not the language's whole index.
    /// </summary>
    public static IEnumerable<string> StaticIndexPaths(string locale, ContentTypeRegistry types) =>
        types.WithPages.Select(t => StaticIndexPath(locale, t.Name));

    public static string StaticIndexPath(string locale, string type) => $"/{locale}/search-index/{type}.json";

    public string Query { get; private set; } = "";

    public string? Section { get; private set; }

    public SearchResults? Results { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ListQuery.Read(Request.Query) is not { } list)
        {
            return NotFound();
        }

        List = list;
        Query = Request.Query["q"].ToString();
        if (Query.Length > SearchText.MaxQueryLength)
        {
            Query = Query[..SearchText.MaxQueryLength];
        }

        var section = Request.Query["section"].ToString();
        Section = SiteSections.All.Contains(section) || section == ContentSearch.OtherPages ? section : null;
        Results = await search.SearchAsync(new SearchRequest(Locale, Query, Section: Section, Page: list.Page, PageSize: ListQuery.PageSize), Types, ct);

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["search.title"], $"/{Locale}/search"));
        DescribeListPage(T["search.title"], T["search.title"], "/search");
        Seo = new Seo.PageSeo { Title = Query.Length > 0 ? $"{Query} · {T["search.title"]}" : T["search.title"], Description = T["search.title"], Canonical = Seo!.Canonical, Index = false };
        return Page();
    }

    /// <summary>A link to these results in another section (null: all), from the known parameters only.</summary>
    public string SectionLink(string? section) => $"{Request.Path}{ListQuery.Build(Known(section))}";

    public override string PageLink(int page) => $"{Request.Path}{ListQuery.Build(Known(Section), page)}";

    private List<(string, string)> Known(string? section) => section is null ? [("q", Query)] : [("q", Query), ("section", section)];
}

/// <summary>The navigation key of the section a type belongs to ("home" for static pages).</summary>
public static class ContentSearchSections
{
    public static string Of(ContentTypeRegistry types, string type) => types.Get(type).Section ?? "home";
}
