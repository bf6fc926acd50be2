using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PromoSite.Cms.Webhooks;

internal static class WebhookExtensions
{
    /// <summary>Signed webhooks for per-language publish, unpublish and outdated events.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration, bool dispatch = true)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateTargets;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false, // a redirect could point anywhere, the internal network included
                    ConnectCallback = (context, ct) => WebhookTargets.ConnectAsync(context, allowPrivate, ct),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
            });
        services.AddSingleton<WebhookDispatcher>();
        if (dispatch)
        {
            services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        }

        return services;
    }
}
