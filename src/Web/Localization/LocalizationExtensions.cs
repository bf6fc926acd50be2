using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Content;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Localization;

internal static class LocalizationExtensions
{
    public static WebApplicationBuilder AddUiLocalization(this WebApplicationBuilder builder)
    {
        var folder = builder.Configuration["LocalesPath"] is { Length: > 0 } configured ? Path.GetFullPath(configured)
            : RepositoryRoot.FindShipped("locales", builder.Environment.ContentRootPath);
        // Without its strings every page would show raw keys with status 200; better not to start.
        if (folder is null || !File.Exists(Path.Combine(folder, Locales.Source + ".json")))
        {
            throw new InvalidOperationException(folder is null
                ? $"The UI strings folder locales/ was not found: not in a checkout, not beside the application ({AppContext.BaseDirectory}), not under the content root ({builder.Environment.ContentRootPath}). Publish it with the app (dotnet publish src/Web does) or set LocalesPath."
                : $"The UI strings folder {folder} has no {Locales.Source}.json. Set LocalesPath to the folder holding vi.json, en.json, ko.json, ja.json and zh.json.");
        }

        builder.Services.AddSingleton(sp => new UiStrings(folder, sp.GetRequiredService<FallbackChains>()));
        builder.Services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        builder.Services.AddTransient(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
        builder.Services.AddRouting(options => options.ConstraintMap["locale"] = typeof(LocaleRouteConstraint));
        return builder;
    }

    /// <summary>
    /// The request's culture is the locale in the first path segment: every language has its own
    /// URLs, nothing is guessed. Two kinds of address carry no locale and still speak one: the
    /// error page, in the language of the address that failed, and a short link, in its link's.
    /// It has to be settled here, before the page runs: a culture set inside a page handler does
    /// not reach the layout.
    /// </summary>
    public static WebApplication UseUiLocalization(this WebApplication app)
    {
        var cultures = Locales.All.Select(CultureFor).ToList();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(CultureFor(Locales.Source)),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new PathLocaleProvider(), new FailedPathLocaleProvider(), new ShortLinkLocaleProvider()],
        });
        return app;
    }

    public static CultureInfo CultureFor(string locale) => CultureInfo.GetCultureInfo(Locales.HtmlLang(locale));

    /// <summary>The locale an address starts with, if any (a draft preview, /admin/preview/{locale}/…, speaks its locale too).</summary>
    public static string? LocaleOf(string? path)
    {
        if (path?.StartsWith("/admin/preview/", StringComparison.Ordinal) == true)
        {
            path = path["/admin/preview".Length..];
        }

        var first = (path ?? "").TrimStart('/').Split('/', 2)[0];
        return Locales.IsSupported(first) ? first : null;
    }

    private static ProviderCultureResult? Result(string? locale) => locale is null ? null : new ProviderCultureResult(Locales.HtmlLang(locale));

    private sealed class PathLocaleProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            Task.FromResult(Result(LocaleOf(httpContext.Request.Path.Value)));
    }

    /// <summary>While the error page is rendered for a failed or missing page: that request's language, English if it had none.</summary>
    private sealed class FailedPathLocaleProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            Task.FromResult(
                httpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>() is { } failed ? Result(LocaleOf(failed.Path) ?? "en")
                : httpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is { } status ? Result(LocaleOf(status.OriginalPath) ?? "en")
                : null);
    }

    /// <summary>/s/{code}: the language the link was made for, so its "no longer published" page speaks it.</summary>
    private sealed class ShortLinkLocaleProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var path = httpContext.Request.Path;
            if (!path.StartsWithSegments("/s", StringComparison.OrdinalIgnoreCase, out var rest)
                || PromoSite.Cms.Sharing.ShortCodes.Normalize(rest.Value?.Trim('/')) is not { } code)
            {
                return null;
            }

            var db = httpContext.RequestServices.GetRequiredService<CmsDbContext>();
            return Result(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
                db.ShortLinks.Where(l => l.Code == code).Select(l => l.Locale), httpContext.RequestAborted));
        }
    }
}

/// <summary>Matches only the five supported locale codes in a route.</summary>
internal sealed class LocaleRouteConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && Locales.IsSupported(value as string);
}
