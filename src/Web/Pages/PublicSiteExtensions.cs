using PromoSite.Web.Caching;
using PromoSite.Web.Localization;
using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

internal static class PublicSiteExtensions
{
    /// <summary>The public site: localized Razor pages, UI strings, output caching.</summary>
    public static WebApplicationBuilder AddPublicSite(this WebApplicationBuilder builder)
    {
        builder.AddUiLocalization();
        builder.AddPublicCaching();
        builder.Services.AddRazorPages();
        builder.Services.AddScoped<PublicPageServices>();
        return builder;
    }

    public static WebApplication UsePublicSite(this WebApplication app)
    {
        app.UseUiLocalization();
        app.UseRouting();
        app.UseOutputCache();
        app.UseHtmlMinification();
        return app;
    }

    public static WebApplication MapPublicSite(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets().CacheOutput("public");
        app.MapSeo();
        return app;
    }
}
