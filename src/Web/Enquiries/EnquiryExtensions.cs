using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Metrics;

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
        // The mail outbox, for the promosite_jobs_pending gauge: acknowledgements and staff notices not sent yet.
        builder.Services.AddSingleton(new JobQueue("mail", sp =>
        {
            var notify = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EnquiryOptions>>().Value.NotifyEmail is { Length: > 0 };
            return sp.GetRequiredService<PromoSite.Cms.Storage.CmsDbContext>().Enquiries.LongCount(e => e.ErasedAt == null && e.Status != EnquiryStatus.Spam
                && ((e.AcknowledgedAt == null && e.MailAttempts < EnquiryWorker.MaxAcknowledgementAttempts) || (notify && e.NoticeSentAt == null)));
        }));
        // A site node stores the enquiry; a cms node mails it (its poll finds it, as after a restart).
        if (NodeRoles.Read(builder.Configuration).RunsBackgroundWork())
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<EnquiryWorker>());
        }

        return builder;
    }
}
