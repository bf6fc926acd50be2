using System.Globalization;
using System.Net;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Storage;
using PromoSite.Web.Localization;
using PromoSite.Web.Pages;

namespace PromoSite.Web.Enquiries;

/// <summary>
/// Off the request: acknowledges each stored enquiry to the visitor in their language and tells
/// staff, when mail is configured (retried each round until it works, at most 10 times); and
/// erases the personal data of enquiries older than the retention period. With no mail
/// configured nothing is lost: the enquiry waits in the admin inbox.
/// </summary>
public sealed partial class EnquiryWorker(
    IServiceScopeFactory scopes,
    IOptions<EnquiryOptions> options,
    IOptions<PromoSite.Cms.Content.CmsOptions> cms,
    IStringLocalizer<PublicPage> strings,
    TimeProvider clock,
    ILogger<EnquiryWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _nudge = new(0);
    private readonly SemaphoreSlim _oneRound = new(1, 1);

    /// <summary>A new enquiry is stored: send its mail now rather than at the next round.</summary>
    public void Nudge() => _nudge.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(logger, ex);
            }

            await _nudge.WaitAsync(TimeSpan.FromMinutes(1), stoppingToken);
        }
    }

    /// <summary>One round; rounds never overlap, so no acknowledgement goes out twice.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        await _oneRound.WaitAsync(ct);
        try
        {
            await RoundAsync(ct);
        }
        finally
        {
            _oneRound.Release();
        }
    }

    private async Task RoundAsync(CancellationToken ct)
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

        var delivery = scope.ServiceProvider.GetRequiredService<IContentDelivery>();
        var pending = await db.Enquiries.Where(e => e.AcknowledgedAt == null && e.ErasedAt == null && e.Status != EnquiryStatus.Spam && e.MailAttempts < 10).OrderBy(e => e.Id).Take(20).ToListAsync(ct);
        foreach (var enquiry in pending)
        {
            enquiry.MailAttempts++;
            var item = await delivery.GetByIdAsync(enquiry.Locale, enquiry.ItemId, ct);
            try
            {
                using var client = Client();
                using var ack = Acknowledgement(enquiry, item?.Title ?? "");
                await client.SendMailAsync(ack, ct);
                enquiry.AcknowledgedAt = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(ct); // recorded at once: a failing staff notice must not resend it
            }
            catch (Exception ex) when (ex is SmtpException or IOException or InvalidOperationException or FormatException)
            {
                LogMailFailed(logger, ex, enquiry.Id, enquiry.MailAttempts);
                await db.SaveChangesAsync(ct);
                continue;
            }

            if (options.Value.NotifyEmail is { Length: > 0 } staff)
            {
                try
                {
                    using var client = Client();
                    var link = $"{cms.Value.PublicBaseUrl?.TrimEnd('/')}/admin/enquiries?id={enquiry.Id}";
                    using var notice = new MailMessage(options.Value.From, staff)
                    {
                        Subject = $"[PromoSite] {enquiry.Reference}: {item?.Title ?? $"item {enquiry.ItemId}"} ({enquiry.Locale})",
                        Body = $"{enquiry.Name} ({enquiry.Organisation}, {enquiry.Country})\n{enquiry.Email} {enquiry.Phone}\n\n{enquiry.Message}\n\nIn the admin: {link}",
                    };
                    await client.SendMailAsync(notice, ct);
                }
                catch (Exception ex) when (ex is SmtpException or IOException or InvalidOperationException or FormatException)
                {
                    // The enquiry is in the inbox either way; the notice is a courtesy and is not retried.
                    LogMailFailed(logger, ex, enquiry.Id, enquiry.MailAttempts);
                }
            }

            await db.SaveChangesAsync(ct);
        }
    }

    private SmtpClient Client()
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.PickupFolder))
        {
            Directory.CreateDirectory(o.PickupFolder);
            return new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = o.PickupFolder };
        }

        return new SmtpClient(o.SmtpHost, o.SmtpPort)
        {
            EnableSsl = true,
            Credentials = o.SmtpUser is null ? null : new NetworkCredential(o.SmtpUser, o.SmtpPassword),
        };
    }

    /// <summary>The acknowledgement, in the visitor's language (the strings come from locales/*.json like the site's).</summary>
    private MailMessage Acknowledgement(Enquiry enquiry, string title)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = LocalizationExtensions.CultureFor(enquiry.Locale);
        try
        {
            return new MailMessage(options.Value.From, enquiry.Email)
            {
                Subject = strings["enquiry.mailSubject", enquiry.Reference],
                Body = strings["enquiry.mailBody", enquiry.Name, title, enquiry.Reference, options.Value.RetentionDays],
                BodyEncoding = System.Text.Encoding.UTF8,
                SubjectEncoding = System.Text.Encoding.UTF8,
            };
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The enquiry round failed; it runs again within a minute.")]
    private static partial void LogRoundFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail for enquiry {Id} failed (attempt {Attempt}); it stays in the inbox and is tried again.")]
    private static partial void LogMailFailed(ILogger logger, Exception ex, long id, int attempt);
}
