using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Webhooks;

namespace PromoSite.Cms.Monitoring;

internal static class MonitoringExtensions
{
    /// <summary>Media monitoring: the feed poller, whose every connection passes the webhooks' SSRF guard.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitoringOptions>().Bind(configuration.GetSection(MonitoringOptions.Section));
        services.AddHttpClient(FeedPoller.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("PromoSite-Monitoring/1.0"))
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<MonitoringOptions>>().Value.AllowPrivateSources;
                return new SocketsHttpHandler
                {
                    // Each hop of a redirect connects anew, through the same guard.
                    AllowAutoRedirect = true,
                    MaxAutomaticRedirections = 3,
                    AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Brotli,
                    ConnectCallback = (context, ct) => WebhookTargets.ConnectAsync(context, allowPrivate, ct),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
            });
        services.AddSingleton<FeedPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedPoller>());
        return services;
    }
}
