using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Pages;

/// <summary>
/// Two to four items of a comparable type side by side (/{locale}/investment/parks/compare?parks=a&amp;parks=b),
/// from the list page's checkboxes: a plain GET form, so it works without JavaScript. Items are named
/// by their stable keys, the same in every language, so the language switcher keeps the comparison.
/// A comparison is a view of items that have pages of their own: it is not indexed (noindex, follow),
/// and its canonical is its own normalised address (the keys in the order asked), not the list, which
/// it does not duplicate. Its routes are made from the declarations (<see cref="PublicSiteExtensions"/>).
/// </summary>
public sealed class CompareModel(PublicPageServices services) : PublicPage(services)
{
    public ContentTypeDefinition Type { get; private set; } = null!;

    public Comparison? Comparison { get; private set; }

    /// <summary>The sentence that says why no comparison is shown, in the page's language.</summary>
    public string? Problem { get; private set; }

    public string ListPath => $"/{Locale}/{Type.ListPath}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var path = (Request.Path.Value ?? "")[(Locale.Length + 1)..].Trim('/');
        if (Types.All.FirstOrDefault(t => t.ComparePath == path) is not { } type)
        {
            return NotFound();
        }

        Type = type;
        var keys = Request.Query[type.CompareParameter!].Select(k => k ?? "").Where(k => k.Length > 0).ToList();
        var comparison = await ItemComparison.LoadAsync(Delivery, type, Locale, keys, ct);
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        if (type.Section is { } section)
        {
            Crumbs.Add(new(T[$"nav.{section}"], $"/{Locale}/{section}/"));
        }

        Crumbs.Add(new(T[type.LabelKey], ListPath));
        var title = T[type.CompareTitleKey];
        var query = ListQuery.Build(keys.Select(k => (type.CompareParameter!, k)));
        Crumbs.Add(new(title, $"/{Locale}/{path}{query}"));
        foreach (var locale in Locales.All)
        {
            LanguageLinks[locale] = $"/{locale}/{path}{query}";
        }

        if (comparison.Problem != ComparisonProblem.None)
        {
            // Said on the page, in the visitor's language, with the way back: 400 for a choice that
            // cannot be compared, 404 when a park is not published (as its own page would answer).
            Response.StatusCode = comparison.Problem == ComparisonProblem.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            Problem = T[comparison.Problem switch
            {
                ComparisonProblem.TooFew => "compare.tooFew",
                ComparisonProblem.TooMany => "compare.tooMany",
                ComparisonProblem.Duplicate => "compare.duplicate",
                _ => "compare.unknown",
            }];
            Seo = new Seo.PageSeo { Title = title, Description = Problem, Canonical = Absolute(ListPath), Index = false };
            return Page();
        }

        Comparison = comparison;
        foreach (var item in comparison.Items)
        {
            Caching.HttpCaching.ShowsItem(HttpContext, item);
        }

        var names = string.Join(T["list.separator"], comparison.Items.Select(i => i.Title));
        Seo = new Seo.PageSeo
        {
            Title = $"{title}: {names}",
            Description = T["compare.description", names],
            Canonical = Absolute($"/{Locale}/{path}{query}"),
            Alternates = [.. Locales.All.Select(l => (Locales.HtmlLang(l), Absolute($"/{l}/{path}{query}")))],
            Index = false,
        };
        return Page();
    }

    /// <summary>A figure as the table shows it: the value with its unit, or "not published".</summary>
    public string Show(DeliveredItem item, FieldDefinition field, System.Text.Json.Nodes.JsonNode? value) =>
        value is null || value is System.Text.Json.Nodes.JsonArray { Count: 0 } ? T["compare.notPublished"] : WithUnit(field, Label(item, field.Name, value));
}
