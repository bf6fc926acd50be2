using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Publications;

namespace PromoSite.Cms.Api;

/// <summary>
/// The public JSON delivery API, /api/v1/{locale}/...: the same contract the public site reads
/// in-process, for other systems (the national portal, apps, a public node with only this URL).
/// It lives apart from the contract (Delivery) because it also serves what builds on the contract
/// (media, search, publications): the contract depends on none of its consumers.
/// Anonymous callers see published content only. Responses carry an ETag and answer
/// If-None-Match with 304; errors are ProblemDetails.
/// </summary>
public static class DeliveryApi
{
    private static readonly HashSet<string> ReservedParameters = new(StringComparer.OrdinalIgnoreCase) { "page", "pageSize", "sort", "from", "to" };

    public static IEndpointRouteBuilder MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/{locale}")
            .WithTags("Delivery")
            .AddEndpointFilter(RequireSupportedLocale);

        api.MapGet("/search", SearchAsync)
            .WithName("Search")
            .WithSummary("Published items of every type matching q, ranked, with highlighted snippets, facets by section and type, and paging. Results in the locale come first, then fallback-language ones, marked.");
        api.MapGet("/publications/{series}/{issue}", GetIssueAsync)
            .WithName("GetPublicationIssue")
            .WithSummary("One publication issue with its articles in reading order.");
        api.MapGet("/{type}", ListAsync)
            .WithName("ListContent")
            .WithSummary("Published items of a type, with fallback, filters (field=value, from/to for events), sort and paging.");
        api.MapGet("/{type}/{slug}", GetAsync)
            .WithName("GetContent")
            .WithSummary("One published item by its slug in this locale (or a fallback locale's).");
        return app;
    }

    private static async ValueTask<object?> RequireSupportedLocale(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var locale = context.HttpContext.GetRouteValue("locale") as string;
        if (!Locales.IsSupported(locale))
        {
            return TypedResults.Problem(
                title: "Unsupported locale",
                detail: $"'{locale}' is not a supported locale. Supported: {string.Join(", ", Locales.All)}.",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["supportedLocales"] = Locales.All });
        }

        return await next(context);
    }

    private static async Task<Results<EtaggedJson<ListDto>, ProblemHttpResult>> ListAsync(
        string locale, string type, HttpContext http, IContentDelivery delivery, ContentTypeRegistry types, Media.MediaImages images, IOptions<CmsOptions> options, CancellationToken ct)
    {
        var definition = types.Find(type);
        if (definition is null)
        {
            return UnknownType(type, types);
        }

        var request = http.Request.Query;
        var problems = new List<string>();
        var query = new ContentQuery(
            locale,
            type,
            Filters: request.Where(p => !ReservedParameters.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal),
            From: ParseDate(request["from"], "from", problems),
            To: ParseDate(request["to"], "to", problems),
            Sort: request["sort"].FirstOrDefault() is { Length: > 0 } sort ? sort : null,
            Page: ParseInt(request["page"], "page", 1, problems),
            PageSize: ParseInt(request["pageSize"], "pageSize", 20, problems));
        problems.AddRange(ContentDeliveryService.Validate(definition, query));
        if (problems.Count > 0)
        {
            return TypedResults.Problem(title: "Invalid query", detail: string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest);
        }

        var page = await delivery.ListAsync(query, ct);
        var baseUrl = BaseUrl(http, options.Value);
        var items = new List<ItemDto>(page.Items.Count);
        foreach (var item in page.Items)
        {
            items.Add(await WithMediaAsync(ItemDto.From(item, baseUrl), item, locale, types, images, baseUrl, ct));
        }

        return new EtaggedJson<ListDto>(new ListDto(items, page.Page, page.PageSize, page.TotalItems, page.TotalPages));
    }

    private static async Task<Results<EtaggedJson<ItemDto>, ProblemHttpResult, RedirectHttpResult>> GetAsync(
        string locale, string type, string slug, HttpContext http, IContentDelivery delivery, PublicationIssues publications, ContentTypeRegistry types, Media.MediaImages images, IOptions<CmsOptions> options, CancellationToken ct)
    {
        if (types.Find(type) is null)
        {
            return UnknownType(type, types);
        }

        var lookup = await delivery.GetAsync(locale, type, slug, ct);
        var baseUrl = BaseUrl(http, options.Value);
        switch (lookup.Status)
        {
            case LookupStatus.Found:
                var dto = await WithMediaAsync(ItemDto.From(lookup.Item!, baseUrl), lookup.Item!, locale, types, images, baseUrl, ct);
                if (type == PublicationIssues.SeriesType)
                {
                    var issues = await publications.OfSeriesAsync(locale, lookup.Item!.Key, ct);
                    dto = dto with { Issues = [.. issues.Select(i => ItemDto.From(i, baseUrl) with { Fields = null, Html = null })] };
                }

                return new EtaggedJson<ItemDto>(dto);
            case LookupStatus.Moved:
                return TypedResults.Redirect(permanent: true, url: $"/api/v1/{locale}/{type}/{LastSegment(lookup.RedirectPath!)}");
            default:
                return NotAvailable(lookup.Status, $"No published {type} item has the slug '{slug}' in {locale} or its fallback languages.");
        }
    }

    private static async Task<Results<EtaggedJson<IssueDto>, ProblemHttpResult, RedirectHttpResult>> GetIssueAsync(
        string locale, string series, string issue, HttpContext http, PublicationIssues publications, ContentTypeRegistry types, Media.MediaImages images, IOptions<CmsOptions> options, CancellationToken ct)
    {
        var lookup = await publications.GetAsync(locale, series, issue, ct);
        switch (lookup.Status)
        {
            case LookupStatus.Found:
                var baseUrl = BaseUrl(http, options.Value);
                var articles = new List<ItemDto>();
                foreach (var article in lookup.Articles!)
                {
                    articles.Add(await WithMediaAsync(ItemDto.From(article, baseUrl), article, locale, types, images, baseUrl, ct));
                }

                return new EtaggedJson<IssueDto>(new IssueDto(
                    ItemDto.From(lookup.Series!, baseUrl) with { Fields = null, Html = null },
                    await WithMediaAsync(ItemDto.From(lookup.Issue!, baseUrl), lookup.Issue!, locale, types, images, baseUrl, ct),
                    articles));
            case LookupStatus.Moved:
                return TypedResults.Redirect(permanent: true, url: "/api/v1" + lookup.RedirectPath); // issue paths mirror the API's
            default:
                return NotAvailable(lookup.Status, $"No published issue '{issue}' of series '{series}' in {locale} or its fallback languages.");
        }
    }

    private static async Task<Results<EtaggedJson<SearchDto>, ProblemHttpResult>> SearchAsync(
        string locale, string? q, string? type, string? section, HttpContext http, Search.ContentSearch search, ContentTypeRegistry types, IOptions<CmsOptions> options, CancellationToken ct)
    {
        var problems = new List<string>();
        var page = ParseInt(http.Request.Query["page"], "page", 1, problems);
        var pageSize = ParseInt(http.Request.Query["pageSize"], "pageSize", 20, problems);
        if (type is { Length: > 0 } && types.Find(type) is null)
        {
            problems.Add($"'type' must be one of {string.Join(", ", types.All.Select(t => t.Name))}.");
        }

        if (page is < 1 or > 10_000 || pageSize is < 1 or > ContentQuery.MaxPageSize)
        {
            problems.Add($"'page' must be 1 to 10000 and 'pageSize' 1 to {ContentQuery.MaxPageSize}.");
        }

        if (problems.Count > 0)
        {
            return TypedResults.Problem(title: "Invalid query", detail: string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest);
        }

        var results = await search.SearchAsync(new Search.SearchRequest(locale, q, NullIfEmpty(type), NullIfEmpty(section), page, pageSize), types, ct);
        var baseUrl = BaseUrl(http, options.Value);
        return new EtaggedJson<SearchDto>(new SearchDto(
            results.Query,
            [.. results.Items.Select(r => new SearchItemDto(ItemDto.From(r.Item, baseUrl) with { Fields = null, Html = null }, r.SnippetHtml, r.Score))],
            results.Page,
            results.PageSize,
            results.TotalItems,
            results.TotalPages,
            new SearchFacetsDto(results.Sections, results.Types)));
    }

    private static async Task<ItemDto> WithMediaAsync(ItemDto dto, DeliveredItem item, string locale, ContentTypeRegistry types, Media.MediaImages images, string baseUrl, CancellationToken ct)
    {
        var media = new Dictionary<string, MediaDto>(StringComparer.Ordinal);
        if (item.Type == Media.MediaLibrary.Type)
        {
            if (images.Describe(item) is { } asset)
            {
                media["asset"] = MediaDto.From(asset, baseUrl);
            }
        }
        else
        {
            foreach (var field in types.Get(item.Type).Fields.Where(f => f.RefType == Media.MediaLibrary.Type))
            {
                if (await images.GetAsync(locale, item.Fields[field.Name], ct) is { } view)
                {
                    media[field.Name] = MediaDto.From(view, baseUrl);
                }
            }
        }

        return media.Count == 0 ? dto : dto with { Media = media };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static ProblemHttpResult UnknownType(string type, ContentTypeRegistry types) => TypedResults.Problem(
        title: "Unknown content type",
        detail: $"'{type}' is not a content type. Types: {string.Join(", ", types.All.Select(t => t.Name))}.",
        statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// Says no more than the public page at the same address: the status (410 withdrawn, 404 not
    /// published now) and a generic sentence. Never the item's title or anything else from an item
    /// that is not public: a scheduled or withdrawn item's title can be embargoed news.
    /// </summary>
    private static ProblemHttpResult NotAvailable(LookupStatus status, string notFound) => status switch
    {
        LookupStatus.Gone => TypedResults.Problem(title: "Gone", detail: "The content that was published at this address has been withdrawn.", statusCode: StatusCodes.Status410Gone),
        LookupStatus.Unavailable => TypedResults.Problem(
            title: "Not published now",
            detail: "The content at this address exists but is not available now.",
            statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["unpublished"] = true }),
        _ => TypedResults.Problem(title: "Not found", detail: notFound, statusCode: StatusCodes.Status404NotFound),
    };

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string BaseUrl(HttpContext http, CmsOptions options) => options.BaseUrlFor(http.Request);

    private static int ParseInt(Microsoft.Extensions.Primitives.StringValues value, string name, int fallback, List<string> problems)
    {
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
        {
            return fallback;
        }

        if (int.TryParse(value[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        problems.Add($"'{name}' must be a whole number.");
        return fallback;
    }

    private static DateOnly? ParseDate(Microsoft.Extensions.Primitives.StringValues value, string name, List<string> problems)
    {
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add($"'{name}' must be a date written yyyy-MM-dd.");
        return null;
    }
}

/// <summary>An item as the API shows it. A DTO of its own so the wire contract never follows storage by accident.</summary>
public sealed record ItemDto(
    long Id,
    string Type,
    string Key,
    string RequestedLocale,
    string ResolvedLocale,
    bool IsFallback,
    bool IsOutdated,
    string Slug,
    string? Url,
    string Title,
    string? Summary,
    SeoDto Seo,
    JsonObject? Fields,
    JsonObject? Html,
    IReadOnlyList<AlternateDto> Alternates,
    DateTime PublishedAt,
    DateTime UpdatedAt,
    IReadOnlyList<ItemDto>? Issues = null)
{
    /// <summary>
    /// The media an item's fields name, resolved in the requested language (with fallback): alt
    /// text, credit, licence and the file's derivatives, so a reader needs no second call. For a
    /// media item itself, under the key "asset".
    /// </summary>
    public IReadOnlyDictionary<string, MediaDto>? Media { get; init; }

    /// <summary>The languages the item is meant to have (its language plan); a fallback in another language is expected there.</summary>
    public IReadOnlyList<string> PlannedLocales { get; init; } = Locales.All;

    /// <summary>
    /// The agencies its agency fields name (a statement's "agency" holds the key), by field name, with
    /// the name in the requested language or the nearest along the fallback chain; null when none.
    /// </summary>
    public IReadOnlyDictionary<string, AgencyDto>? Agencies { get; init; }

    public static ItemDto From(DeliveredItem item, string baseUrl) => new(
        item.Id,
        item.Type,
        item.Key,
        item.RequestedLocale,
        item.ResolvedLocale,
        item.IsFallback,
        item.IsOutdated,
        item.Slug,
        item.Path is null ? null : baseUrl + item.Path,
        item.Title,
        item.Summary,
        new SeoDto(item.SeoTitle ?? item.Title, item.SeoDescription ?? item.Summary),
        item.Fields,
        item.Html,
        [.. item.Alternates.Select(a => new AlternateDto(a.Locale, Locales.HtmlLang(a.Locale), baseUrl + a.Path))],
        item.PublishedAt,
        item.UpdatedAt)
    {
        PlannedLocales = item.PlannedLocales,
        Agencies = item.Agencies.Count == 0 ? null : item.Agencies.ToDictionary(a => a.Key, a => new AgencyDto(a.Value.Key, a.Value.Name, a.Value.Locale, a.Value.Website)),
    };
}

/// <summary>An agency an item names: its key, its name in <paramref name="Locale"/>, its public web site.</summary>
public sealed record AgencyDto(string Key, string Name, string Locale, string? Website);

public sealed record SeoDto(string Title, string? Description);

/// <summary>A published translation: its locale, the hreflang code to use for it, and its absolute URL.</summary>
public sealed record AlternateDto(string Locale, string HrefLang, string Url);

public sealed record ListDto(IReadOnlyList<ItemDto> Items, int Page, int PageSize, int TotalItems, int TotalPages);

public sealed record SearchDto(string Query, IReadOnlyList<SearchItemDto> Items, int Page, int PageSize, int TotalItems, int TotalPages, SearchFacetsDto Facets);

/// <summary>A search result: the item (marked isFallback when not in the requested language), an HTML snippet whose matches are in &lt;mark&gt;, and its relevance.</summary>
public sealed record SearchItemDto(ItemDto Item, string Snippet, double Score);

public sealed record SearchFacetsDto(IReadOnlyDictionary<string, int> Sections, IReadOnlyDictionary<string, int> Types);

public sealed record IssueDto(ItemDto Series, ItemDto Issue, IReadOnlyList<ItemDto> Articles);

/// <summary>A media asset in one language, as other systems (the national portal) reuse it.</summary>
public sealed record MediaDto(
    string Key,
    string Locale,
    bool IsFallback,
    string Title,
    string Alt,
    string? Caption,
    string? Credit,
    string? Licence,
    DateOnly? DateTaken,
    double[]? Coordinates,
    IReadOnlyList<string> Tags,
    string Url,
    string ContentType,
    long? Length,
    int? Width,
    int? Height,
    IReadOnlyList<RenditionDto> Renditions)
{
    public static MediaDto From(Media.MediaView view, string baseUrl) => new(
        view.Key,
        view.Locale,
        view.IsFallback,
        view.Title,
        view.Alt,
        view.Caption,
        view.Credit,
        view.Licence,
        view.DateTaken,
        view.Coordinates is { } c ? [c.Latitude, c.Longitude] : null,
        view.Tags,
        baseUrl + view.Url,
        view.ContentType,
        view.Length,
        view.Width,
        view.Height,
        view.Renditions is { } set
            ? [.. set.WebP.Append(set.Fallback).Select(r => new RenditionDto(baseUrl + r.Url, r.Width, r.Height, r.ContentType))]
            : []);
}

/// <summary>A resized copy: WebP at several widths and one JPEG; empty while they are being made.</summary>
public sealed record RenditionDto(string Url, int Width, int Height, string ContentType);
