using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Localization;

internal static class LocalizationExtensions
{
    public static WebApplicationBuilder AddUiLocalization(this WebApplicationBuilder builder)
    {
        var folder = builder.Configuration["LocalesPath"] is { Length: > 0 } configured ? configured
            : Path.Combine(RepositoryRoot.Find(builder.Environment.ContentRootPath) ?? builder.Environment.ContentRootPath, "locales");
        builder.Services.AddSingleton(sp => new UiStrings(folder, sp.GetRequiredService<FallbackChains>()));
        builder.Services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        builder.Services.AddTransient(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
        builder.Services.AddRouting(options => options.ConstraintMap["locale"] = typeof(LocaleRouteConstraint));
        return builder;
    }

    /// <summary>The request's culture is the locale in the first path segment: every language has its own URLs, nothing is guessed.</summary>
    public static WebApplication UseUiLocalization(this WebApplication app)
    {
        var cultures = Locales.All.Select(CultureFor).ToList();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(CultureFor(Locales.Source)),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new PathLocaleProvider()],
        });
        return app;
    }

    public static CultureInfo CultureFor(string locale) => CultureInfo.GetCultureInfo(Locales.HtmlLang(locale));

    private sealed class PathLocaleProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var path = httpContext.Request.Path.Value ?? "";
            var end = path.IndexOf('/', 1);
            var first = end < 0 ? path.TrimStart('/') : path[1..end];
            return Task.FromResult(Locales.IsSupported(first) ? new ProviderCultureResult(Locales.HtmlLang(first)) : null);
        }
    }
}

/// <summary>Matches only the five supported locale codes in a route.</summary>
internal sealed class LocaleRouteConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && Locales.IsSupported(value as string);
}
