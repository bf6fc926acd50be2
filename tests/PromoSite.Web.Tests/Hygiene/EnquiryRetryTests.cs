using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Enquiries;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>The enquiry mail worker retries any failure with growing waits and never drops the staff notice.</summary>
public sealed class EnquiryRetryTests
{
    /// <summary>Fails the first <paramref name="failures"/> sends as a busy SMTP server does, then records what it is given.</summary>
    private sealed class FlakyMailer(int failures) : IEnquiryMailer
    {
        private int _calls;

        public List<(string To, string Subject)> Delivered { get; } = [];

        public Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw new MailKit.Net.Smtp.SmtpCommandException(MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted, MailKit.Net.Smtp.SmtpStatusCode.MailboxBusy, "4.2.1 Try again later");
            }

            lock (Delivered)
            {
                Delivered.Add((message.To.ToString(), message.Subject ?? ""));
            }

            return Task.CompletedTask;
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_failing_send_is_retried_after_growing_waits_and_both_mails_are_delivered_once(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        var mailer = new FlakyMailer(failures: 3);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds())); // whole seconds: PostgreSQL keeps microseconds
        await using var site = new PromoSiteFactory(await TestDatabase.CreateAsync(provider), content.Path, new Dictionary<string, string>
        {
            ["Enquiries:PickupFolder"] = TestFolders.NewFolder("mail"),
            ["Enquiries:NotifyEmail"] = "investment@dongnai.example",
            ["Enquiries:From"] = "no-reply@dongnai.example",
        });
        await using var app = site.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<IEnquiryMailer>();
            s.AddSingleton<IEnquiryMailer>(mailer);
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        }));
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var item = await db.Items.Where(i => i.Key == "buoi-tan-trieu").Select(i => i.Id).SingleAsync();
            var enquiry = new Enquiry { ItemId = item, Locale = "en", Name = "Kim Min-jun", Email = "minjun@hanbit.example", Message = "Prices?", ReceivedAt = clock.GetUtcNow().UtcDateTime };
            db.Enquiries.Add(enquiry);
            await db.SaveChangesAsync();
            id = enquiry.Id;
        }

        var worker = app.Services.GetRequiredService<EnquiryWorker>();
        async Task<Enquiry> StateAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Enquiries.AsNoTracking().SingleAsync(e => e.Id == id);
        }

        await worker.RunOnceAsync(CancellationToken.None); // acknowledgement and notice both fail
        var afterFirst = await StateAsync();
        Assert.Equal((1, 1, (DateTime?)null, (DateTime?)null), (afterFirst.MailAttempts, afterFirst.NoticeAttempts, afterFirst.AcknowledgedAt, afterFirst.NoticeSentAt));
        Assert.Equal(clock.GetUtcNow().UtcDateTime + EnquiryWorker.RetryDelay(1), afterFirst.NextMailAt);

        await worker.RunOnceAsync(CancellationToken.None); // too early: nothing is tried
        Assert.Equal(1, (await StateAsync()).MailAttempts);

        clock.Advance(EnquiryWorker.RetryDelay(1));
        await worker.RunOnceAsync(CancellationToken.None); // the acknowledgement fails again, the notice goes out
        var afterSecond = await StateAsync();
        Assert.NotNull(afterSecond.NoticeSentAt);
        Assert.Null(afterSecond.AcknowledgedAt);
        Assert.Equal(clock.GetUtcNow().UtcDateTime + EnquiryWorker.RetryDelay(2), afterSecond.NextMailAt);
        Assert.True(EnquiryWorker.RetryDelay(2) > EnquiryWorker.RetryDelay(1));

        clock.Advance(EnquiryWorker.RetryDelay(2));
        await worker.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await worker.RunOnceAsync(CancellationToken.None); // nothing left to send

        var done = await StateAsync();
        Assert.NotNull(done.AcknowledgedAt);
        Assert.Null(done.NextMailAt);
        Assert.Equal(["investment@dongnai.example", "minjun@hanbit.example"], mailer.Delivered.Select(d => d.To).Order());
        Assert.Contains(mailer.Delivered, d => d.Subject.Contains("ENQ-", StringComparison.Ordinal) && d.To == "investment@dongnai.example");
    }

    [Theory]
    [InlineData("Tan Trieu\npomelo", "Tan Trieu pomelo")]
    [InlineData("Tan Trieu\r\n pomelo\t(en)", "Tan Trieu pomelo (en)")]
    [InlineData("Line\u2028separator\u0000", "Line separator")]
    [InlineData("Bưởi Tân Triều", "Bưởi Tân Triều")]
    public void Header_text_from_titles_is_one_clean_line(string title, string expected) =>
        Assert.Equal(expected, EnquiryWorker.HeaderText(title));

    [Fact]
    public async Task A_title_with_a_line_break_cannot_add_a_header_to_the_mail()
    {
        var message = new MimeMessage { Subject = EnquiryWorker.HeaderText("Tan Trieu\r\nBcc: list@elsewhere.example") };
        using var written = new MemoryStream();
        await message.WriteToAsync(written);
        written.Position = 0;

        var read = await MimeMessage.LoadAsync(written);
        Assert.Equal("Tan Trieu Bcc: list@elsewhere.example", read.Subject);
        Assert.Empty(read.Bcc);
    }
}
