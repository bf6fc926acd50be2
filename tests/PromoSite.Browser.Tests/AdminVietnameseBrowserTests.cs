using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Browser.Tests;

/// <summary>
/// An administrator walks every main admin page in Vietnamese, on a phone and a desktop: the page
/// says it is Vietnamese, shows none of the English words the admin used to show, does not scroll
/// sideways, and leaves a screenshot in artifacts/screenshots for people to look at.
/// </summary>
public sealed class AdminVietnameseBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>English words of the admin's old screens; none belongs on a Vietnamese one.</summary>
    private static readonly string[] EnglishWords =
    [
        "Dashboard", "Translations", "Media library", "Short links", "Enquiries", "Analytics", "Trash", "Audit log", "Users", "Sign out",
        "Search", "Filter", "Language", "State", "Title", "Updated", "Save", "Edit", "Delete", "Restore", "Upload", "Preview", "Publish",
        "Submit for review", "Save draft", "Copy from Vietnamese", "Shared facts", "History", "Compare", "Assign", "Needs work", "My queue",
        "missing", "draft", "in-review", "published", "outdated", "scheduled", "InProgress", "Received", "Status", "Older entries",
        "page views", "daily visitors", "New ", "Create", "items", "none", "any", "all types",
    ];

    /// <summary>The page's text without code (configuration keys, file names, keys), which is the same in every language.</summary>
    private const string ReadableTextScript = """
        (() => { const body = document.body.cloneNode(true); body.querySelectorAll('code, pre, script').forEach(e => e.remove()); document.documentElement.appendChild(body); const text = body.innerText; body.remove(); return text; })()
        """;

    /// <summary>The elements that reach past the window's right edge, outside the tables that scroll on their own.</summary>
    private const string WidestScript = """
        [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
          .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ')
        """;

    [Fact]
    public async Task An_administrator_walks_the_main_admin_pages_in_vietnamese_on_a_phone_and_a_desktop()
    {
        var page = await fixture.SignInAdministratorAsync("walk.admin@dongnai.example");
        long pomelo, media;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            pomelo = await db.Items.Where(i => i.Type == "ocop-products" && i.Key == "buoi-tan-trieu").Select(i => i.Id).SingleAsync();
            media = await db.Items.Where(i => i.Type == "media").OrderBy(i => i.Id).Select(i => i.Id).FirstOrDefaultAsync();
        }

        var pages = new List<(string Name, string Path)>
        {
            ("dashboard", "/admin"),
            ("content-list", "/admin/content/ocop-products"),
            ("item", $"/admin/content/ocop-products/{pomelo}/vi"),
            ("edit", $"/admin/content/ocop-products/{pomelo}/vi/edit"),
            ("translate-ko", $"/admin/content/ocop-products/{pomelo}/ko/edit"),
            ("history", $"/admin/content/ocop-products/{pomelo}/history"),
            ("new-item", "/admin/content/ocop-products/new/vi/edit"),
            ("translations", "/admin/translations"),
            ("xliff", "/admin/translations/xliff"),
            ("media", "/admin/media"),
            ("enquiries", "/admin/enquiries"),
            ("trash", "/admin/trash"),
            ("audit", "/admin/audit"),
            ("analytics", "/admin/analytics"),
            ("links", "/admin/links"),
            ("users", "/admin/users"),
            ("webhooks", "/admin/webhooks"),
            ("account", "/admin/password"),
            ("tokens", "/admin/tokens"),
            ("sessions", "/admin/sessions"),
        };
        if (media != 0)
        {
            pages.Insert(10, ("media-asset", $"/admin/media/{media}"));
        }

        var problems = new List<string>();
        foreach (var (name, path) in pages)
        {
            var response = await page.GotoAsync(fixture.BaseUrl + path);
            if (response?.Ok != true)
            {
                problems.Add($"{path}: {response?.Status}");
                continue;
            }

            Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
            var text = await page.EvaluateAsync<string>(ReadableTextScript);
            problems.AddRange(EnglishWords.Where(w => Regex.IsMatch(text, $@"(?<![\p{{L}}-]){Regex.Escape(w)}(?![\p{{L}}-])")).Select(w => $"{path}: \"{w}\""));
            foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                if (!await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"))
                {
                    problems.Add($"{path} scrolls sideways at {width} px, pushed by {await page.EvaluateAsync<string>(WidestScript)}");
                }

                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"admin-vi-{name}-{width}.png"), FullPage = true });
            }

            await page.SetViewportSizeAsync(1280, 900);
        }

        // Before signing in: a browser that asks for Vietnamese gets it, with the switch to English.
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN", ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync($"{fixture.BaseUrl}/admin/sign-in");
        Assert.Equal("vi", await signIn.GetAttributeAsync("html", "lang"));
        Assert.Equal("Đăng nhập", (await signIn.InnerTextAsync("main h1")).Trim());
        await signIn.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-vi-sign-in-390.png"), FullPage = true });
        await signIn.ClickAsync("nav.language-switch a[hreflang=en]");
        await signIn.WaitForFunctionAsync("document.documentElement.lang === 'en'");
        Assert.Equal("Sign in", (await signIn.InnerTextAsync("main h1")).Trim());

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
