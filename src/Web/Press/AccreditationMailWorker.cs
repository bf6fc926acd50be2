using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Content;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Press;
using PromoSite.Cms.Storage;
using PromoSite.Web.Enquiries;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Press;

/// <summary>
/// Off the request, as for enquiries (the same SMTP settings, sender, mailer and growing waits): acknowledges
/// each stored accreditation request to the journalist in the language of the form they used, and tells
/// the press officers, in Vietnamese, at the event's owning agency's contact e-mail, else Press:PressInbox,
/// else Enquiries:NotifyEmail. The acknowledgement is given up after 10 attempts (a mistyped address), the
/// notice never. With no mail configured nothing is lost: the request waits in /admin/press/accreditations.
/// </summary>
public sealed partial class AccreditationMailWorker(
    IServiceScopeFactory scopes,
    IOptions<EnquiryOptions> mail,
    IOptions<PressOptions> press,
    IOptions<CmsOptions> cms,
    IStringLocalizer<AccreditationMailWorker> strings,
    IStringLocalizer<AdminText> staffStrings,
    IAgencyContacts agencies,
    IEnquiryMailer mailer,
    TimeProvider clock,
    IJobLease lease,
    ILogger<AccreditationMailWorker> logger) : LeasedRoundWorker(lease, logger)
{
    /// <summary>One cms node mails (a second would acknowledge twice); the others wait for its lease to lapse.</summary>
    protected override string LeaseName => "accreditation-mail";

    protected override Task RoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One round; rounds never overlap, so no mail goes out twice.</summary>
    public Task RunOnceAsync(CancellationToken ct) => mail.Value.MailConfigured ? OneRoundAtATimeAsync(MailAsync, ct) : Task.CompletedTask;

    private async Task MailAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.AccreditationRequests
            .Where(r => r.ErasedAt == null && r.Status != AccreditationStatus.Spam && (r.NextMailAt == null || r.NextMailAt <= now)
                && ((r.AcknowledgedAt == null && r.MailAttempts < EnquiryWorker.MaxAcknowledgementAttempts) || r.NoticeSentAt == null))
            .OrderBy(r => r.Id).Take(20).ToListAsync(ct);
        foreach (var request in pending)
        {
            var failed = false;
            if (request.AcknowledgedAt is null && request.MailAttempts < EnquiryWorker.MaxAcknowledgementAttempts)
            {
                request.MailAttempts++;
                if (await TrySendAsync(request, request.MailAttempts, () => Acknowledgement(request), ct))
                {
                    request.AcknowledgedAt = clock.GetUtcNow().UtcDateTime;
                }
                else
                {
                    failed = true;
                }

                await db.SaveChangesAsync(ct); // recorded at once: a failing notice must not resend it
            }

            if (request.NoticeSentAt is null)
            {
                if (await PressOfficersAsync(request, ct) is { } officers)
                {
                    request.NoticeAttempts++;
                    if (await TrySendAsync(request, request.NoticeAttempts, () => Notice(request, officers), ct))
                    {
                        request.NoticeSentAt = clock.GetUtcNow().UtcDateTime;
                    }
                    else
                    {
                        failed = true;
                    }
                }
                else
                {
                    request.NoticeSentAt = clock.GetUtcNow().UtcDateTime; // nobody to tell: the inbox is where staff look
                }
            }

            request.NextMailAt = failed ? now + EnquiryWorker.RetryDelay(Math.Max(request.MailAttempts, request.NoticeAttempts)) : null;
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Who handles the request: the contact e-mail of the agency owning the event, else the configured press inbox.</summary>
    private async Task<string?> PressOfficersAsync(AccreditationRequest request, CancellationToken ct)
    {
        var owner = request.EventItemId is { } item ? await agencies.ForItemAsync(item, Locales.Source, ct) : null;
        return owner?.Email is { Length: > 0 } email ? email
            : press.Value.PressInbox is { Length: > 0 } inbox ? inbox
            : mail.Value.NotifyEmail is { Length: > 0 } notify ? notify
            : null;
    }

    private async Task<bool> TrySendAsync(AccreditationRequest request, int attempt, Func<MimeMessage> build, CancellationToken ct)
    {
        try
        {
            using var message = build();
            await mailer.SendAsync(message, ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogMailFailed(Logger, ex, request.Id, attempt);
            return false;
        }
    }

    /// <summary>The acknowledgement in the journalist's language (locales/site/press-mail.*.json).</summary>
    private MimeMessage Acknowledgement(AccreditationRequest request) => InCulture(request.Locale, () => Mail(
        request.Email,
        strings["accreditation.mailSubject", request.Reference],
        strings["accreditation.mailBody", request.Name, request.EventTitle, request.Reference, press.Value.AccreditationRetentionDays]));

    /// <summary>The press officers' notice, in Vietnamese (the staff's language), with a link into the inbox.</summary>
    private MimeMessage Notice(AccreditationRequest request, string to) => InCulture(Locales.Source, () =>
    {
        var link = $"{cms.Value.PublicBaseUrl?.TrimEnd('/')}/admin/press/accreditations?id={request.Id}";
        return Mail(
            to,
            staffStrings["admin.press.mail.noticeSubject", request.Reference, request.EventTitle],
            staffStrings["admin.press.mail.noticeBody", request.Name, request.MediaOutlet, request.Country ?? "—", request.EventTitle, request.Email,
                request.Phone ?? "—", request.PressCard ?? "—", request.Locale, request.Message ?? "", link]);
    });

    private MimeMessage Mail(string to, string subject, string body)
    {
        var text = new TextPart(TextFormat.Plain);
        text.SetText(Encoding.UTF8, body);
        var message = new MimeMessage { Subject = EnquiryWorker.HeaderText(subject), Date = clock.GetUtcNow(), Body = text };
        message.From.Add(MailboxAddress.Parse(mail.Value.From));
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }

    private static T InCulture<T>(string locale, Func<T> build)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = LocalizationExtensions.CultureFor(locale);
        try
        {
            return build();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail for accreditation request {Id} failed (attempt {Attempt}); it stays in the inbox and is tried again later.")]
    private static partial void LogMailFailed(ILogger logger, Exception ex, long id, int attempt);
}
