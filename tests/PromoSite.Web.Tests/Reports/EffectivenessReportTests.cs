using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Reports;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Reports;
using PromoSite.Web.Tests.Admin;
using PromoSite.Web.Tests.Publications;
using PromoSite.Web.Tests.Site;

namespace PromoSite.Web.Tests.Reports;

/// <summary>
/// Issue #21 item 3: the effectiveness report from scripted visits, scans, enquiries and downloads, exact to the
/// figure and against the previous period, as a page, CSV and PDF; the monthly mail; who may read it; bad filters.
/// </summary>
public sealed class EffectivenessReportTests
{
    private const string Seoul = "Hội nghị xúc tiến đầu tư Seoul 2026";
    private const string Iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string Android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
    private const string Windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    private const string Mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    private const string ProjectEn = "/en/investment/projects/phuoc-an-logistics-cluster";
    private const string IssueVi = "/vi/publications/chuoi-thu/so-7";

    private static HttpClient Visitor(PromoSiteFactory app, string userAgent)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        return client;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? referrer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (referrer is not null)
        {
            request.Headers.Referrer = new Uri("http://localhost" + referrer);
        }

        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found, $"{path}: {response.StatusCode}");
        return response;
    }

    /// <summary>Opens the enquiry form (coming from <paramref name="referrer"/>) and sends it as a browser would.</summary>
    private static async Task<string?> EnquireAsync(HttpClient client, string formPath, string referrer, string name)
    {
        var form = await new HtmlParser().ParseDocumentAsync(await (await GetAsync(client, formPath, referrer)).Content.ReadAsStringAsync());
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("form.enquiry-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Name"] = name, ["Email"] = "investor@example.com", ["Message"] = "We would like to know the lease terms.", ["Consent"] = "true",
        };
        var campaign = form.QuerySelector("form.enquiry-form input[name=Campaign]")?.GetAttribute("value");
        if (campaign is not null)
        {
            fields["Campaign"] = campaign;
        }

        var sent = await client.PostAsync(new Uri(formPath, UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        return campaign;
    }

    private static ContentFolder Content(out byte[] cover, out string coverFile)
    {
        var content = EnquiryTests.Content();
        cover = File.ReadAllBytes(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "src", "Web", "wwwroot", "icon-192.png"));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(cover));
        coverFile = $"originals/{hash[..2]}/{hash}.png";
        HostileIssueEpubTests.WriteContent(content, coverFile);
        return content;
    }

    private static Action<IServiceCollection> Clock(FakeTimeProvider clock) => services =>
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
    };

    private static string Figure(IHtmlDocument page, string name) => page.QuerySelector($"#figure-{name} .figure")!.GetAttribute("data-value") ?? "";

    private static string Row(IHtmlDocument page, string table, string key) =>
        string.Join(" | ", page.QuerySelectorAll($"#by-{table} tbody tr").Single(r => r.GetAttribute("data-key") == key).Children.Skip(1).Select(c => c.FirstChild!.TextContent.Trim()));

    [Theory, ClassData(typeof(Providers))]
    public async Task Scripted_visits_scans_enquiries_and_downloads_give_exact_figures_against_the_previous_period_as_page_csv_and_pdf(DatabaseProvider provider)
    {
        using var content = Content(out var cover, out var coverFile);
        // 10:00 in Hồ Chí Minh City on 10 November: the previous period's one visit.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 3, 0, 0, TimeSpan.Zero));
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, new Dictionary<string, string>(), Clock(clock));
        await File.WriteAllBytesAsync(app.Services.GetRequiredService<DataFolder>().Combine(Path.Combine("media", coverFile)), cover);
        var projectId = await app.ItemIdAsync("cum-logistics");
        var issueId = await app.ItemIdAsync("so-7");

        await GetAsync(Visitor(app, Iphone), ProjectEn);

        // 20 November: a conference's QR codes, on the project (English) and on the issue (English).
        clock.Advance(TimeSpan.FromDays(10));
        ShortLink projectLink, issueLink;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var links = scope.ServiceProvider.GetRequiredService<ShortLinkService>();
            projectLink = (await links.CreateAsync(projectId, "en", Seoul, "qr", "test")).Link!;
            issueLink = (await links.CreateAsync(issueId, "en", Seoul, "print", "test")).Link!;
        }

        // B scans the project's code, reads the page and sends an enquiry: the form carries the campaign.
        var b = Visitor(app, Android);
        var landing = (await GetAsync(b, $"/s/{projectLink.Code}")).Headers.Location!.OriginalString;
        var landed = await GetAsync(b, landing);
        Assert.False(landed.Headers.Contains("Set-Cookie"), "counting sets no cookie");
        Assert.Equal(Seoul, await EnquireAsync(b, $"/en/enquiry/{projectId}", landing, "Kim Min-jun"));

        // C comes without a campaign: the home page, the issue, its EPUB, and an enquiry in Vietnamese.
        var c = Visitor(app, Windows);
        await GetAsync(c, "/vi/");
        await GetAsync(c, IssueVi);
        Assert.Equal("application/epub+zip", (await GetAsync(c, IssueVi + ".epub", IssueVi)).Content.Headers.ContentType?.MediaType);
        Assert.Null(await EnquireAsync(c, $"/vi/enquiry/{projectId}", "/vi/", "Nguyễn Văn An"));

        // D scans the issue's printed code and takes the EPUB from the landing page: the download counts for the campaign.
        var d = Visitor(app, Mac);
        var issueLanding = (await GetAsync(d, $"/s/{issueLink.Code}")).Headers.Location!.OriginalString;
        await GetAsync(d, issueLanding);
        await GetAsync(d, issueLanding.Split('?')[0] + ".epub", issueLanding);
        await app.Services.GetRequiredService<VisitRecorder>().FlushAsync();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            Assert.Equal(new[] { (string?)Seoul, null }, await db.Enquiries.OrderBy(e => e.Id).Select(e => e.Campaign).ToListAsync());
        }

        // Three hours later an editor answers B's enquiry.
        clock.Advance(TimeSpan.FromHours(3));
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        long first;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Enquiries.MinAsync(e => e.Id);
        }

        var (answered, _) = await editor.SubmitAsync($"/admin/enquiries?id={first}", new Dictionary<string, string> { ["status"] = "Answered" });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        // The report for 11–20 November, against 1–10 November.
        const string Period = "/admin/reports?period=custom&from=2026-11-11&to=2026-11-20";
        var (response, page) = await editor.GetAsync(Period);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var figures = new[] { "views", "visitors", "scans", "enquiries", "answered", "medianHours", "reads", "epub", "pdf" }.Select(n => $"{n}={Figure(page, n)}");
        Assert.Equal("views=6 visitors=3 scans=2 enquiries=2 answered=1 medianHours=3 reads=2 epub=2 pdf=0", string.Join(' ', figures));
        Assert.Equal("+5 (+500 %) so với kỳ trước (1)", page.QuerySelector("#figure-views .change")!.TextContent);
        Assert.Equal("+2 (+200 %) so với kỳ trước (1)", page.QuerySelector("#figure-visitors .change")!.TextContent);
        Assert.Equal("+2 (mới) so với kỳ trước (0)", page.QuerySelector("#figure-scans .change")!.TextContent);
        // campaign: views, visitors, scans, enquiries, answered, median hours, reads, EPUB, PDF
        Assert.Equal("2 | 2 | 2 | 1 | 1 | 3,0 | 1 | 1 | 0", Row(page, "campaign", Seoul));
        Assert.Equal("3 | 2 | 2 | 1 | 1 | 3,0 | 1 | 1 | 0", Row(page, "locale", "en"));
        Assert.Equal("3 | 1 | 0 | 1 | 0 | – | 1 | 1 | 0", Row(page, "locale", "vi"));
        Assert.Equal(4, page.QuerySelectorAll(".report-charts svg.chart").Length);

        // The CSV: one row per breakdown line, UTF-8 with a byte order mark.
        var csvResponse = await editor.Http.GetAsync(new Uri(Period + "&handler=csv", UriKind.Relative));
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Chiều phân tích,Mã,Tên,Từ ngày,Đến ngày,Lượt xem trang,Lượt xem trang (kỳ trước),", csv[0], StringComparison.Ordinal);
        Assert.Equal("total,,Tổng cộng,2026-11-11,2026-11-20,6,1,3,1,2,0,2,0,1,0,3,,2,0,2,0,0,0", csv[1]);
        Assert.Contains($"campaign,{Seoul},{Seoul},2026-11-11,2026-11-20,2,0,2,0,2,0,1,0,1,0,3,,1,0,1,0,0,0", csv);
        Assert.Contains("locale,en,en · English,2026-11-11,2026-11-20,3,1,2,1,2,0,1,0,1,0,3,,1,0,1,0,0,0", csv);
        Assert.Contains("locale,vi,vi · Tiếng Việt,2026-11-11,2026-11-20,3,0,1,0,0,0,1,0,0,0,,,1,0,1,0,0,0", csv);
        Assert.Equal(1 + 1 + page.QuerySelectorAll("table[id^=by-] tbody tr").Length, csv.Length);

        // The PDF: A4, not blank, in Vietnamese with the figures.
        var pdf = await editor.Http.GetAsync(new Uri(Period + "&handler=pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var (width, height, inked, text) = await ReadPdfAsync(await pdf.Content.ReadAsByteArrayAsync());
        Assert.InRange(height / (double)width, 1.40, 1.43); // A4: 297 / 210
        Assert.True(inked > 0.01, $"the first page is blank ({inked:P2} inked)");
        Assert.Contains("Báo cáo hiệu quả công tác quảng bá", text, StringComparison.Ordinal);
        Assert.Contains("+5 (+500 %)", text, StringComparison.Ordinal);
        Assert.Contains("Hội nghị xúc tiến", text, StringComparison.Ordinal); // the campaign's line (a long name wraps in its cell)

        // The conference page's link: the campaign alone, over its whole life (its links were made on the 20th).
        var (_, campaignPage) = await editor.GetAsync("/admin/reports?campaign=" + Uri.EscapeDataString(Seoul));
        Assert.Equal("views=2 scans=2 enquiries=1", $"views={Figure(campaignPage, "views")} scans={Figure(campaignPage, "scans")} enquiries={Figure(campaignPage, "enquiries")}");
        Assert.Equal("2026-11-20", campaignPage.QuerySelector("input[name=from]")!.GetAttribute("value"));

        // Bad filters are refused with what is wrong; the CSV and the PDF too.
        foreach (var (query, message) in new[]
        {
            ("from=2026-11-20&to=2026-11-11", "Ngày kết thúc đang ở trước ngày bắt đầu. Xin chọn lại kỳ báo cáo."),
            ("campaign=Kh%C3%B4ng+c%C3%B3", "Không có chiến dịch nào mang tên này. Xin chọn một chiến dịch trong danh sách."),
            ("from=2006-01-01&to=2026-01-01", "Kỳ báo cáo dài quá 1098 ngày. Xin chọn một kỳ ngắn hơn."),
        })
        {
            var (refused, shown) = await editor.GetAsync("/admin/reports?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(message, shown.QuerySelector("#report-error")!.TextContent);
            Assert.Empty(shown.QuerySelectorAll("#figures"));
            var csvRefused = await editor.Http.GetAsync(new Uri("/admin/reports?handler=csv&" + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, csvRefused.StatusCode);
            Assert.Equal(message, await csvRefused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, (await editor.Http.GetAsync(new Uri("/admin/reports?handler=pdf&" + query, UriKind.Relative))).StatusCode);
        }

        // Staff without the policy (a viewer reads analytics, not this report) are refused the page, the CSV and the PDF.
        var viewer = await AdminClient.ForNewUserAsync(app, "viewer@dongnai.example", Role.Viewer);
        foreach (var handler in new[] { "", "&handler=csv", "&handler=pdf" })
        {
            var refused = await viewer.Http.GetAsync(new Uri(Period + handler, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/admin/denied", new Uri(new Uri("http://localhost"), refused.Headers.Location!).AbsolutePath);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync(refused.Headers.Location)).StatusCode);
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_previous_months_report_is_mailed_once_with_its_pdf_on_the_day_and_time_set_even_when_asked_again(DatabaseProvider provider)
    {
        await using var server = new TestSmtpServer();
        using var content = ContentFolder.Fixture();
        // 1 December, 07:00 in Hồ Chí Minh City: the day the report of November is due, before its time.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, new Dictionary<string, string>
        {
            ["Enquiries:SmtpHost"] = "127.0.0.1",
            ["Enquiries:SmtpPort"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["Enquiries:SmtpSecurity"] = "None",
            ["Enquiries:From"] = "PromoSite Đồng Nai <no-reply@dongnai.example>",
            ["Reports:MonthlyRecipients:0"] = "vanphong@dongnai.example",
            ["Reports:MonthlyRecipients:1"] = "lanhdao@dongnai.example",
            ["Reports:MonthlyTime"] = "07:30",
            ["Monitoring:Poll"] = "false",
        }, Clock(clock));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            foreach (var (visitor, path) in new[] { (1L, "/vi/"), (1L, "/vi/ocop/"), (2L, "/en/") })
            {
                db.AnalyticsHits.Add(new AnalyticsHit { At = new DateTime(2026, 11, 15, 3, 0, 0, DateTimeKind.Utc), Day = new DateOnly(2026, 11, 15), Kind = AnalyticsHit.View, Locale = path[1..3], Path = path, Visitor = visitor });
            }

            await db.SaveChangesAsync();
        }

        var worker = app.Services.GetRequiredService<MonthlyReportWorker>();
        Assert.Null(await worker.RunOnceAsync(CancellationToken.None)); // before 07:30
        clock.Advance(TimeSpan.FromMinutes(31));
        await worker.RunOnceAsync(CancellationToken.None); // or the hosted worker's round, woken by the clock: either sends it, once
        Assert.Null(await worker.RunOnceAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Null(await worker.RunOnceAsync(CancellationToken.None));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (server.Received.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        var mail = Assert.Single(server.Received, m => MimeMessage.Load(new MemoryStream(m.Data)).Subject?.Contains("Báo cáo", StringComparison.Ordinal) == true);
        Assert.True(server.Received.Count == 1, string.Join(" / ", server.Received.Select(m => MimeMessage.Load(new MemoryStream(m.Data)).Subject + " → " + string.Join(",", m.To))));
        Assert.Equal(new[] { "lanhdao@dongnai.example", "vanphong@dongnai.example" }, mail.To.Order());
        var message = MimeMessage.Load(new MemoryStream(mail.Data));
        Assert.Equal("[PromoSite] Báo cáo hiệu quả quảng bá tháng 2026-11", message.Subject);
        Assert.Contains("Lượt xem trang: 3", message.TextBody ?? "", StringComparison.Ordinal);
        Assert.Contains("Khách truy cập: 2", message.TextBody ?? "", StringComparison.Ordinal);
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("bao-cao-hieu-qua-2026-11.pdf", attachment.FileName);
        using var file = new MemoryStream();
        await attachment.Content!.DecodeToAsync(file);
        var (_, _, _, text) = await ReadPdfAsync(file.ToArray());
        Assert.Contains("Báo cáo hiệu quả công tác quảng bá", text, StringComparison.Ordinal);

        await using var check = app.Services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<CmsDbContext>().ReportMailings.ToListAsync();
        Assert.Equal("2026-11 pdf", string.Join(";", rows.Select(r => $"{r.Month} {r.Attachment}")));
    }

    /// <summary>The first page as a grey image (its size, and the share of pixels that are not white) and the text, through poppler.</summary>
    private static async Task<(int Width, int Height, double Inked, string Text)> ReadPdfAsync(byte[] pdf)
    {
        var folder = TestFolders.NewFolder("report-pdf");
        var file = Path.Combine(folder, "report.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        await RunAsync("pdftoppm", "-gray", "-r", "40", "-f", "1", "-l", "1", file, Path.Combine(folder, "page"));
        var image = await File.ReadAllBytesAsync(Directory.GetFiles(folder, "page*.pgm").Single());
        // Binary PGM: "P5\n<width> <height>\n<max>\n" then one byte per pixel.
        var header = Encoding.ASCII.GetString(image, 0, 40).Split((char[])['\n', ' '], 5);
        var (width, height) = (int.Parse(header[1], CultureInfo.InvariantCulture), int.Parse(header[2], CultureInfo.InvariantCulture));
        var inked = image.Skip(image.Length - (width * height)).Count(pixel => pixel < 200) / (double)(width * height);
        var text = await RunAsync("pdftotext", "-layout", file, "-");
        return (width, height, inked, text);
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
