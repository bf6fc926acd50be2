using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Review;
using PromoSite.Cms.Storage;
using PromoSite.Web.Enquiries;

namespace PromoSite.Web.Review;

/// <summary>
/// Sends the review desk's notices (written by the workflow into workflow_mail, already in each
/// recipient's language) with the enquiry mail settings and sender, off every request. A failure
/// is logged and retried with the enquiry worker's growing waits, for a day at most: a notice that
/// old has lost its point (the queue shows the same). Without mail configured it does nothing, and
/// nothing was queued.
/// </summary>
public sealed partial class WorkflowMailWorker(
    IServiceScopeFactory scopes, IOptions<EnquiryOptions> options, IEnquiryMailer mailer, IJobLease lease, TimeProvider clock, ILogger<WorkflowMailWorker> logger)
    : LeasedRoundWorker(lease, logger)
{
    /// <summary>One cms node mails (a second would send each notice twice); the others wait for its lease to lapse.</summary>
    protected override string LeaseName => "workflow-mail";

    /// <summary>Within seconds: a notice says what just happened on the review desk.</summary>
    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override TimeProvider Pace => clock;

    protected override bool Enabled => options.Value.MailConfigured;

    protected override Task RoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One round; rounds never overlap, so no notice goes out twice.</summary>
    public Task RunOnceAsync(CancellationToken ct) => OneRoundAtATimeAsync(SendDueAsync, ct);

    private async Task SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var giveUp = now.AddDays(-1);
        var pending = await db.WorkflowMail
            .Where(m => m.SentAt == null && m.CreatedAt > giveUp && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id).Take(50).ToListAsync(ct);
        foreach (var mail in pending)
        {
            mail.Attempts++;
            try
            {
                using var message = Message(mail);
                await mailer.SendAsync(message, ct);
                mail.SentAt = clock.GetUtcNow().UtcDateTime;
                mail.NextAttemptAt = null;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogMailFailed(Logger, ex, mail.Id, mail.Attempts);
                mail.NextAttemptAt = now + EnquiryWorker.RetryDelay(mail.Attempts);
            }

            await db.SaveChangesAsync(ct); // at once: a later failure must not send this one again
        }
    }

    private MimeMessage Message(WorkflowMail mail)
    {
        var text = new TextPart(TextFormat.Plain);
        text.SetText(Encoding.UTF8, mail.Body);
        var message = new MimeMessage { Subject = EnquiryWorker.HeaderText(mail.Subject), Date = clock.GetUtcNow(), Body = text };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        return message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow mail {Id} failed (attempt {Attempt}); it is tried again later.")]
    private static partial void LogMailFailed(ILogger logger, Exception ex, long id, int attempt);
}

internal static class WorkflowMailExtensions
{
    /// <summary>The review desk's notice mail, sent with the enquiry mail settings (Enquiries:Smtp*, From, PickupFolder).</summary>
    public static WebApplicationBuilder AddWorkflowMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkflowMailWorker>();
        if (NodeRoles.Read(builder.Configuration).RunsBackgroundWork())
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkflowMailWorker>()); // a cms node's work, not a site node's
        }
        return builder;
    }
}
