using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Printing;
using PromoSite.Cms.Reports;
using PromoSite.Cms.Storage;
using PromoSite.Web.Enquiries;

namespace PromoSite.Web.Reports;

/// <summary>
/// On Reports:MonthlyDay at Reports:MonthlyTime in the province's time (Asia/Ho_Chi_Minh), mails the previous
/// month's effectiveness report to Reports:MonthlyRecipients, in Vietnamese, with the PDF attached (or the CSV,
/// saying so, when Chromium is missing). Like the press digest: under a job lease, and the month is recorded
/// (report_mailings, one row per month) once sent, so two cms nodes and a restart send it once. A failed send
/// leaves the month open for the next minute's round.
/// </summary>
public sealed partial class MonthlyReportWorker(
    IServiceScopeFactory scopes,
    IOptions<EnquiryOptions> mail,
    IOptions<ReportOptions> options,
    IOptions<CmsOptions> cms,
    IStringLocalizer<AdminText> a,
    IEnquiryMailer mailer,
    TimeProvider clock,
    IJobLease lease,
    ILogger<MonthlyReportWorker> logger) : LeasedRoundWorker(lease, logger)
{
    public const string TimeZoneId = "Asia/Ho_Chi_Minh";

    protected override string LeaseName => "monthly-report";

    /// <summary>The day and time are read on the site's clock, so the ticks follow it too.</summary>
    protected override TimeProvider Pace => clock;

    protected override bool Enabled => Recipients().Count > 0 && mail.Value.MailConfigured;

    protected override Task RoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    private List<string> Recipients() =>
        [.. options.Value.MonthlyRecipients.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// One round: once this month's day and time have come and the previous month has not been mailed, mails it
    /// and records the month. Returns the month mailed ("yyyy-MM"), or null when nothing was due. Rounds never overlap.
    /// </summary>
    public Task<string?> RunOnceAsync(CancellationToken ct)
    {
        var recipients = Recipients();
        return recipients.Count == 0 || !mail.Value.MailConfigured ? Task.FromResult<string?>(null) : OneRoundAtATimeAsync(c => MailDueMonthAsync(recipients, c), ct);
    }

    private async Task<string?> MailDueMonthAsync(List<string> recipients, CancellationToken ct)
    {
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId));
        var day = Math.Clamp(options.Value.MonthlyDay, 1, 28);
        if (local.Day < day || (local.Day == day && TimeOnly.FromTimeSpan(local.TimeOfDay) < options.Value.MonthlyTime))
        {
            return null;
        }

        var first = new DateOnly(local.Year, local.Month, 1).AddMonths(-1);
        var month = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (await db.ReportMailings.AnyAsync(m => m.Month == month, ct))
        {
            return null;
        }

        // The month is claimed first (its key is unique): a second round or node that gets here too fails to
        // insert and stops, so the report is built, printed and mailed once. A failed send gives the claim back.
        var row = new ReportMailing { Month = month, SentAt = clock.GetUtcNow().UtcDateTime, Recipients = Clip(string.Join('\n', recipients), 2000), Attachment = "pending" };
        db.ReportMailings.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return null;
        }

        try
        {
            var reports = scope.ServiceProvider.GetRequiredService<EffectivenessReport>();
            var printer = scope.ServiceProvider.GetRequiredService<ReportPrinter>();
            var report = await reports.BuildAsync(new ReportFilter(first, first.AddMonths(1).AddDays(-1)), ct);
            byte[] file;
            var kind = "pdf";
            try
            {
                file = await printer.PdfAsync(report, ct);
            }
            catch (PdfUnavailableException ex)
            {
                LogPdfUnavailable(Logger, ex.Message);
                file = await printer.CsvAsync(report, ct, vietnamese: true);
                kind = "csv";
            }

            using var message = ReportPrinter.InVietnamese(() => Message(month, report, file, kind, recipients));
            await mailer.SendAsync(message, ct); // a failure gives the month back below: the next round tries again
            row.Attachment = kind;
            row.SentAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
        }
        catch (Exception) when (db.Entry(row).State != EntityState.Detached)
        {
            db.ReportMailings.Remove(row);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        return month;
    }

    private MimeMessage Message(string month, ReportResult report, byte[] file, string kind, List<string> recipients)
    {
        var f = report.Current;
        var link = $"{cms.Value.PublicBaseUrl.TrimEnd('/')}/admin/reports?period=month";
        var text = a["admin.reports.mail.body", month, a["admin.reports.period", StaffClock.FormatDate(report.Filter.From), StaffClock.FormatDate(report.Filter.To)],
            StaffClock.Number(f.Views), StaffClock.Number(f.Visitors), StaffClock.Number(f.Scans), StaffClock.Number(f.EnquiriesReceived), StaffClock.Number(f.EnquiriesAnswered), link].Value;
        if (kind == "csv")
        {
            text = a["admin.reports.mail.csvInstead"] + "\n\n" + text;
        }

        var body = new BodyBuilder { TextBody = text };
        body.Attachments.Add($"bao-cao-hieu-qua-{month}.{kind}", file, kind == "pdf" ? new ContentType("application", "pdf") : new ContentType("text", "csv") { Charset = "utf-8" });
        var message = new MimeMessage { Subject = EnquiryWorker.HeaderText(a["admin.reports.mail.subject", month]), Date = clock.GetUtcNow(), Body = body.ToMessageBody() };
        message.From.Add(MailboxAddress.Parse(mail.Value.From));
        foreach (var recipient in recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        return message;
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "The monthly report goes out as CSV: {Reason}")]
    private static partial void LogPdfUnavailable(ILogger logger, string reason);
}

internal static class MonthlyReportExtensions
{
    /// <summary>The monthly report mail: a cms node's work (the report page itself is the admin's).</summary>
    public static WebApplicationBuilder AddMonthlyReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MonthlyReportWorker>();
        if (NodeRoles.Read(builder.Configuration).RunsBackgroundWork())
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<MonthlyReportWorker>());
        }

        return builder;
    }
}
