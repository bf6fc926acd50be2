using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MimeKit;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Enquiries;

namespace PromoSite.Web.Tests.Site;

/// <summary>Enquiry mail through MailKit to a real SMTP server on loopback: TLS, headers, UTF-8, timeouts.</summary>
public sealed class EnquiryMailTests
{
    private static SmtpEnquiryMailer Mailer(TestSmtpServer server, SmtpSecurity security, string? user = null, TimeSpan? timeout = null) =>
        new(Options.Create(new EnquiryOptions
        {
            SmtpHost = "127.0.0.1",
            SmtpPort = server.Port,
            SmtpSecurity = security,
            SmtpUser = user,
            SmtpPassword = user is null ? null : "relay password",
            SmtpTimeout = timeout ?? TimeSpan.FromSeconds(30),
        }))
        {
            ServerCertificateValidation = server.Trusts,
        };

    private static MimeMessage Message()
    {
        var message = new MimeMessage { Subject = "Bưởi Tân Triều", Body = new TextPart("plain") { Text = "Xin chào" } };
        message.From.Add(MailboxAddress.Parse("no-reply@dongnai.example"));
        message.To.Add(MailboxAddress.Parse("invest@dongnai.example"));
        return message;
    }

    private static MimeMessage Parse(TestSmtpServer.Mail mail) => MimeMessage.Load(new MemoryStream(mail.Data));

    [Fact]
    public async Task Enquiry_mails_reach_an_smtp_server_over_starttls_with_their_headers_and_vietnamese_and_chinese_text_intact()
    {
        await using var server = new TestSmtpServer(offerStartTls: true, offerAuth: true);
        using var content = ContentFolder.Fixture();
        await using var site = new PromoSiteFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), content.Path, new Dictionary<string, string>
        {
            ["Enquiries:SmtpHost"] = "127.0.0.1",
            ["Enquiries:SmtpPort"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Enquiries:SmtpUser"] = "promosite",
            ["Enquiries:SmtpPassword"] = "relay password",
            ["Enquiries:NotifyEmail"] = "investment@dongnai.example",
            ["Enquiries:From"] = "Trung tâm Xúc tiến Đồng Nai <no-reply@dongnai.example>",
        });
        await using var app = site.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<IEnquiryMailer>();
            s.AddSingleton<IEnquiryMailer>(sp => new SmtpEnquiryMailer(sp.GetRequiredService<IOptions<EnquiryOptions>>()) { ServerCertificateValidation = server.Trusts });
        }));
        Enquiry vietnamese, chinese;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var item = await db.Items.Where(i => i.Key == "buoi-tan-trieu").Select(i => i.Id).SingleAsync();
            vietnamese = new Enquiry { ItemId = item, Locale = "vi", Name = "Nguyễn Thị Hồng", Organisation = "Hợp tác xã Tân Triều", Email = "hong@tantrieu.example", Message = "Cho tôi hỏi giá bưởi xuất khẩu.", ReceivedAt = DateTime.UtcNow };
            chinese = new Enquiry { ItemId = item, Locale = "zh", Name = "王芳", Email = "wangfang@guoguo.example", Message = "请问柚子的出口价格是多少？", ReceivedAt = DateTime.UtcNow };
            db.Enquiries.AddRange(vietnamese, chinese);
            await db.SaveChangesAsync();
        }

        await app.Services.GetRequiredService<EnquiryWorker>().RunOnceAsync(CancellationToken.None);

        var mails = server.Received.ToList();
        Assert.Equal(4, mails.Count); // an acknowledgement and a staff notice for each
        Assert.All(mails, m => Assert.True(m.OverTls, "STARTTLS was offered, so the mail must go over TLS"));
        Assert.All(mails, m => Assert.Equal("promosite", m.User));
        Assert.All(mails, m => Assert.Equal("no-reply@dongnai.example", m.From));
        Assert.All(mails, m => Assert.Single(m.To));
        Assert.All(mails, m => Assert.All(m.Data, b => Assert.True(b < 0x80, "the server offered no 8BITMIME: every byte must be 7-bit")));
        var byRecipient = mails.Where(m => m.To.Single() != "investment@dongnai.example").ToDictionary(m => m.To.Single(), Parse);

        var thanksVi = byRecipient["hong@tantrieu.example"];
        Assert.Equal($"Đã nhận yêu cầu {vietnamese.Reference}", thanksVi.Subject);
        Assert.Equal("Trung tâm Xúc tiến Đồng Nai", thanksVi.From.Mailboxes.Single().Name);
        Assert.Equal("hong@tantrieu.example", thanksVi.To.Mailboxes.Single().Address);
        Assert.False(string.IsNullOrEmpty(thanksVi.MessageId));
        Assert.NotEqual(default, thanksVi.Date);
        var thanksViText = Assert.IsType<TextPart>(thanksVi.Body);
        Assert.Equal(("text/plain", "utf-8"), (thanksViText.ContentType.MimeType, thanksViText.ContentType.Charset));
        Assert.StartsWith("Kính gửi Nguyễn Thị Hồng,", thanksViText.Text, StringComparison.Ordinal);
        Assert.Contains("\"Bưởi Tân Triều\"", thanksViText.Text, StringComparison.Ordinal);

        var thanksZh = byRecipient["wangfang@guoguo.example"];
        Assert.Equal($"已收到咨询 {chinese.Reference}", thanksZh.Subject);
        Assert.StartsWith("王芳，您好：", thanksZh.TextBody, StringComparison.Ordinal);
        Assert.Contains("同奈省投资、贸易与旅游促进中心", thanksZh.TextBody, StringComparison.Ordinal);

        var notices = mails.Where(m => m.To.Single() == "investment@dongnai.example").Select(Parse).ToList();
        var noticeVi = Assert.Single(notices, n => n.Subject?.Contains(vietnamese.Reference, StringComparison.Ordinal) == true);
        Assert.Equal($"[PromoSite] {vietnamese.Reference}: Bưởi Tân Triều (vi)", noticeVi.Subject);
        Assert.StartsWith("Nguyễn Thị Hồng (Hợp tác xã Tân Triều, )", noticeVi.TextBody, StringComparison.Ordinal);
        var noticeZh = Assert.Single(notices, n => n.Subject?.Contains(chinese.Reference, StringComparison.Ordinal) == true);
        Assert.Contains("请问柚子的出口价格是多少？", noticeZh.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://dongnai.example/admin/enquiries?id={chinese.Id}", noticeZh.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_a_server_that_offers_no_starttls_gets_no_mail()
    {
        await using var server = new TestSmtpServer(offerStartTls: false);

        await Assert.ThrowsAnyAsync<Exception>(() => Mailer(server, SmtpSecurity.Auto).SendAsync(Message(), CancellationToken.None));

        Assert.Empty(server.Received);
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Starttls_when_available_delivers_in_clear_to_a_relay_without_tls_but_never_sends_the_password_there()
    {
        await using var server = new TestSmtpServer(offerStartTls: false, offerAuth: true);

        await Mailer(server, SmtpSecurity.StartTlsWhenAvailable).SendAsync(Message(), CancellationToken.None);
        var mail = Assert.Single(server.Received);
        Assert.False(mail.OverTls);
        Assert.Equal("Bưởi Tân Triều", Parse(mail).Subject);

        await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(() => Mailer(server, SmtpSecurity.StartTlsWhenAvailable, user: "promosite").SendAsync(Message(), CancellationToken.None));
        Assert.Single(server.Received);
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_the_send_after_the_timeout_instead_of_holding_the_worker()
    {
        await using var server = new TestSmtpServer(silent: true);
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<Exception>(() => Mailer(server, SmtpSecurity.StartTls, timeout: TimeSpan.FromSeconds(1)).SendAsync(Message(), CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"the send took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_server_that_hangs_up_instead_of_answering_quit_has_the_mail_and_the_send_counts_as_done()
    {
        // Counted as failed, the mail would be sent again at the next retry: a duplicate for the visitor.
        await using var server = new TestSmtpServer(hangUpOnQuit: true);

        await Mailer(server, SmtpSecurity.None).SendAsync(Message(), CancellationToken.None);

        Assert.Single(server.Received);
    }

    [Fact]
    public async Task A_pickup_folder_gets_one_complete_eml_file_per_mail_with_smtp_line_ends()
    {
        var folder = TestFolders.NewFolder("pickup");
        var mailer = new SmtpEnquiryMailer(Options.Create(new EnquiryOptions { PickupFolder = folder }));

        await mailer.SendAsync(Message(), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.EndsWith(".eml", file, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("To: invest@dongnai.example\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("Bưởi Tân Triều", MimeMessage.Load(file).Subject);
    }
}
