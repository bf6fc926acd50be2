using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Editing;

namespace PromoSite.Cms.Review;

public static class ReviewExtensions
{
    /// <summary>The reviewer's desk, its notices and the fast lane; the mail itself is sent by the web host's worker.</summary>
    public static IServiceCollection AddReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewOptions>().Bind(configuration.GetSection(ReviewOptions.Section));
        services.AddOptions<Enquiries.EnquiryOptions>().Bind(configuration.GetSection(Enquiries.EnquiryOptions.Section));
        services.AddScoped<ReviewNotices>();
        services.AddScoped<ReviewDesk>();
        services.AddScoped<FastLaneService>();
        services.AddScoped<IContentSaveObserver, ReviewSaveObserver>();
        return services;
    }
}
