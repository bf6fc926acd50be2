using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PromoSite.Cms.Analytics;

public static class AnalyticsExtensions
{
    /// <summary>Cookie-free, address-free counting of page views and short-link scans, written in the background.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section));
        services.AddSingleton<VisitRecorder>();
        services.TryAddSingleton<IVisitClassifier, LocaleOnlyClassifier>();
        services.AddHostedService<AnalyticsWriter>();
        services.AddScoped<AnalyticsReport>();
        return services;
    }

    /// <summary>
    /// Counts page views. It must come before the output cache, so that pages served from the cache
    /// are counted too; all it does per request is a few checks and a queue write.
    /// </summary>
    public static IApplicationBuilder UseAnalytics(this IApplicationBuilder app)
    {
        var recorder = app.ApplicationServices.GetRequiredService<VisitRecorder>();
        if (!recorder.Enabled)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            await next(context);
            recorder.RecordPageView(context);
        });
    }
}
