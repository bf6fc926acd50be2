using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Sharing;

/// <summary>
/// /s/{code}/qr.svg and /s/{code}/qr.png: the QR code of any short link, for the share panel and
/// for print. A code never changes its meaning, so the images are cached for a month.
/// </summary>
internal static class QrEndpoints
{
    public static IEndpointRouteBuilder MapQrCodes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/s/{code}/qr.{format:regex(^(svg|png)$)}", Qr).ExcludeFromDescription();
        app.MapGet("/s/{code}/print", Print).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The one-pager that prints this link's QR code (so scans count for its campaign), for the
    /// officer who made the link at /admin/links: the item's print page in the link's language with
    /// ?link=CODE. Not found when the item has no one-pager or is not published.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, NotFound>> Print(string code, ShortLinkService links, ContentTypeRegistry types, CancellationToken ct)
    {
        var target = await links.ResolveAsync(code, ct);
        if (target?.Item?.Path is not { } path || types.Find(target.Item.Type) is not { Printable: true })
        {
            return TypedResults.NotFound();
        }

        var locale = target.Link.Locale;
        return TypedResults.Redirect($"/{locale}/print{path[(locale.Length + 1)..]}?link={target.Link.Code}");
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> Qr(string code, string format, string? download, CmsDbContext db, IOptions<CmsOptions> options, HttpContext context, CancellationToken ct)
    {
        var normalized = ShortCodes.Normalize(code);
        if (normalized is null || !await db.ShortLinks.AnyAsync(l => l.Code == normalized, ct))
        {
            return TypedResults.NotFound();
        }

        var url = ShortLinkService.PrintedUrl(options.Value.BaseUrlFor(context.Request), normalized);
        context.Response.Headers.CacheControl = "public, max-age=2592000";
        var name = download is "1" or "true" ? $"qr-{normalized}.{format}" : null;
        return format == "png"
            ? TypedResults.File(ShortLinkService.QrPng(url), "image/png", name)
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ShortLinkService.QrSvg(url)), "image/svg+xml", name);
    }
}
