using Microsoft.Extensions.Localization;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Web.Pages;

namespace PromoSite.Web.Export;

/// <summary>/{locale}/publications/{series}/{issue}.epub: the issue as an EPUB 3 book in that language.</summary>
internal static class EpubEndpoints
{
    public static IEndpointRouteBuilder MapEpub(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{locale:locale}/publications/{series}/{issue}.epub", Epub).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Epub(string locale, string series, string issue, IContentDelivery delivery, IStringLocalizer<PublicPage> strings, CancellationToken ct)
    {
        var lookup = await delivery.GetIssueAsync(locale, series, issue, ct);
        if (lookup.Status == LookupStatus.Moved && lookup.RedirectPath is { } moved)
        {
            return Results.Redirect(moved + ".epub", permanent: true);
        }

        if (lookup is not { Status: LookupStatus.Found, Series: { } found, Issue: { } item })
        {
            return Results.NotFound();
        }

        var articles = lookup.Articles ?? [];
        var publisher = found.Fields["publisher"]?.GetValue<string>() is { Length: > 0 } p ? p : strings["org.name"].Value;
        var book = new EpubIssue(found, item, articles, locale, publisher, strings["site.name"], strings["issue.contents"],
            resolved => strings["fallback.notice", Locales.NativeName(resolved)]);
        var modified = articles.Select(a => a.UpdatedAt).Append(item.UpdatedAt).Max();
        return Results.File(EpubBuilder.Build(book, modified), "application/epub+zip", $"{found.Slug}-{item.Slug}-{locale}.epub", lastModified: modified);
    }
}
