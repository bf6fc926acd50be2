using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PromoSite.Cms.Media;

internal static class MediaExtensions
{
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section));
        // The store is chosen once, at start: a misconfigured bucket stops the start with every
        // setting still to give, rather than failing the first upload or the first visitor.
        var store = configuration[$"{MediaOptions.Section}:{nameof(MediaOptions.Store)}"];
        if (store is not (null or "" or "file" or "s3"))
        {
            throw new OptionsValidationException(MediaOptions.Section, typeof(MediaOptions),
                [$"Media:Store is '{store}'; it must be \"file\" (the data folder, the default) or \"s3\" (an S3-compatible bucket, with Media:S3:*). See docs/deploy.md."]);
        }

        if (store == "s3")
        {
            var s3 = configuration.GetSection($"{MediaOptions.Section}:{nameof(MediaOptions.S3)}").Get<S3MediaOptions>() ?? new S3MediaOptions();
            if (s3.Problems() is { Count: > 0 } problems)
            {
                throw new OptionsValidationException(MediaOptions.Section, typeof(MediaOptions),
                    [$"Media:Store is s3 but {string.Join("; ", problems)}. See docs/deploy.md (media on S3-compatible storage)."]);
            }

            services.AddSingleton<S3MediaStore>();
            services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<S3MediaStore>());
        }
        else
        {
            services.AddSingleton<IMediaStore, FileSystemMediaStore>();
        }

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
