using PromoSite.Web.Caching;
using PromoSite.Web.Enquiries;
using PromoSite.Web.Localization;
using PromoSite.Web.Publications;
using PromoSite.Web.Seo;
using PromoSite.Web.Sharing;

namespace PromoSite.Web.Pages;

internal static class PublicSiteExtensions
{
    /// <summary>The public site: localized Razor pages, UI strings, output caching.</summary>
    public static WebApplicationBuilder AddPublicSite(this WebApplicationBuilder builder)
    {
        builder.AddUiLocalization();
        builder.AddPublicCaching();
        builder.AddEnquiries();
        builder.Services.AddRazorPages(options => options.Conventions.AddPageRouteModelConvention("/Item", model =>
        {
            // The draft preview renders the public template under /admin, where the staff cookie
            // goes; only this route of the page requires a signed-in user.
            var preview = new Microsoft.AspNetCore.Mvc.ApplicationModels.SelectorModel
            {
                AttributeRouteModel = new Microsoft.AspNetCore.Mvc.ApplicationModels.AttributeRouteModel { Template = ItemModel.PreviewRoute, SuppressLinkGeneration = true },
            };
            preview.EndpointMetadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute());
            model.Selectors.Add(preview);
        }));
        builder.Services.AddScoped<PublicPageServices>();
        builder.Services.AddSingleton<PromoSite.Cms.Analytics.IVisitClassifier, PublicVisitClassifier>();
        builder.AddPublicationReader();
        return builder;
    }

    /// <summary>First in the pipeline: a cached page is answered before anything else runs.</summary>
    public static WebApplication UsePublicCache(this WebApplication app)
    {
        // On in production; the benchmark switches it off to measure uncached rendering.
        if (app.Configuration.GetValue("Site:OutputCache", defaultValue: true))
        {
            app.UseOutputCache();
        }

        return app;
    }

    public static WebApplication UsePublicSite(this WebApplication app)
    {
        app.UseUiLocalization();
        app.UseRouting();
        if (app.Configuration.GetValue("Site:MinifyHtml", defaultValue: true))
        {
            app.UseHtmlMinification();
        }

        return app;
    }

    public static WebApplication MapPublicSite(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapSeo();
        app.MapQrCodes();
        app.MapPublicationReader();
        return app;
    }
}
