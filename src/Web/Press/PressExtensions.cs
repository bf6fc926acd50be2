using PromoSite.Cms.Hosting;
using PromoSite.Cms.Press;

namespace PromoSite.Web.Press;

internal static class PressExtensions
{
    /// <summary>The press room: its options and the worker that erases old accreditation requests.</summary>
    public static WebApplicationBuilder AddPress(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PressOptions>().Bind(builder.Configuration.GetSection(PressOptions.Section));
        builder.Services.AddSingleton<AccreditationRetention>();
        if (NodeRoles.Read(builder.Configuration).RunsBackgroundWork())
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<AccreditationRetention>()); // a cms node's work, not a site node's
        }

        return builder;
    }
}
