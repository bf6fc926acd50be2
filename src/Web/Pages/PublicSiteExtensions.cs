using PromoSite.Web.Reports;
using PromoSite.Cms.Hosting;
using PromoSite.Web.Caching;
using PromoSite.Web.Calendars;
using PromoSite.Web.Enquiries;
using PromoSite.Web.Localization;
using PromoSite.Web.Press;
using PromoSite.Web.Publications;
using PromoSite.Web.Seo;
using PromoSite.Web.Sharing;
using PromoSite.Web.Signage;

namespace PromoSite.Web.Pages;

internal static class PublicSiteExtensions
{
    /// <summary>The public site: localized Razor pages, UI strings, output caching.</summary>
    public static WebApplicationBuilder AddPublicSite(this WebApplicationBuilder builder)
    {
        builder.AddUiLocalization();
        builder.AddPublicCaching();
        builder.AddEnquiries();
        builder.AddPress();
        builder.AddMonthlyReports();
        builder.AddSignage();
        // The public pages are open to everyone by declaration, route by route (the admin area's
        // pages are not in this folder; they get the staff policy from AdminPage and their own). One route of the item page is not public: the draft preview, which renders
        // the public template under /admin, where the staff cookie goes, and needs the staff policy.
        var types = new PromoSite.Cms.Content.ContentTypeRegistry();
        var staff = NodeRoles.Read(builder.Configuration).ServesStaff();
        builder.Services.AddRazorPages(options => options.Conventions.AddFolderRouteModelConvention("/", model =>
        {
            if (model.ViewEnginePath == "/List")
            {
                // A type's own list, at the path its declaration gives (tourism/craft-villages/): literal
                // routes, so they win over the item page's catch-all and need no lookup to match.
                model.Selectors.Clear();
                foreach (var type in types.All.Where(t => t.ListPath is not null))
                {
                    model.Selectors.Add(new Microsoft.AspNetCore.Mvc.ApplicationModels.SelectorModel
                    {
                        AttributeRouteModel = new Microsoft.AspNetCore.Mvc.ApplicationModels.AttributeRouteModel { Template = "{locale:locale}/" + type.ListPath!.TrimEnd('/') },
                    });
                }
            }

            if (model.ViewEnginePath == "/Compare")
            {
                // The compare view of each comparable type (investment/parks/compare): literal routes like the lists'.
                model.Selectors.Clear();
                foreach (var type in types.All.Where(t => t.ComparePath is not null))
                {
                    model.Selectors.Add(new Microsoft.AspNetCore.Mvc.ApplicationModels.SelectorModel
                    {
                        AttributeRouteModel = new Microsoft.AspNetCore.Mvc.ApplicationModels.AttributeRouteModel { Template = "{locale:locale}/" + type.ComparePath },
                    });
                }
            }

            if (model.ViewEnginePath == "/Item" && staff)
            {
                var preview = new Microsoft.AspNetCore.Mvc.ApplicationModels.SelectorModel
                {
                    AttributeRouteModel = new Microsoft.AspNetCore.Mvc.ApplicationModels.AttributeRouteModel { Template = ItemModel.PreviewRoute, SuppressLinkGeneration = true },
                };
                preview.EndpointMetadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(PromoSite.Cms.Accounts.Policies.Staff));
                model.Selectors.Add(preview);
            }

            foreach (var selector in model.Selectors.Where(s => s.AttributeRouteModel?.Template?.StartsWith("admin/", StringComparison.Ordinal) != true))
            {
                selector.EndpointMetadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
            }
        }));
        builder.Services.AddScoped<PublicPageServices>();

        // Razor writes every non-ASCII letter as &#x...; by default: Vietnamese and CJK pages would be
        // up to three times their size, and the AngleSharp minification pass that used to turn them back
        // into characters is gone. Letters of every script as they are; <, >, & and quotes stay escaped.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddSingleton<PromoSite.Cms.Analytics.IVisitClassifier, PublicVisitClassifier>();
        builder.Services.Configure<PromotionContactOptions>(builder.Configuration.GetSection(PromotionContactOptions.Section));
        builder.Services.Configure<Maps.MapOptions>(builder.Configuration.GetSection(Maps.MapOptions.Section));
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
        // Static files in a public group: in Development MapStaticAssets also maps a catch-all
        // {**path:file} endpoint, which must be as open as the files themselves.
        var open = app.MapGroup("").AllowAnonymous();
        open.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        open.MapSeo();
        open.MapQrCodes();
        open.MapPublicationReader();
        open.MapSignage();
        open.MapEventCalendars();
        return app;
    }
}
