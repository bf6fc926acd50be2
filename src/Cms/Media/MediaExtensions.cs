using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PromoSite.Cms.Media;

public static class MediaExtensions
{
    public static IServiceCollection AddMedia(this IServiceCollection services) =>
        services.AddSingleton<IMediaStore, FileSystemMediaStore>();

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app) =>
        app.MapMediaFiles().MapMediaUploadApi();
}
