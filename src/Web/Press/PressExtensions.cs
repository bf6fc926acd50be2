using PromoSite.Cms.Press;

namespace PromoSite.Web.Press;

internal static class PressExtensions
{
    /// <summary>The press room: its options and the worker that erases old accreditation requests.</summary>
    public static WebApplicationBuilder AddPress(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PressOptions>().Bind(builder.Configuration.GetSection(PressOptions.Section));
        builder.Services.AddSingleton<AccreditationRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AccreditationRetention>());
        return builder;
    }
}
