using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Storage;

namespace PromoSite.Browser.Tests;

/// <summary>
/// The agencies that come with the sample content, as an administrator manages them and as an editor
/// of one agency meets them: the agencies page and the dashboard filtered to "my agencies", in
/// Vietnamese, on a phone and a desktop, with screenshots in artifacts/screenshots.
/// </summary>
public sealed class AgenciesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_agencies_page_and_an_editors_dashboard_filtered_to_their_agency_read_in_vietnamese_at_phone_and_desktop_widths()
    {
        var admin = await SignInAdministratorAsync("agencies.admin@dongnai.example");
        await admin.GotoAsync(fixture.BaseUrl + "/admin/agencies");
        Assert.Equal("Đơn vị", (await admin.InnerTextAsync("main h1")).Trim());
        Assert.Contains("Hữu nghị Đồng Nai", await admin.InnerTextAsync("#agency-lien-hiep-cac-to-chuc-huu-nghi"), StringComparison.Ordinal);
        await ShootAsync(admin, "agencies");

        var email = "bien-tap.xuc-tien@dongnai.example";
        var editor = await fixture.SignInAsync(email, Role.Editor);
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var directory = scope.ServiceProvider.GetRequiredService<AgencyDirectory>();
            var (ids, _) = await directory.ResolveAsync(["trung-tam-xuc-tien"]);
            await directory.SetMembershipAsync(await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(), ids);
            await db.SaveChangesAsync();
        }

        await editor.GotoAsync(fixture.BaseUrl + "/admin");
        Assert.Equal("vi", await editor.GetAttributeAsync("html", "lang"));
        Assert.Contains("Trung tâm Xúc tiến", await editor.InnerTextAsync("#my-agencies"), StringComparison.Ordinal);
        var types = await editor.Locator("main tbody th a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Contains(types, t => t.StartsWith("/admin/content/investment-projects", StringComparison.Ordinal));
        Assert.DoesNotContain(types, t => t.StartsWith("/admin/content/heritage-sites", StringComparison.Ordinal));
        await ShootAsync(editor, "dashboard-my-agency");
    }

    private static async Task ShootAsync(IPage page, string name)
    {
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{name} scrolls sideways at {width} px");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"admin-vi-{name}-{width}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(1280, 900);
    }

    /// <summary>Signs in a new administrator, setting up their authenticator as the admin requires.</summary>
    private async Task<IPage> SignInAdministratorAsync(string email)
    {
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var (_, problem) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("test", email, email, Role.Administrator, [], "first password for " + email, null);
            Assert.Null(problem);
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false));
        }

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/admin/sign-in");
        await page.FillAsync("input[name=email]", email);
        await page.FillAsync("input[name=password]", "first password for " + email);
        await page.ClickAndWaitForAsync("main button[type=submit]", "**/admin/enrol**");
        var key = await page.InnerTextAsync("code.key");
        await page.FillAsync("input[name=code]", Totp.Code(Totp.FromBase32(key), Totp.StepAt(DateTimeOffset.UtcNow)));
        await page.ClickAsync("main form button[type=submit]");
        await page.Locator(".recovery-codes").WaitForAsync();
        return page;
    }
}
