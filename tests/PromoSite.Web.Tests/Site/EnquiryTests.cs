using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Enquiries;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Site;

/// <summary>Enquiries from the investment pages: stored before anything else, localized, spam-resistant, erased on time, and read only by staff who answer them.</summary>
public sealed class EnquiryTests
{
    /// <summary>An investment project that takes enquiries, in Vietnamese and English (also used by the forwarded-header tests).</summary>
    internal static ContentFolder Content() => ContentFolder.Fixture().Write("investment-projects", "cum-logistics", "vi", """
        ---
        title: Cụm logistics Phước An
        summary: Kho bãi và dịch vụ logistics gần cảng Phước An.
        sector: logistics
        status: calling
        locality: Nhơn Trạch
        ---
        Dự án kho bãi.
        """).Write("investment-projects", "cum-logistics", "en", """
        ---
        title: Phuoc An logistics cluster
        summary: Warehousing and logistics services next to Phuoc An Port.
        ---
        A warehousing project.
        """);

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private static readonly (string, string)[] Valid =
    [
        ("Name", "Kim Min-jun"), ("Organisation", "Hanbit Logistics"), ("Email", "minjun@hanbit.example"), ("Country", "대한민국"),
        ("Message", "창고 임대 조건과 일정이 궁금합니다."), ("Consent", "true"),
    ];

    /// <summary>Fills and posts the form as a browser would (with the page's own antiforgery token and cookie).</summary>
    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SubmitAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var form = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(path, UriKind.Relative)));
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", form.QuerySelector("form.enquiry-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!) };
        values.AddRange(fields);
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(values));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    private static HttpClient Visitor(PromoSiteFactory app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Theory, ClassData(typeof(Providers))]
    public async Task A_korean_enquiry_is_stored_acknowledged_in_korean_shown_in_the_inbox_and_survives_a_restart(DatabaseProvider provider)
    {
        using var content = Content();
        var pickup = TestFolders.NewFolder("mail");
        var settings = new Dictionary<string, string> { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026", ["Enquiries:PickupFolder"] = pickup, ["Enquiries:NotifyEmail"] = "invest@dongnai.example", ["Enquiries:From"] = "no-reply@dongnai.example" };
        var database = await TestDatabase.CreateAsync(provider);
        long itemId;
        string reference;
        await using (var first = new PromoSiteFactory(database, content.Path, settings) { KeepDatabase = true })
        {
            itemId = await first.ItemIdAsync("cum-logistics");
            var client = Visitor(first);
            var item = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri("/ko/investment/projects/phuoc-an-logistics-cluster", UriKind.Relative)));
            var formPath = item.QuerySelector("a.enquiry-cta")!.GetAttribute("href")!;
            Assert.Equal($"/ko/enquiry/{itemId}", formPath);

            var (form, page) = (await client.GetAsync(new Uri(formPath, UriKind.Relative)), await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(formPath, UriKind.Relative))));
            Assert.Equal("ko", page.DocumentElement.GetAttribute("lang"));
            Assert.Contains("365일", page.QuerySelector("label.consent")!.TextContent, StringComparison.Ordinal); // the retention is said before sending
            Assert.True(form.Headers.CacheControl?.NoStore, "the form page (with its antiforgery token) must not be stored");

            var (sent, _) = await SubmitAsync(client, formPath, Fields(Valid));
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            var thanks = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(sent.Headers.Location!.ToString(), UriKind.Relative)));
            reference = thanks.QuerySelector("[role=status]")!.TextContent;
            Assert.Contains("접수 번호: ENQ-", reference, StringComparison.Ordinal);

            await first.Services.GetRequiredService<EnquiryWorker>().RunOnceAsync(CancellationToken.None);
            var mails = Directory.GetFiles(pickup, "*.eml").Select(File.ReadAllText).ToList();
            Assert.Equal(2, mails.Count); // the acknowledgement and the staff notice
            Assert.Contains(mails, m => m.Contains("To: minjun@hanbit.example", StringComparison.Ordinal));
        }

        // The app stops and starts again over the same database: the enquiry is still there.
        await using var second = new PromoSiteFactory(database, content.Path, settings);
        var root = new AdminClient(second);
        await root.SignInAsync("root@dongnai.example", "river mango lantern 2026");
        var (_, inbox) = await root.GetAsync("/admin/enquiries");
        var row = Assert.Single(inbox.QuerySelectorAll("#enquiries tbody tr"));
        Assert.Contains("Kim Min-jun, Hanbit Logistics", row.TextContent, StringComparison.Ordinal);
        var (_, open) = await root.GetAsync($"/admin/enquiries?id={row.QuerySelector("a")!.GetAttribute("href")!.Split('=')[1]}");
        Assert.Contains("창고 임대 조건과 일정이 궁금합니다.", open.QuerySelector("#enquiry")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("no mail configured", open.QuerySelector("#enquiry")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mistakes_are_explained_in_the_visitors_language_keep_what_was_typed_and_store_nothing()
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var id = await app.ItemIdAsync("cum-logistics");
        var fields = Fields(Valid);
        fields["Email"] = "not-an-address";
        fields.Remove("Consent");
        var (response, page) = await SubmitAsync(Visitor(app), $"/ja/enquiry/{id}", fields);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = page.QuerySelector(".form-errors")!.TextContent;
        Assert.Contains("メールアドレスが正しくないようです", errors, StringComparison.Ordinal);
        Assert.Contains("同意してください", errors, StringComparison.Ordinal);
        Assert.Equal("Hanbit Logistics", page.QuerySelector("input[name=Organisation]")!.GetAttribute("value"));
        Assert.Equal("창고 임대 조건과 일정이 궁금합니다.", page.QuerySelector("textarea[name=Message]")!.TextContent);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Enquiries.CountAsync());
    }

    [Fact]
    public async Task A_robot_filling_the_honeypot_gets_a_normal_reply_and_a_flood_is_stopped()
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, new Dictionary<string, string> { ["Enquiries:PerHourPerAddress"] = "3" });
        var id = await app.ItemIdAsync("cum-logistics");
        var client = Visitor(app);
        var bot = Fields(Valid);
        bot["Website"] = "http://cheap-pills.example";
        var (fooled, _) = await SubmitAsync(client, $"/en/enquiry/{id}", bot);
        Assert.Equal(HttpStatusCode.Redirect, fooled.StatusCode);
        Assert.Contains("handler=sent", fooled.Headers.Location?.ToString(), StringComparison.Ordinal);

        var mistaken = Fields(Valid);
        mistaken.Remove("Consent");
        Assert.Equal(HttpStatusCode.BadRequest, (await SubmitAsync(client, $"/en/enquiry/{id}", mistaken)).Response.StatusCode); // mistakes do not count
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, $"/en/enquiry/{id}", Fields(Valid))).Response.StatusCode);
        }

        var (tooMany, page) = await SubmitAsync(client, $"/en/enquiry/{id}", Fields(Valid));
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        Assert.Contains("try again in an hour", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Enquiries.ToListAsync();
        Assert.Equal(3, stored.Count); // the robot's was never stored; the fourth real one was refused
    }

    [Fact]
    public async Task Personal_data_is_erased_after_the_retention_period_and_only_editors_and_administrators_read_the_inbox()
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, new Dictionary<string, string> { ["Enquiries:RetentionDays"] = "30" });
        var id = await app.ItemIdAsync("cum-logistics");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            db.Enquiries.Add(new Enquiry { ItemId = id, Locale = "en", Name = "Old", Email = "old@example.com", Message = "An old enquiry.", ReceivedAt = DateTime.UtcNow.AddDays(-31) });
            db.Enquiries.Add(new Enquiry { ItemId = id, Locale = "en", Name = "Recent", Email = "new@example.com", Message = "A recent enquiry.", ReceivedAt = DateTime.UtcNow.AddDays(-2) });
            await db.SaveChangesAsync();
        }

        await app.Services.GetRequiredService<EnquiryWorker>().RunOnceAsync(CancellationToken.None);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var all = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Enquiries.OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([(Enquiry.ErasedText, Enquiry.ErasedText), ("Recent", "new@example.com")], all.Select(e => (e.Name, e.Email)));
        }

        var translator = await AdminClient.ForNewUserAsync(app, "ko@dongnai.example", Role.Translator, "ko");
        var (denied, _) = await translator.GetAsync("/admin/enquiries");
        Assert.StartsWith("http://localhost/admin/denied", denied.Headers.Location?.ToString(), StringComparison.Ordinal);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var (ok, inbox) = await editor.GetAsync("/admin/enquiries");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(2, inbox.QuerySelectorAll("#enquiries tbody tr").Length);
        Assert.Equal(HttpStatusCode.NotFound, (await Visitor(app).GetAsync(new Uri($"/en/enquiry/{await app.ItemIdAsync("hat-dieu")}", UriKind.Relative))).StatusCode); // OCOP products take no enquiries
    }
}
