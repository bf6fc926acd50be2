using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Storage;
using Xunit.Abstractions;

namespace PromoSite.Browser.Tests;

/// <summary>
/// Every admin page passes axe-core's WCAG 2.2 AA rules on a phone and on a desktop. The pages are
/// found by following the admin's own links from the dashboard, so a new screen is checked as soon
/// as something links to it; one page of each kind is enough (one item of one type, not all 300).
/// </summary>
public sealed partial class AdminAccessibilityBrowserTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly (int Width, int Height)[] Windows = [(390, 844), (1280, 900)];

    /// <summary>Links that leave the pages to check: sign-out, downloads, the public template shown as a preview.</summary>
    [GeneratedRegex(@"^/admin/(sign-out|preview/)|\.(csv|xlf|xliff|zip|png|svg|epub|json)(\?|$)|/export(\?|/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Leaves();

    [Fact]
    public async Task Every_admin_page_has_no_wcag_22_aa_violations_at_390_and_1280_px()
    {
        var problems = new List<string>();

        // The pages before the dashboard: sign-in, the authenticator's set-up and the recovery codes.
        const string email = "axe.admin@dongnai.example";
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var (_, problem) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("test", email, email, Role.Administrator, [], "first password for " + email, null);
            Assert.Null(problem);
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false));

            // An enquiry, so that the inbox links to an enquiry's own page.
            var park = await db.Items.Where(i => i.Type == "industrial-parks").Select(i => i.Id).FirstAsync();
            db.Enquiries.Add(new Enquiry { ItemId = park, Locale = "ko", Name = "김민수", Organisation = "Hanbit Electronics", Email = "minsu@hanbit.example", Message = "임대 조건을 알려 주십시오.", ReceivedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        // The admin's Content-Security-Policy rightly refuses injected scripts; axe is let in here only.
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/admin/sign-in");
        await CheckAsync(page, "/admin/sign-in", problems);
        await page.FillAsync("input[name=email]", email);
        await page.FillAsync("input[name=password]", "first password for " + email);
        await page.ClickAndWaitForAsync("main button[type=submit]", "**/admin/enrol**");
        await CheckAsync(page, "/admin/enrol", problems);
        var key = await page.InnerTextAsync("code.key");
        await page.FillAsync("input[name=code]", Totp.Code(Totp.FromBase32(key), Totp.StepAt(DateTimeOffset.UtcNow)));
        await page.ClickAsync("main form button[type=submit]");
        await page.Locator(".recovery-codes").WaitForAsync();
        await CheckAsync(page, "/admin/enrol (recovery codes)", problems);

        // Then every kind of page the admin links to, breadth first from the dashboard.
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/admin" };
        var queue = new Queue<string>(["/admin"]);
        var checkedPages = new List<string>();
        while (queue.Count > 0 && checkedPages.Count < 80)
        {
            var path = queue.Dequeue();
            var response = await page.GotoAsync(fixture.BaseUrl + path);
            if (response?.Ok != true || !new Uri(page.Url).AbsolutePath.StartsWith("/admin", StringComparison.Ordinal))
            {
                problems.Add($"{path}: answered {response?.Status} at {page.Url}");
                continue;
            }

            checkedPages.Add(path);
            await CheckAsync(page, path, problems);
            var links = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('a[href]')].filter(a => !a.hasAttribute('download')).map(a => a.getAttribute('href'))");
            foreach (var href in links)
            {
                if (!href.StartsWith("/admin", StringComparison.Ordinal) || Leaves().IsMatch(href))
                {
                    continue;
                }

                var target = href.Split('#')[0];
                if (seen.Add(Kind(target)))
                {
                    queue.Enqueue(target);
                }
            }
        }

        output.WriteLine($"Checked {checkedPages.Count} kinds of admin page: {string.Join(", ", checkedPages)}");

        // The walk must have reached the admin's main screens, or it proves little.
        foreach (var expected in new[] { "/admin/translations", "/admin/media", "/admin/users", "/admin/analytics", "/admin/links", "/admin/audit" })
        {
            Assert.Contains(checkedPages, p => p.StartsWith(expected, StringComparison.Ordinal));
        }

        Assert.Contains(checkedPages, p => p.Contains("/edit", StringComparison.Ordinal));
        Assert.True(problems.Count == 0, $"{problems.Count} problems on {checkedPages.Count} pages:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    /// <summary>Runs axe at each window size and keeps what it finds, named by page and width.</summary>
    private static async Task CheckAsync(IPage page, string path, List<string> problems)
    {
        foreach (var (width, height) in Windows)
        {
            await page.SetViewportSizeAsync(width, height);
            problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{path} at {width} px: {v}"));
        }

        await page.SetViewportSizeAsync(1280, 900);
    }

    /// <summary>
    /// One address per kind of page: numbers become {id}, the content type after /content/ becomes
    /// {type}, a foreign language becomes {foreign} (the side-by-side editor differs from the
    /// Vietnamese one), and of the query only an <c>id</c> counts (<c>?id=</c> opens an enquiry;
    /// <c>?status=</c> and <c>?page=</c> filter the same list).
    /// </summary>
    private static string Kind(string href)
    {
        var parts = href.Split('?', 2);
        var path = parts[0].TrimEnd('/');
        var names = parts.Length > 1
            ? string.Join('&', parts[1].Split('&').Select(p => p.Split('=')[0]).Where(n => n == "id").Order(StringComparer.Ordinal))
            : "";
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (Regex.IsMatch(segments[i], @"^\d+$|^[0-9a-f]{8}-[0-9a-f-]{27}$"))
            {
                segments[i] = "{id}";
            }
            else if (i > 0 && segments[i - 1] == "content" && i >= 2)
            {
                segments[i] = "{type}";
            }
            else if (segments[i] is "en" or "ko" or "ja" or "zh")
            {
                segments[i] = "{foreign}";
            }
        }

        return string.Join('/', segments) + (names.Length > 0 ? "?" + names : "");
    }
}
