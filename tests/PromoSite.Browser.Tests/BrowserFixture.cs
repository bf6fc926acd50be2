using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Agencies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Browser.Tests;

/// <summary>
/// The real site on a loopback port (Kestrel, sample content, SQLite) and Debian's Chromium driven
/// by Playwright. Playwright's own browser download is never used: it cannot work here, and the
/// Chromium that visitors' phones resemble is the system one (scripts/test.sh installs it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private SiteFactory? _site;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => _site!.Services;

    public static string ScreenshotFolder
    {
        get
        {
            var folder = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _site = new SiteFactory(database);
        _site.UseKestrel(0);
        _site.StartServer();
        BaseUrl = _site.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PROMOSITE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>
    /// A new desktop-sized browser session of a new user with this role, signed in and on the
    /// dashboard. Editors and reviewers belong to every sample agency, so a story may touch any
    /// sample item (AgenciesBrowserTests narrows one down to see the agency filter).
    /// </summary>
    public async Task<IPage> SignInAsync(string email, Role role, params string[] locales)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var (_, problem) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("test", email, email, role, locales, "first password for " + email, null);
            Assert.Null(problem);
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false));
            if (role is Role.Editor or Role.Reviewer)
            {
                var directory = scope.ServiceProvider.GetRequiredService<AgencyDirectory>();
                await directory.SetMembershipAsync(await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(), await db.Agencies.Select(a => a.Id).ToListAsync());
                await db.SaveChangesAsync();
            }
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var pending = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        page.Request += (_, r) => pending[r.Url + "#" + r.GetHashCode()] = r.Url;
        page.RequestFinished += (_, r) => pending.TryRemove(r.Url + "#" + r.GetHashCode(), out string? _);
        page.RequestFailed += (_, r) => pending[r.Url + "#" + r.GetHashCode()] = "FAILED " + r.Url + " " + r.Failure;
        await page.GotoAsync($"{BaseUrl}/admin");
        await page.FillAsync("input[name=email]", email);
        await page.FillAsync("input[name=password]", "first password for " + email);
        try
        {
            await page.ClickAndWaitForAsync("main button[type=submit]", "**/admin");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{email} did not reach the dashboard; the browser shows {page.Url}; unfinished requests: {string.Join(", ", pending.Values)}");
        }

        return page;
    }

    /// <summary>Signs in a new administrator in a desktop browser, setting up their authenticator as the admin requires.</summary>
    public async Task<IPage> SignInAdministratorAsync(string email)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var (_, problem) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("test", email, email, Role.Administrator, [], "first password for " + email, null);
            Assert.Null(problem);
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false));
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/admin/sign-in");
        await page.FillAsync("input[name=email]", email);
        await page.FillAsync("input[name=password]", "first password for " + email);
        await page.ClickAndWaitForAsync("main button[type=submit]", "**/admin/enrol**");
        var key = await page.InnerTextAsync("code.key");
        await page.FillAsync("input[name=code]", Totp.Code(Totp.FromBase32(key), Totp.StepAt(DateTimeOffset.UtcNow)));
        await page.ClickAsync("main form button[type=submit]");
        await page.Locator(".recovery-codes").WaitForAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }

    private sealed class SiteFactory(TestDatabase database) : WebApplicationFactory<Program>
    {
        private readonly string _data = TestFolders.NewFolder("data");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("PROMOSITE_DATA", _data);
            builder.UseSetting("ContentPath", TestFolders.SampleContent);
            builder.UseSetting(database.ConnectionSetting.Key, database.ConnectionSetting.Value);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // Image derivatives are made when a test asks (MediaDerivativeWorker.RunOnceAsync), not
            // in the background of every browser fixture, which would compete for the two cores.
            builder.UseSetting("Media:Derivatives", "false");
            // Screens poll every minute in production; the signage story waits seconds, not minutes.
            builder.UseSetting("Signage:PollInterval", "00:00:03");
            builder.UseSetting("Signage:HeartbeatsPerMinute", "60");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}

public static class PageExtensions
{
    /// <summary>
    /// Clicks and waits for the page it leads to, the wait registered before the click so that a
    /// fast navigation cannot finish unseen; the document being parsed is enough for assertions.
    /// </summary>
    public static async Task ClickAndWaitForAsync(this IPage page, string selector, string url)
    {
        var arrived = page.WaitForURLAsync(url, new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.ClickAsync(selector);
        await arrived;
    }
}
