using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Storage;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Enquiries;

/// <summary>
/// Off the request: acknowledges each stored enquiry to the visitor in their language and tells
/// staff, when mail is configured; and erases the personal data of enquiries older than the
/// retention period. Any failure of a mail (the server, the address, a header) is logged and
/// retried with growing waits; the staff notice is never given up, the acknowledgement after 10
/// attempts (a visitor's mistyped address). With no mail configured nothing is lost: the enquiry
/// waits in the admin inbox.
/// </summary>
public sealed partial class EnquiryWorker(
    IServiceScopeFactory scopes,
    IOptions<EnquiryOptions> options,
    IOptions<PromoSite.Cms.Content.CmsOptions> cms,
    IStringLocalizer<EnquiryWorker> strings,
    IEnquiryMailer mailer,
    TimeProvider clock,
    IJobLease lease,
    ILogger<EnquiryWorker> logger) : LeasedRoundWorker(lease, logger)
{
    public const int MaxAcknowledgementAttempts = 10;

    /// <summary>The waits after the 1st, 2nd, ... failure; the last one repeats.</summary>
    public static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    /// <summary>One cms node mails (a second would send each acknowledgement twice); the others wait for its lease to lapse.</summary>
    protected override string LeaseName => "enquiries";

    protected override Task RoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One round; rounds never overlap, so no acknowledgement goes out twice.</summary>
    public Task RunOnceAsync(CancellationToken ct) => OneRoundAtATimeAsync(MailAndEraseAsync, ct);

    private async Task MailAndEraseAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = now.AddDays(-Math.Max(1, options.Value.RetentionDays));
        foreach (var old in await db.Enquiries.Where(e => e.ErasedAt == null && e.ReceivedAt < expired).ToListAsync(ct))
        {
            old.Erase(now);
        }

        await db.SaveChangesAsync(ct);
        if (!options.Value.MailConfigured)
        {
            return;
        }

        var notify = options.Value.NotifyEmail is { Length: > 0 };
        var delivery = scope.ServiceProvider.GetRequiredService<IContentDelivery>();
        var pending = await db.Enquiries
            .Where(e => e.ErasedAt == null && e.Status != EnquiryStatus.Spam && (e.NextMailAt == null || e.NextMailAt <= now)
                && ((e.AcknowledgedAt == null && e.MailAttempts < MaxAcknowledgementAttempts) || (notify && e.NoticeSentAt == null)))
            .OrderBy(e => e.Id).Take(20).ToListAsync(ct);
        foreach (var enquiry in pending)
        {
            var item = await delivery.GetByIdAsync(enquiry.Locale, enquiry.ItemId, ct);
            var failed = false;
            if (enquiry.AcknowledgedAt is null && enquiry.MailAttempts < MaxAcknowledgementAttempts)
            {
                enquiry.MailAttempts++;
                if (await TrySendAsync(enquiry, enquiry.MailAttempts, () => Acknowledgement(enquiry, item?.Title ?? ""), ct))
                {
                    enquiry.AcknowledgedAt = clock.GetUtcNow().UtcDateTime;
                }
                else
                {
                    failed = true;
                }

                await db.SaveChangesAsync(ct); // recorded at once: a failing staff notice must not resend it
            }

            if (notify && enquiry.NoticeSentAt is null)
            {
                enquiry.NoticeAttempts++;
                if (await TrySendAsync(enquiry, enquiry.NoticeAttempts, () => Notice(enquiry, item?.Title), ct))
                {
                    enquiry.NoticeSentAt = clock.GetUtcNow().UtcDateTime;
                }
                else
                {
                    failed = true;
                }
            }

            enquiry.NextMailAt = failed ? now + RetryDelay(Math.Max(enquiry.MailAttempts, enquiry.NoticeAttempts)) : null;
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The wait after the given number of attempts have failed.</summary>
    public static TimeSpan RetryDelay(int attempts) => RetryDelays[Math.Clamp(attempts, 1, RetryDelays.Length) - 1];

    /// <summary>Builds and sends one mail; any failure, in building it too, is logged and leaves it for the next try.</summary>
    private async Task<bool> TrySendAsync(Enquiry enquiry, int attempt, Func<MimeMessage> build, CancellationToken ct)
    {
        try
        {
            using var message = build();
            await mailer.SendAsync(message, ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogMailFailed(Logger, ex, enquiry.Id, attempt);
            return false;
        }
    }

    private MimeMessage Notice(Enquiry enquiry, string? title)
    {
        var link = $"{cms.Value.PublicBaseUrl?.TrimEnd('/')}/admin/enquiries?id={enquiry.Id}";
        return Mail(
            options.Value.NotifyEmail!,
            $"[PromoSite] {enquiry.Reference}: {title ?? $"item {enquiry.ItemId}"} ({enquiry.Locale})",
            $"{enquiry.Name} ({enquiry.Organisation}, {enquiry.Country})\n{enquiry.Email} {enquiry.Phone}\n\n{enquiry.Message}\n\nIn the admin: {link}");
    }

    /// <summary>A plain-text mail in UTF-8; MimeKit encodes the subject (RFC 2047) and the body so that any relay carries them.</summary>
    private MimeMessage Mail(string to, string subject, string body)
    {
        var text = new TextPart(TextFormat.Plain);
        text.SetText(Encoding.UTF8, body);
        var message = new MimeMessage { Subject = HeaderText(subject), Date = clock.GetUtcNow(), Body = text };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }

    /// <summary>
    /// Text for a mail header: control characters and line separators (which could forge headers,
    /// and which MimeKit would fold into the subject) become spaces. Titles are one line since the editor checks
    /// it, but older content and other sources may not be.
    /// </summary>
    public static string HeaderText(string text)
    {
        var chars = text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c).ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The acknowledgement, in the visitor's language (the strings come from locales/*.json like the site's).</summary>
    private MimeMessage Acknowledgement(Enquiry enquiry, string title)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = LocalizationExtensions.CultureFor(enquiry.Locale);
        try
        {
            return Mail(
                enquiry.Email,
                strings["enquiry.mailSubject", enquiry.Reference],
                strings["enquiry.mailBody", enquiry.Name, title, enquiry.Reference, options.Value.RetentionDays]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail for enquiry {Id} failed (attempt {Attempt}); it stays in the inbox and is tried again later.")]
    private static partial void LogMailFailed(ILogger logger, Exception ex, long id, int attempt);
}
