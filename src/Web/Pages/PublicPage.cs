using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Web.Caching;
using PromoSite.Web.Localization;
using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

/// <summary>The services every public page needs, in one parameter so page models stay short.</summary>
public sealed record PublicPageServices(IContentDelivery Delivery, IStringLocalizer<PublicPage> Strings, IOptions<CmsOptions> Options, ContentTypeRegistry Types, TimeProvider Clock);

/// <summary>
/// What every public page shares: its locale (from the route), the delivery contract, UI strings,
/// absolute URLs, the breadcrumb trail, the language switcher and the head's SEO data.
/// </summary>
public abstract class PublicPage(PublicPageServices services) : PageModel
{
    private readonly IOptions<CmsOptions> options = services.Options;

    private readonly IStringLocalizer<PublicPage> strings = services.Strings;

    private readonly IContentDelivery delivery = services.Delivery;

    public ContentTypeRegistry Types => services.Types;

    protected TimeProvider Clock => services.Clock;

    protected IContentDelivery Delivery => delivery;

    public IStringLocalizer T => strings;

    public string Locale => RouteData.Values["locale"] as string ?? Locales.Source;

    public PageSeo? Seo { get; protected set; }

    public List<Crumb> Crumbs { get; } = [];

    /// <summary>The page and filters a list shows, read from its known query parameters.</summary>
    public ListRequest List { get; protected set; } = ListRequest.First;

    /// <summary>The pager's link to another page of this list: its path and known parameters only.</summary>
    public virtual string PageLink(int page) => $"{Request.Path}{List.QueryFor(page)}";

    /// <summary>Where the language switcher sends each locale: the same item or list in that language.</summary>
    public Dictionary<string, string> LanguageLinks { get; } = [];

    /// <summary>The places the page's map shows (_Map): a section's, a list's or the item's own; none, no map.</summary>
    public IReadOnlyList<Place> MapPlaces { get; protected set; } = [];

    /// <summary>Set when the content shown is in another language than the page's (a missing translation).</summary>
    public string? ShownLocale { get; protected set; }

    /// <summary>Lets partials reach the page they render in (their own model is the list they show).</summary>
    public override void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
        ViewData[nameof(PublicPage)] = this;
        base.OnPageHandlerSelected(context);
    }

    public string BaseUrl => options.Value.BaseUrlFor(Request);

    /// <summary>
    /// For pages whose address carries no locale (/s/{code}, the error page): the language the
    /// page speaks. The request culture was already set to it by the localization providers.
    /// </summary>
    protected void UseLocale(string locale) => RouteData.Values["locale"] = locale;

    public string Absolute(string path) => BaseUrl + path;

    /// <summary>
    /// Language links and SEO for a list or section page that exists in every language. Every URL is
    /// built from the route and the list's known parameters, never from the raw query: a cached page
    /// must not carry one visitor's ?fbclid=… to everyone.
    /// </summary>
    protected void DescribeListPage(string title, string description, string pathAfterLocale, ListRequest? list = null, string? type = null)
    {
        list ??= ListRequest.First;
        var query = list.Query;
        foreach (var locale in Locales.All)
        {
            LanguageLinks[locale] = $"/{locale}{pathAfterLocale}{query}";
        }

        if (list.Filters.Count > 0)
        {
            // A filter combination is a subset of the list, not a page of its own: kept out of the index
            // but followed, so the items it links to are still found. Google's faceted navigation guide
            // (https://developers.google.com/search/docs/crawling-indexing/crawling-managing-faceted-navigation)
            // asks for filtered URLs that need not be indexed to be kept out or pointed at the list with
            // rel=canonical; the canonical goes to the plain list so that signals consolidate there, and
            // hreflang names the plain lists too (hreflang must point at canonical URLs).
            var labels = string.Join(", ", list.Filters.Select(f => FilterLabel(type, f.Key, f.Value)));
            title = T["list.filteredTitle", title, labels];
            description = T["list.filteredDescription", description, labels];
        }

        if (list.Page > 1)
        {
            title = T["list.pageTitle", title, list.Page];
            description = T["list.pageDescription", description, list.Page];
        }

        // Each page of a paged list is its own canonical URL: Google asks not to point page 2 and on
        // at the first page (https://developers.google.com/search/docs/specialty/ecommerce/pagination-and-incremental-page-loading).
        // ?page=1 and empty filter values are the plain list and say so.
        var own = list.Filters.Count > 0 ? "" : ListQuery.Build([], list.Page);
        Seo = new PageSeo
        {
            Title = title,
            Description = description,
            Canonical = Absolute($"/{Locale}{pathAfterLocale}{own}"),
            Alternates = [.. Locales.All.Select(l => (Locales.HtmlLang(l), Absolute($"/{l}{pathAfterLocale}{own}")))],
            XDefault = Absolute($"/en{pathAfterLocale}{own}"),
            Index = list.Filters.Count == 0,
        };
        AddBreadcrumbJsonLd();
    }

    private string FilterLabel(string? type, string name, string value) => (type is null ? null : Types.Find(type)?.FieldsByName.GetValueOrDefault(name)) switch
    {
        { Stars: true } => T["ocop.stars", value],
        { Kind: FieldKind.Enum or FieldKind.EnumList } field => T[field.OptionKey(value)],
        { FilterAtLeast: true } field => T["filter.atLeast", WithUnit(field, value)],
        { PlaceName: true } => PlaceName(value),
        { Country: true } => WorldNames.Country(value, System.Globalization.CultureInfo.CurrentUICulture),
        { Agency: true } => FilterChoiceLabel(name, value) ?? value,
        _ => value,
    };

    /// <summary>How the page's filter form names a value it offers (an agency's name for its key); null when the page has no such choice.</summary>
    protected virtual string? FilterChoiceLabel(string field, string value) => null;

    /// <summary>A place as this language names it (짱봄, 边和), or as written where the strings give no form.</summary>
    public string PlaceName(string name) => T[FieldDefinition.PlaceKey(name)] is { ResourceNotFound: false } form ? form.Value : name;

    /// <summary>Language links and SEO for one item: canonical and hreflang only where a translation really exists.</summary>
    protected void DescribeItemPage(DeliveredItem item, string? ogType = null)
    {
        ShownLocale = item.IsFallback ? item.ResolvedLocale : null;
        HttpContext.ShowsItem(item);
        foreach (var locale in Locales.All)
        {
            LanguageLinks[locale] = item.Alternates.FirstOrDefault(a => a.Locale == locale)?.Path
                ?? ReplaceLocale(item.Path ?? Request.Path.Value ?? "/", locale);
        }

        var original = item.Alternates.FirstOrDefault(a => a.Locale == item.ResolvedLocale)?.Path ?? item.Path ?? Request.Path.Value!;
        var english = item.Alternates.FirstOrDefault(a => a.Locale == "en") ?? item.Alternates.FirstOrDefault(a => a.Locale == Locales.Source);
        Seo = new PageSeo
        {
            Title = item.SeoTitle ?? item.Title,
            Description = Describe(item),
            Canonical = Absolute(item.IsFallback ? original : item.Path ?? original),
            Alternates = [.. item.Alternates.Select(a => (Locales.HtmlLang(a.Locale), Absolute(a.Path)))],
            XDefault = english is null ? null : Absolute(english.Path),
            OpenGraphType = ogType ?? "article",

            // A fallback page is the original's text under another address: rel=canonical to the original
            // says so, and no noindex beside it. Google: "We don't recommend using noindex to prevent
            // selection of a canonical page within a single site ... rel="canonical" link annotations are
            // the preferred solution" (https://developers.google.com/search/docs/crawling-indexing/consolidate-duplicate-urls);
            // noindex with a canonical elsewhere sends two contradicting signals.
            Index = true,
        };
        AddBreadcrumbJsonLd();
    }

    /// <summary>A field value of an item as a reader should see it: enum values translated, numbers in the page's culture, agencies by their name.</summary>
    public string Label(DeliveredItem item, string field, JsonNode value)
    {
        var definition = Types.Find(item.Type)?.FieldsByName.GetValueOrDefault(field);
        return definition?.Kind switch
        {
            FieldKind.Text when definition.Agency => item.Agencies.GetValueOrDefault(field)?.Name ?? value.GetValue<string>(),
            FieldKind.Enum => T[definition.OptionKey(value.GetValue<string>())],
            FieldKind.EnumList when value is JsonArray options => string.Join(T["list.separator"], options.Select(o => T[definition.OptionKey(o!.GetValue<string>())].Value)),
            FieldKind.Integer => value.GetValue<int>().ToString(System.Globalization.CultureInfo.CurrentCulture), // years and issue numbers: no "2,015"
            FieldKind.Decimal => value.GetValue<decimal>().ToString("#,0.##", System.Globalization.CultureInfo.CurrentCulture),
            FieldKind.Date => FormatDate(value),
            FieldKind.Text when definition.PlaceName => PlaceName(value.GetValue<string>()),
            FieldKind.Text when definition.Country => WorldNames.Country(value.GetValue<string>(), System.Globalization.CultureInfo.CurrentUICulture),
            FieldKind.Text when definition.TimeZone => WorldNames.TimeZone(value.GetValue<string>(), OffsetDate(item), T),
            _ => value.ToString(),
        };
    }

    /// <summary>The day a time zone's offset is read for: the item's own (an event's start, when summer time may differ from today), else today.</summary>
    private DateTime OffsetDate(DeliveredItem item) =>
        Types.Find(item.Type)?.DateRangeStart is { } start && item.Fields[start] is { } date && DateOnly.TryParse(date.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var day)
            ? day.ToDateTime(new TimeOnly(12, 0))
            : Clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The types whose pages live in a section, each with its items in this language, in declaration
    /// order: what a section page shows, so a type added to the section appears there. Dated types
    /// (events) list what is on from today, soonest first; past ones are not promoted.
    /// </summary>
    protected async Task<List<(ContentTypeDefinition Type, IReadOnlyList<DeliveredItem> Items)>> SectionPartsAsync(string section, ContentTypeDefinition? except, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(services.Clock.GetUtcNow().UtcDateTime);
        var parts = new List<(ContentTypeDefinition, IReadOnlyList<DeliveredItem>)>();
        foreach (var type in Types.InSection(section).Where(t => t != except))
        {
            var query = type.DateRangeStart is { } start
                ? new ContentQuery(Locale, type.Name, From: today, Sort: start, PageSize: ContentQuery.MaxPageSize)
                : new ContentQuery(Locale, type.Name, PageSize: ContentQuery.MaxPageSize);
            parts.Add((type, (await delivery.ListAsync(query, ct)).Items));
        }

        return parts;
    }

    /// <summary>A language's name in the page's language ("ベトナム語" on a Japanese page), for notices that say what a page is shown in.</summary>
    public string LanguageName(string locale) => T[$"language.{locale}"];

    /// <summary>The media reference that pictures an item: the field its type declares [Picture] (an image, an issue's cover).</summary>
    public JsonNode? PictureOf(DeliveredItem item) => Types.Get(item.Type).PictureField is { } field ? item.Fields[field.Name] : null;

    /// <summary>A number with its declared unit, in the page's language ("1,200 ha", "35 km").</summary>
    public string WithUnit(FieldDefinition field, string value) => field.UnitKey is { } unit ? value + " " + T[unit] : value;

    public string FormatDate(JsonNode value) =>
        DateOnly.TryParseExact(value.GetValue<string>(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date.ToString("D", System.Globalization.CultureInfo.CurrentCulture)
            : value.GetValue<string>();

    public static string Describe(DeliveredItem item)
    {
        var text = item.SeoDescription ?? item.Summary ?? MarkdownRenderer.ToPlainText(item.Fields["body"]?.GetValue<string>());
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 160 ? text : text[..157].TrimEnd() + "…";
    }

    protected static string ReplaceLocale(string path, string locale)
    {
        var end = path.IndexOf('/', 1);
        return end < 0 ? $"/{locale}" : $"/{locale}{path[end..]}";
    }

    private void AddBreadcrumbJsonLd()
    {
        if (Seo is null || Crumbs.Count == 0)
        {
            return;
        }

        var list = new JsonArray();
        for (var i = 0; i < Crumbs.Count; i++)
        {
            list.Add(new JsonObject
            {
                ["@type"] = "ListItem",
                ["position"] = i + 1,
                ["name"] = Crumbs[i].Name,
                ["item"] = Absolute(Crumbs[i].Path),
            });
        }

        Seo.JsonLd.Add(new JsonObject { ["@context"] = "https://schema.org", ["@type"] = "BreadcrumbList", ["itemListElement"] = list });
    }
}
