using PromoSite.Cms.Hosting;
using PromoSite.Cms.Press;

namespace PromoSite.Web.Press;

internal static class PressExtensions
{
    /// <summary>The press room: its options, the workers that mail and erase accreditation requests, and the monitoring digest.</summary>
    public static WebApplicationBuilder AddPress(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PressOptions>().Bind(builder.Configuration.GetSection(PressOptions.Section));
        builder.Services.AddSingleton<AccreditationRetention>();
        builder.Services.AddSingleton<AccreditationMailWorker>();
        builder.Services.AddSingleton<MonitoringDigestWorker>();
        if (NodeRoles.Read(builder.Configuration).RunsBackgroundWork())
        {
            // A cms node's work, not a site node's: a site node stores the request, a cms node mails it.
            builder.Services.AddHostedService(sp => sp.GetRequiredService<AccreditationRetention>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<AccreditationMailWorker>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<MonitoringDigestWorker>());
        }

        return builder;
    }
}
