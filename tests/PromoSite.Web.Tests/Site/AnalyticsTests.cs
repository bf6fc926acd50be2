using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Areas.Admin.Pages;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Site;

public sealed class AnalyticsTests
{
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string Desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private const string Osaka = "Investment conference, Osaka, 2026";

    private static readonly Dictionary<string, string> Root = new() { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" };

    private static HttpClient Visitor(PromoSiteFactory app, string? userAgent)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return client;
    }

    private static async Task VisitAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK, string? referrer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (referrer is not null)
        {
            request.Headers.Referrer = new Uri(referrer);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Counts_match_a_scripted_set_of_visits_with_cached_pages_counted_and_robots_staff_and_non_pages_left_out(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, Root);
        ShortLink? created;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (created, _) = await scope.ServiceProvider.GetRequiredService<ShortLinkService>().CreateAsync(await app.ItemIdAsync("buoi-tan-trieu"), "ko", Osaka, "qr", "test");
        }

        var link = created!;
        var a = Visitor(app, Phone);
        await VisitAsync(a, "/en/");
        await VisitAsync(a, "/en/"); // the second one comes from the output cache
        await VisitAsync(a, "/en/ocop/tan-trieu-pomelo", referrer: "https://www.linkedin.com/feed/");
        await VisitAsync(a, "/en/ocop/?utm_campaign=Newsletter%20Q4&utm_medium=email");
        await VisitAsync(a, "/api/v1/en/ocop-products");
        await VisitAsync(a, "/sitemap.xml");
        await VisitAsync(a, "/robots.txt");
        await VisitAsync(a, "/en/ocop/no-such-product", HttpStatusCode.NotFound);

        var b = Visitor(app, Desktop);
        await VisitAsync(b, "/ko/");
        await VisitAsync(b, "/ko/ocop/tan-trieu-pomelo", referrer: "http://localhost/ko/"); // from this site: no referrer
        await VisitAsync(b, $"/s/{link.Code.ToLowerInvariant()}", HttpStatusCode.MovedPermanently);

        await VisitAsync(Visitor(app, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"), "/en/");
        await VisitAsync(Visitor(app, "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"), $"/s/{link.Code}", HttpStatusCode.MovedPermanently);
        await VisitAsync(Visitor(app, null), "/en/");

        var staff = new AdminClient(app);
        staff.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Desktop);
        await staff.SignInAsync("root@dongnai.example", "river mango lantern 2026");
        Assert.Equal(HttpStatusCode.OK, (await staff.Http.GetAsync(new Uri("/en/", UriKind.Relative))).StatusCode);

        await app.Services.GetRequiredService<VisitRecorder>().FlushAsync();

        var (response, page) = await staff.GetAsync("/admin/analytics?period=7");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("6", page.QuerySelector("#views")!.TextContent);
        Assert.Equal("2", page.QuerySelector("#visitors")!.TextContent);
        Assert.Equal("1", page.QuerySelector("#scans")!.TextContent);
        Assert.Equal(["en 4", "ko 2"], page.QuerySelectorAll("#by-locale tbody tr").Select(r => $"{r.Children[0].TextContent} {r.Children[1].TextContent}"));
        Assert.Equal(["trang chủ và trang tĩnh 3", "Sản phẩm OCOP 3"], page.QuerySelectorAll("#by-section tbody tr").Select(r => $"{r.Children[0].TextContent} {r.Children[1].TextContent}"));
        Assert.Equal(["www.linkedin.com 1"], page.QuerySelectorAll("#referrers tbody tr").Select(r => $"{r.Children[0].TextContent} {r.Children[1].TextContent}"));
        Assert.Equal([$"{Osaka} 1 0", "Newsletter Q4 0 1"], page.QuerySelectorAll("#campaigns tbody tr").Select(r => $"{r.Children[0].TextContent} {r.Children[1].TextContent} {r.Children[2].TextContent}"));
        Assert.Equal([$"{link.Code} mã QR ko 1"], page.QuerySelectorAll("#short-links tbody tr").Select(r => $"{r.Children[0].TextContent} {r.Children[2].TextContent} {r.Children[3].TextContent} {r.Children[4].TextContent}"));
        Assert.Contains(page.QuerySelectorAll("#top-pages tbody tr"), r => r.Children[0].TextContent == "Tan Trieu pomelo" && r.Children[2].TextContent == "1");
        Assert.NotNull(page.QuerySelector("svg.chart[role=img] title"));

        var csv = await staff.Http.GetAsync(new Uri("/admin/analytics?period=7&handler=csv", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ngày,loại,ngôn ngữ,chuyên mục,đường dẫn,mã mục,trang dẫn đến,chiến dịch,kênh,mã rút gọn,lượt truy cập,khách", lines[0]); // in the reader's language; the columns stay as they were
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(6, rows.Where(r => r[1] == "view").Sum(r => int.Parse(r[10], CultureInfo.InvariantCulture)));
        var pomelo = (await app.ItemIdAsync("buoi-tan-trieu")).ToString(CultureInfo.InvariantCulture);
        Assert.Contains(rows, r => r[1] == "view" && r[4] == "/en/ocop/tan-trieu-pomelo" && r[5] == pomelo && r[6] == "www.linkedin.com");
        Assert.Contains(rows, r => r[1] == "view" && r[7] == "Newsletter Q4" && r[8] == "email");

        var (_, links) = await staff.GetAsync("/admin/links");
        Assert.Contains(links.QuerySelectorAll("tbody tr"), r => r.Children[0].TextContent.EndsWith(link.Code, StringComparison.Ordinal) && r.Children[4].TextContent == "1");
    }

    [Fact]
    public async Task Old_day_secrets_and_hits_past_retention_are_deleted_and_no_address_is_stored()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, new Dictionary<string, string> { ["Analytics:RetentionDays"] = "30" });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            db.AnalyticsSalts.Add(new AnalyticsSalt { Day = today.AddDays(-3), Salt = new byte[32] });
            db.AnalyticsHits.Add(new AnalyticsHit { At = DateTime.UtcNow.AddDays(-40), Day = today.AddDays(-40), Kind = AnalyticsHit.View, Locale = "en", Path = "/en/", Visitor = 1 });
            db.AnalyticsHits.Add(new AnalyticsHit { At = DateTime.UtcNow.AddDays(-20), Day = today.AddDays(-20), Kind = AnalyticsHit.View, Locale = "en", Path = "/en/", Visitor = 1 });
            await db.SaveChangesAsync();
        }

        await VisitAsync(Visitor(app, Phone), "/vi/");
        await app.Services.GetRequiredService<VisitRecorder>().FlushAsync();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            Assert.Equal([today], await db.AnalyticsSalts.Select(s => s.Day).ToListAsync());
            Assert.Equal([today.AddDays(-20), today], await db.AnalyticsHits.OrderBy(h => h.Day).Select(h => h.Day).ToListAsync());
            var hit = await db.AnalyticsHits.SingleAsync(h => h.Day == today);
            Assert.Equal(("vi", "/vi/"), (hit.Locale, hit.Path));
            Assert.NotEqual(0, hit.Visitor);
        }
    }

    [Fact]
    public void The_visitor_hash_changes_with_the_day_secret()
    {
        var address = IPAddress.Parse("203.0.113.7");
        Assert.Equal(AnalyticsWriter.VisitorHash(new byte[32], address, Phone), AnalyticsWriter.VisitorHash(new byte[32], address, Phone));
        Assert.NotEqual(AnalyticsWriter.VisitorHash(new byte[32], address, Phone), AnalyticsWriter.VisitorHash([.. new byte[31], 1], address, Phone));
        Assert.NotEqual(AnalyticsWriter.VisitorHash(new byte[32], address, Phone), AnalyticsWriter.VisitorHash(new byte[32], address, Desktop));
    }

    [Theory]
    [InlineData(Phone, false)]
    [InlineData(Desktop, false)]
    [InlineData("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", true)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36", true)]
    [InlineData("curl/8.5.0", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    public void Robots_are_told_from_browsers_by_their_user_agent(string? userAgent, bool isBot) => Assert.Equal(isBot, Bots.IsBot(userAgent));

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("Hội nghị, Osaka", "\"Hội nghị, Osaka\"")]
    [InlineData("plain", "plain")]
    public void Csv_cells_are_quoted_and_formulas_defused(string value, string expected) => Assert.Equal(expected, AnalyticsModel.Cell(value));

    [Fact]
    public async Task Every_member_of_staff_may_read_analytics_but_nobody_signed_out_and_bad_periods_get_a_message()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedOut = await anonymous.GetAsync(new Uri("/admin/analytics?handler=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith("/admin/sign-in", signedOut.Headers.Location?.PathAndQuery, StringComparison.Ordinal);

        var viewer = await AdminClient.ForNewUserAsync(app, "viewer@dongnai.example", Role.Viewer);
        var (ok, page) = await viewer.GetAsync("/admin/analytics?from=2026-05-01&to=2026-04-01");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("Ngày kết thúc trước ngày bắt đầu", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Http.GetAsync(new Uri("/admin/analytics?handler=csv&from=2020-01-01&to=2026-01-01", UriKind.Relative))).StatusCode);
        Assert.NotNull(page.QuerySelector("header a[href='/admin/analytics']"));
    }
}
