using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Publications;

/// <summary>
/// Reading publications away from the site: the EPUB of every issue in every language, and the web
/// app manifest that, with /sw.js and /offline.js (wwwroot), lets a reader save issues for offline reading.
/// </summary>
internal static class PublicationReaderExtensions
{
    private static readonly System.Text.Json.JsonSerializerOptions ManifestJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All), // names as characters, not \uXXXX
    };

    public static WebApplicationBuilder AddPublicationReader(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IMediaFiles, MediaStoreFiles>();
        builder.Services.AddSingleton<IssueEpubComposer>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPublicationReader(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{locale:locale}/publications/{series}/{issue}.epub", GetEpubAsync).WithName("IssueEpub").ExcludeFromDescription();
        app.MapGet("/{locale:locale}/manifest.webmanifest", GetManifest).WithName("WebManifest").ExcludeFromDescription();
        return app;
    }

    /// <summary>The link an issue page shows: the page's own address with .epub.</summary>
    public static string EpubPath(string issuePath) => issuePath.TrimEnd('/') + ".epub";

    /// <summary>
    /// The book is generated on request and kept by the output cache like the pages (evicted when
    /// published content changes). The ETag is a hash of the bytes, which depend only on the
    /// content, so a reader's app revalidates cheaply and gets 304 until something changed.
    /// </summary>
    private static async Task<IResult> GetEpubAsync(
        string locale, string series, string issue, HttpContext http, IssueEpubComposer composer, IOptions<CmsOptions> options, CancellationToken ct)
    {
        var result = await composer.ComposeAsync(locale, series, issue, options.Value.BaseUrlFor(http.Request), ct);
        switch (result.Status)
        {
            case LookupStatus.Found:
                break;
            case LookupStatus.Moved:
                // An old slug: the book's address follows the page's, permanently.
                return result.RedirectPath is { } moved ? TypedResults.Redirect(EpubPath(moved), permanent: true) : TypedResults.NotFound();
            case LookupStatus.Gone:
                return TypedResults.StatusCode(StatusCodes.Status410Gone);
            default:
                return TypedResults.NotFound();
        }

        var bytes = result.Bytes!;
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"";
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "no-cache"; // may be kept, but asked about again: content changes must show
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(result.FileName);
        headers.ContentDisposition = disposition.ToString();
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(bytes, EpubWriter.MediaType);
    }

    /// <summary>
    /// One manifest per language, so an installed app has its name in the reader's language and
    /// opens at that language's home page. Icons: the SVG favicon and PNGs rendered from it.
    /// </summary>
    private static IResult GetManifest(string locale, UiStrings strings, HttpContext http)
    {
        var name = strings.Find(locale, "site.name") ?? "Đồng Nai";
        var manifest = new JsonObject
        {
            ["id"] = $"/{locale}/",
            ["name"] = name,
            ["short_name"] = strings.Find(locale, "reader.shortName") ?? name,
            ["description"] = strings.Find(locale, "reader.manifestDescription"),
            ["lang"] = Locales.HtmlLang(locale),
            ["dir"] = "ltr",
            ["start_url"] = $"/{locale}/",
            ["scope"] = "/",
            ["display"] = "minimal-ui",
            ["background_color"] = "#ffffff",
            ["theme_color"] = "#0b5d3b",
            ["icons"] = new JsonArray
            {
                new JsonObject { ["src"] = "/favicon.svg", ["sizes"] = "any", ["type"] = "image/svg+xml" },
                new JsonObject { ["src"] = "/icon-192.png", ["sizes"] = "192x192", ["type"] = "image/png" },
                new JsonObject { ["src"] = "/icon-512.png", ["sizes"] = "512x512", ["type"] = "image/png" },
            },
            ["shortcuts"] = new JsonArray
            {
                new JsonObject { ["name"] = strings.Find(locale, "reader.savedTitle"), ["url"] = $"/{locale}/publications/saved" },
            },
        };
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Text(manifest.ToJsonString(ManifestJson), "application/manifest+json; charset=utf-8");
    }
}
