using PromoSite.Cms.Enquiries;

namespace PromoSite.Web.Enquiries;

internal static class EnquiryExtensions
{
    /// <summary>Enquiries from investors: the form's rate limit, the mail and retention worker.</summary>
    public static WebApplicationBuilder AddEnquiries(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EnquiryOptions>().Bind(builder.Configuration.GetSection(EnquiryOptions.Section));
        builder.Services.AddSingleton<EnquiryLimiter>();
        builder.Services.AddSingleton<IEnquiryMailer, SmtpEnquiryMailer>();
        builder.Services.AddSingleton<EnquiryWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EnquiryWorker>());
        return builder;
    }
}
