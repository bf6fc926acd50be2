using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PromoSite.Cms.Monitoring;
using PromoSite.Cms.Press;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Press;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// The press room's mail, through MailKit to the SMTP server on loopback the enquiry mail tests use: a
/// journalist's acknowledgement and the press officers' notice, and the daily monitoring digest.
/// </summary>
public sealed class PressMailTests
{
    private static Dictionary<string, string> Mail(TestSmtpServer server, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Enquiries:SmtpHost"] = "127.0.0.1",
            ["Enquiries:SmtpPort"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["Enquiries:SmtpSecurity"] = "None",
            ["Enquiries:From"] = "Phòng báo chí Đồng Nai <no-reply@dongnai.example>",
            ["Monitoring:Poll"] = "false",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static MimeMessage Parse(TestSmtpServer.Mail mail) => MimeMessage.Load(new MemoryStream(mail.Data));

    /// <summary>The mails received so far, once the server has had them all (the worker may be sending in the background).</summary>
    private static async Task<List<(IReadOnlyList<string> To, MimeMessage Message)>> ReceivedAsync(TestSmtpServer server, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.Received.Count < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(200); // and no more than expected
        return [.. server.Received.Select(m => (m.To, Parse(m)))];
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_accreditation_request_is_acknowledged_in_the_forms_language_and_the_owning_agencys_press_officers_are_told_in_vietnamese(DatabaseProvider provider)
    {
        await using var server = new TestSmtpServer();
        using var content = PressRoomTests.Content();
        // The Department of Culture, Sports and Tourism owns the events: its press office hears of requests for them.
        File.AppendAllText(Path.Combine(content.Path, "agencies.yml"), "\n" + """
            - key: so-van-hoa
              vi: Sở Văn hóa, Thể thao và Du lịch tỉnh Đồng Nai
              en: Đồng Nai Department of Culture, Sports and Tourism
              email: baochi.svhttdl@dongnai.example
              types: [events]

            """.ReplaceLineEndings("\n"));
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, Mail(server, ("Press:PressInbox", "baochi@dongnai.example")));
        var client = PressRoomTests.Visitor(app);
        long eventId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            eventId = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.Where(i => i.Key == "hoi-nghi-2099").Select(i => i.Id).SingleAsync();
        }

        var japanese = PressRoomTests.Valid.ToDictionary(v => v.Item1, v => v.Item2);
        japanese["Event"] = eventId.ToString(CultureInfo.InvariantCulture);
        var (sent, _) = await PressRoomTests.SubmitAsync(client, "/ja/press/accreditation", japanese);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var korean = new Dictionary<string, string>
        {
            ["Name"] = "김민준", ["MediaOutlet"] = "연합뉴스", ["Email"] = "minjun@yna.example", ["Consent"] = "true",
            ["Event"] = "other", ["OtherEventName"] = "롱탄 공항 개항식",
        };
        (sent, _) = await PressRoomTests.SubmitAsync(client, "/ko/press/accreditation", korean);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var worker = app.Services.GetRequiredService<AccreditationMailWorker>();
        await worker.RunOnceAsync(CancellationToken.None);
        var mails = await ReceivedAsync(server, 4);
        Assert.Equal(4, mails.Count);
        Assert.All(mails, m => Assert.Single(m.To));
        Assert.All(mails, m => Assert.Equal("no-reply@dongnai.example", m.Message.From.Mailboxes.Single().Address));

        string[] references;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().AccreditationRequests.OrderBy(r => r.Id).ToListAsync();
            Assert.All(stored, r => Assert.NotNull(r.AcknowledgedAt));
            Assert.All(stored, r => Assert.NotNull(r.NoticeSentAt));
            references = [.. stored.Select(r => r.Reference)];
        }

        // The journalists, each in the language of the form they used.
        var toYuki = mails.Single(m => m.To[0] == "yuki@nikkei.example").Message;
        Assert.Equal($"取材登録申請 {references[0]} を受け付けました", toYuki.Subject);
        Assert.Contains("Tanaka Yuki 様", toYuki.TextBody, StringComparison.Ordinal);
        Assert.Contains("「Hội nghị xúc tiến đầu tư 2099」", toYuki.TextBody, StringComparison.Ordinal);
        var toMinjun = mails.Single(m => m.To[0] == "minjun@yna.example").Message;
        Assert.Equal($"취재 등록 신청 {references[1]} 접수 확인", toMinjun.Subject);
        Assert.Contains("\"롱탄 공항 개항식\" 행사", toMinjun.TextBody, StringComparison.Ordinal);

        // The press officers, in Vietnamese: the owning agency's for a site event, the press inbox for another.
        var toAgency = mails.Single(m => m.To[0] == "baochi.svhttdl@dongnai.example").Message;
        Assert.Equal($"[PromoSite] Đề nghị cấp thẻ tác nghiệp {references[0]}: Hội nghị xúc tiến đầu tư 2099", toAgency.Subject);
        Assert.Contains("Phóng viên Tanaka Yuki (Nikkei Asia, 日本)", toAgency.TextBody, StringComparison.Ordinal);
        Assert.Contains("/admin/press/accreditations?id=", toAgency.TextBody, StringComparison.Ordinal);
        var toInbox = mails.Single(m => m.To[0] == "baochi@dongnai.example").Message;
        Assert.Contains("롱탄 공항 개항식", toInbox.Subject, StringComparison.Ordinal);

        // Nothing goes twice.
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(4, (await ReceivedAsync(server, 5)).Count);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_monitoring_digest_goes_out_once_a_day_at_its_time_in_vietnamese_with_what_needs_a_response_first_and_not_when_nothing_is_new(DatabaseProvider provider)
    {
        await using var server = new TestSmtpServer();
        using var content = ContentFolder.Fixture();
        // 07:00 in Hồ Chí Minh City on 7 December; the digest is due at 07:30.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        await using var site = new PromoSiteFactory(await TestDatabase.CreateAsync(provider), content.Path, Mail(server,
            ("Press:DigestRecipients:0", "baochi@dongnai.example"), ("Press:DigestRecipients:1", "lanhdao@dongnai.example"), ("Press:DigestTime", "07:30")));
        await using var app = site.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        }));
        var worker = app.Services.GetRequiredService<MonitoringDigestWorker>();
        long urgentId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            var paper = new MonitorSource { Name = "Báo Đồng Nai", Url = "https://baodongnai.example/rss", NextFetchAt = now, CreatedAt = now };
            var korean = new MonitorSource { Name = "연합뉴스", Url = "https://yna.example/rss", NextFetchAt = now, CreatedAt = now };
            db.MonitorSources.AddRange(paper, korean);
            await db.SaveChangesAsync();
            Mention Found(MonitorSource source, string title, string rules, MentionTriage triage, int hoursAgo) => new()
            {
                SourceId = source.Id, Fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(title))),
                Locale = source == korean ? "ko" : "vi", Title = title, MatchedRules = rules, Triage = triage, FoundAt = now.AddHours(-hoursAgo), Link = "https://news.example/" + hoursAgo,
            };
            var urgent = Found(paper, "Tin đồn về dự án sân bay Long Thành", "Long Thành\nĐồng Nai", MentionTriage.NeedsResponse, 2);
            db.Mentions.AddRange(
                Found(paper, "Đồng Nai đón nhà đầu tư Hàn Quốc", "Đồng Nai", MentionTriage.New, 10),
                Found(korean, "동나이성 산업단지 확장", "동나이", MentionTriage.Relevant, 5),
                urgent,
                Found(paper, "Tin không liên quan", "Đồng Nai", MentionTriage.Ignore, 3));
            await db.SaveChangesAsync();
            urgentId = urgent.Id;
        }

        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None)); // 07:00: not yet
        clock.Advance(TimeSpan.FromMinutes(31));
        await worker.RunOnceAsync(CancellationToken.None); // or the hosted worker's round, woken by the clock: either sends it, once
        Assert.Equal(new[] { ("2026-12-07", 3) }, await ReadDaysAsync(app.Services));
        var mails = await ReceivedAsync(server, 1);
        var (to, digest) = Assert.Single(mails);
        Assert.Equal(new[] { "baochi@dongnai.example", "lanhdao@dongnai.example" }, to.Order());
        Assert.Equal("[PromoSite] Bản tin theo dõi báo chí ngày 2026-12-07: 3 tin mới, 1 cần phản hồi", digest.Subject);
        var body = digest.TextBody ?? "";
        Assert.Contains("- Báo Đồng Nai: 2", body, StringComparison.Ordinal);
        Assert.Contains("- 연합뉴스: 1", body, StringComparison.Ordinal);
        Assert.Contains("- Đồng Nai: 2", body, StringComparison.Ordinal);
        Assert.Contains("- Long Thành: 1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Tin không liên quan", body, StringComparison.Ordinal); // ignored in triage: not news for anyone
        var needs = body.IndexOf("Cần phản hồi (1):", StringComparison.Ordinal);
        var others = body.IndexOf("Tin mới khác (2):", StringComparison.Ordinal);
        Assert.True(needs > 0 && others > needs, "what needs a response comes first");
        Assert.True(body.IndexOf("Tin đồn về dự án sân bay Long Thành", StringComparison.Ordinal) is var urgentAt && urgentAt > needs && urgentAt < others);
        Assert.Contains($"/admin/press/mentions?triage=NeedsResponse#mention-{urgentId}", body, StringComparison.Ordinal);

        // Later the same day: already sent. The next morning with nothing new: no mail, the day is done all the same.
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(21));
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Single(await ReceivedAsync(server, 2));
        Assert.Equal(new[] { ("2026-12-07", 3), ("2026-12-08", 0) }, await ReadDaysAsync(app.Services));

        // A mention filed on the 8th is in the digest of the 9th, alone.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var source = await db.MonitorSources.FirstAsync();
            db.Mentions.Add(new Mention { SourceId = source.Id, Fingerprint = "new-on-the-8th", Locale = "vi", Title = "Đồng Nai khởi công cầu mới", MatchedRules = "Đồng Nai", FoundAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        clock.Advance(TimeSpan.FromDays(1));
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(("2026-12-09", 1), (await ReadDaysAsync(app.Services))[^1]);
        mails = await ReceivedAsync(server, 2);
        Assert.Equal(2, mails.Count);
        Assert.Equal("[PromoSite] Bản tin theo dõi báo chí ngày 2026-12-09: 1 tin mới, 0 cần phản hồi", mails[1].Message.Subject);
        Assert.DoesNotContain("Tin đồn", mails[1].Message.TextBody, StringComparison.Ordinal);
    }

    private static async Task<List<(string Day, int Mentions)>> ReadDaysAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return [.. (await scope.ServiceProvider.GetRequiredService<CmsDbContext>().MonitoringDigests.OrderBy(d => d.Day).ToListAsync()).Select(d => (d.Day, d.Mentions))];
    }
}
