using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Monitoring;
using PromoSite.Cms.Press;
using PromoSite.Cms.Storage;
using PromoSite.Web.Enquiries;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Press;

/// <summary>
/// Once a day, at Press:DigestTime in the province's time (Asia/Ho_Chi_Minh), mails Press:DigestRecipients a
/// Vietnamese digest of the mentions filed since the last digest: counts per source and per keyword, then
/// those marked "needs a response" first, each with its link into /admin/press/mentions. Under a job lease,
/// and each day is recorded (monitoring_digests, unique per day) before the next can start, so two cms nodes
/// send it once; a day with nothing new is recorded with no mail. A failed send is tried again at the next
/// minute's round.
/// </summary>
public sealed class MonitoringDigestWorker(
    IServiceScopeFactory scopes,
    IOptions<EnquiryOptions> mail,
    IOptions<PressOptions> press,
    IOptions<CmsOptions> cms,
    IStringLocalizer<AdminText> a,
    IEnquiryMailer mailer,
    TimeProvider clock,
    IJobLease lease,
    ILogger<MonitoringDigestWorker> logger) : LeasedRoundWorker(lease, logger)
{
    /// <summary>The province's time zone: "once a day" means a Vietnamese day.</summary>
    public const string TimeZoneId = "Asia/Ho_Chi_Minh";

    /// <summary>Mentions listed one by one; beyond this the digest gives the count and the inbox link.</summary>
    public const int MaxListed = 50;

    protected override string LeaseName => "press-digest";

    /// <summary>The digest time is read on the site's clock, so the ticks follow it too.</summary>
    protected override TimeProvider Pace => clock;

    protected override bool Enabled => press.Value.DigestRecipients.Count > 0 && mail.Value.MailConfigured;

    protected override Task RoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>
    /// One round: when today's digest time has passed and today has no digest yet, sends it (if anything
    /// is new) and records the day. Returns the number of mentions mailed (0 when none was sent). Rounds never overlap.
    /// </summary>
    public Task<int> RunOnceAsync(CancellationToken ct)
    {
        var recipients = press.Value.DigestRecipients.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return recipients.Count == 0 || !mail.Value.MailConfigured ? Task.FromResult(0) : OneRoundAtATimeAsync(c => MailDigestAsync(recipients, c), ct);
    }

    private async Task<int> MailDigestAsync(List<string> recipients, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId));
        if (TimeOnly.FromTimeSpan(local.TimeOfDay) < press.Value.DigestTime)
        {
            return 0;
        }

        var day = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (await db.MonitoringDigests.AnyAsync(d => d.Day == day, ct))
        {
            return 0;
        }

        var until = now.UtcDateTime;
        var since = await db.MonitoringDigests.MaxAsync(d => (DateTime?)d.CoversUntil, ct);
        var mentions = await db.Mentions.AsNoTracking()
            .Where(m => (since == null || m.FoundAt > since) && m.FoundAt <= until && m.Triage != MentionTriage.Ignore)
            .OrderBy(m => m.Id).ToListAsync(ct);
        if (mentions.Count > 0)
        {
            var sources = await db.MonitorSources.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            using var message = Digest(day, mentions, sources, recipients);
            await mailer.SendAsync(message, ct); // a failure throws: the day stays open and the next round tries again
        }

        // A day with nothing new is recorded too (no mail): it is done, and the next digest starts from the same point.
        db.MonitoringDigests.Add(new MonitoringDigest
        {
            Day = day,
            CoversUntil = mentions.Count > 0 ? until : since ?? DateTime.UnixEpoch,
            Mentions = mentions.Count,
            Recipients = mentions.Count > 0 ? string.Join('\n', recipients) : "",
            SentAt = until,
        });
        await db.SaveChangesAsync(ct);
        return mentions.Count;
    }

    /// <summary>The digest in Vietnamese (the staff's language): counts, then "needs a response", then the rest, each with its link.</summary>
    private MimeMessage Digest(string day, List<Mention> mentions, Dictionary<long, string> sources, List<string> recipients)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = LocalizationExtensions.CultureFor(Locales.Source);
        try
        {
            var inbox = $"{cms.Value.PublicBaseUrl?.TrimEnd('/')}/admin/press/mentions";
            var body = new StringBuilder();
            body.Append(a["admin.monitoring.digest.intro", mentions.Count, day]).Append("\n\n");
            body.Append(a["admin.monitoring.digest.bySource"]).Append('\n');
            foreach (var (name, count) in mentions.GroupBy(m => sources.GetValueOrDefault(m.SourceId) ?? "?").Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                body.Append("- ").Append(name).Append(": ").Append(count).Append('\n');
            }

            body.Append('\n').Append(a["admin.monitoring.digest.byRule"]).Append('\n');
            var rules = mentions.SelectMany(m => m.MatchedRules.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct());
            foreach (var (rule, count) in rules.GroupBy(r => r).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                body.Append("- ").Append(rule).Append(": ").Append(count).Append('\n');
            }

            var urgent = mentions.Where(m => m.Triage == MentionTriage.NeedsResponse).ToList();
            if (urgent.Count > 0)
            {
                body.Append('\n').Append(a["admin.monitoring.digest.needsResponse", urgent.Count]).Append('\n');
                Append(body, urgent, sources, $"{inbox}?triage={MentionTriage.NeedsResponse}");
            }

            var others = mentions.Where(m => m.Triage != MentionTriage.NeedsResponse).ToList();
            if (others.Count > 0)
            {
                body.Append('\n').Append(a["admin.monitoring.digest.others", others.Count]).Append('\n');
                Append(body, others.Take(Math.Max(0, MaxListed - urgent.Count)).ToList(), sources, inbox);
                if (urgent.Count + others.Count > MaxListed)
                {
                    body.Append(a["admin.monitoring.digest.more", urgent.Count + others.Count - MaxListed]).Append('\n');
                }
            }

            body.Append('\n').Append(a["admin.monitoring.digest.inbox", inbox]).Append('\n');
            var text = new TextPart(TextFormat.Plain);
            text.SetText(Encoding.UTF8, body.ToString());
            var message = new MimeMessage { Subject = EnquiryWorker.HeaderText(a["admin.monitoring.digest.subject", day, mentions.Count, urgent.Count]), Date = clock.GetUtcNow(), Body = text };
            message.From.Add(MailboxAddress.Parse(mail.Value.From));
            foreach (var recipient in recipients)
            {
                message.To.Add(MailboxAddress.Parse(recipient));
            }

            return message;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static void Append(StringBuilder body, List<Mention> mentions, Dictionary<long, string> sources, string list)
    {
        foreach (var mention in mentions)
        {
            body.Append("- [").Append(sources.GetValueOrDefault(mention.SourceId) ?? "?").Append(", ").Append(mention.Locale).Append("] ")
                .Append(EnquiryWorker.HeaderText(mention.Title)).Append('\n')
                .Append("  ").Append(list).Append("#mention-").Append(mention.Id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
