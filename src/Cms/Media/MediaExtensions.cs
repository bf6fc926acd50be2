using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PromoSite.Cms.Media;

internal static class MediaExtensions
{
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section));
        services.AddSingleton<IMediaStore, FileSystemMediaStore>();
        services.AddSingleton<MediaDerivatives>();
        services.AddSingleton<MediaDerivativeWorker>();
        services.AddScoped<MediaLibrary>();
        services.AddSingleton<MediaViewCache>();
        services.AddScoped<MediaImages>();
        return services;
    }

    /// <summary>The background maker of derivatives: only where the site runs, not in tools.</summary>
    public static IServiceCollection AddMediaDerivativeWorker(this IServiceCollection services) =>
        services.AddHostedService(sp => sp.GetRequiredService<MediaDerivativeWorker>());
}
