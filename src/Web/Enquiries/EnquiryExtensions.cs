using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Hosting;

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
        // A site node stores the enquiry; a cms node mails it (its poll finds it, as after a restart).
        if (NodeRoles.Read(builder.Configuration).RunsBackgroundWork())
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<EnquiryWorker>());
        }

        return builder;
    }
}
