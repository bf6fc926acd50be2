using PromoSite.Cms.Hosting;
using PromoSite.Cms.Kits;

namespace PromoSite.Web.Kits;

internal static class KitExtensions
{
    /// <summary>Conference kits (/admin/kits): the queue and its worker (Cms) and the builder that renders this site's pages into a zip.</summary>
    public static WebApplicationBuilder AddConferenceKits(this WebApplicationBuilder builder)
    {
        builder.Services.AddKitQueue(builder.Configuration, runWorker: NodeRoles.Read(builder.Configuration).RunsBackgroundWork());
        builder.Services.AddSingleton<InMemorySite>();
        builder.Services.AddScoped<IKitBuilder, KitBuilder>();
        return builder;
    }

    /// <summary>
    /// Captures the rest of the pipeline for <see cref="InMemorySite"/>; placed after analytics, so
    /// rendering a kit counts no page views, and before the cache, hosting and routing, so its pages
    /// are exactly the public ones.
    /// </summary>
    public static WebApplication UseConferenceKits(this WebApplication app)
    {
        var site = app.Services.GetRequiredService<InMemorySite>();
        app.Use(next =>
        {
            site.Capture(next);
            return next;
        });
        return app;
    }
}
