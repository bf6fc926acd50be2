using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;

namespace PromoSite.Browser.Tests;

/// <summary>
/// Saving an issue for offline reading, in Chromium with its network cut (Playwright's offline
/// mode): the issue and its articles read offline, an unsaved page does not, and an edit made
/// while the reader is online reaches both the page and the saved copy.
/// </summary>
public sealed class OfflineReaderBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Issue = "/en/publications/external-affairs-bulletin/2026-q1";
    private const string Article = "/en/news/external-information-plan-2026";
    private const string ArticleKey = "ke-hoach-thong-tin-doi-ngoai-2026";

    [Fact]
    public async Task A_saved_issue_reads_offline_and_picks_up_updates_when_online()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + Issue);
        var issueTitle = await page.InnerTextAsync("h1");
        await page.GotoAsync(fixture.BaseUrl + Article);
        var articleTitle = await page.InnerTextAsync("h1");

        await page.GotoAsync(fixture.BaseUrl + Issue);
        await page.ClickAsync(".offline-save button[data-action=save]");
        await page.WaitForSelectorAsync(".offline-save[data-state=saved]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.True(await page.IsVisibleAsync(".offline-save button[data-action=remove]"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "offline-saved-en-phone.png"), FullPage = true });

        await context.SetOfflineAsync(true);
        await page.GotoAsync(fixture.BaseUrl + Issue);
        Assert.Equal(issueTitle, await page.InnerTextAsync("h1"));
        Assert.Equal("rgb(11, 93, 59)", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.site-header')).backgroundColor")); // the saved style sheet
        await page.ClickAndWaitForAsync($".toc a[href='{Article}']", "**" + Article);
        Assert.Equal(articleTitle, await page.InnerTextAsync("h1"));

        // Not saved: the saved-issues page says the reader is offline; the heritage list is not there.
        await page.GotoAsync(fixture.BaseUrl + "/en/heritage/");
        Assert.True(await page.IsVisibleAsync("[data-part=offline]"));
        Assert.Equal(issueTitle, await page.InnerTextAsync(".saved-list a"));
        Assert.Null(await page.QuerySelectorAsync(".cards"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "offline-unsaved-en-phone.png"), FullPage = true });

        // The list of saved issues itself opens offline, without the notice.
        await page.GotoAsync(fixture.BaseUrl + "/en/publications/saved");
        Assert.Equal(issueTitle, await page.InnerTextAsync(".saved-list a"));
        Assert.False(await page.IsVisibleAsync("[data-part=offline]"));

        // Back online, an edit published meanwhile shows, and the saved copy takes it too.
        await context.SetOfflineAsync(false);
        await RetitleArticleAsync("The 2026 plan, revised while the reader was away");
        await page.GotoAsync(fixture.BaseUrl + Article);
        Assert.Equal("The 2026 plan, revised while the reader was away", await page.InnerTextAsync("h1"));
        await context.SetOfflineAsync(true);
        await page.GotoAsync(fixture.BaseUrl + Article);
        Assert.Equal("The 2026 plan, revised while the reader was away", await page.InnerTextAsync("h1"));

        // Removed: nothing of it stays, and offline the browser has nothing to show.
        await context.SetOfflineAsync(false);
        await page.GotoAsync(fixture.BaseUrl + "/en/publications/saved");
        await page.ClickAsync(".saved-list button");
        await page.WaitForSelectorAsync("[data-part=empty]:not([hidden])");
        Assert.Empty(await page.EvaluateAsync<string[]>("caches.keys()"));
        await context.SetOfflineAsync(true);
        await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync(fixture.BaseUrl + Issue));
    }

    [Theory]
    [InlineData("ko", "/ko/publications/external-affairs-bulletin/2026-q1", 390, 844)]
    [InlineData("ko", "/ko/publications/external-affairs-bulletin/2026-q1", 1280, 900)]
    [InlineData("vi", "/vi/publications/ban-tin-doi-ngoai/2026-q1", 390, 844)]
    [InlineData("vi", "/vi/publications/ban-tin-doi-ngoai/2026-q1", 1280, 900)]
    public async Task The_reader_panel_shows_its_buttons_in_the_page_language(string locale, string path, int width, int height)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + path);

        Assert.True(await page.IsVisibleAsync(".offline-save button[data-action=save]"));
        Assert.False(await page.IsVisibleAsync(".offline-save button[data-action=remove]"));
        Assert.True(await page.IsVisibleAsync(".reader a[href$='.epub']"));
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the window");
        await page.Locator(".reader").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"reader-{locale}-{width}.png") });
    }

    private async Task RetitleArticleAsync(string title)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var item = await db.Items.Include(i => i.Localizations).SingleAsync(i => i.Key == ArticleKey);
        var en = item.Localizations.Single(l => l.Locale == "en");
        var fields = JsonNode.Parse(en.FieldsJson)!.AsObject();
        fields["title"] = title;
        var outcome = await scope.ServiceProvider.GetRequiredService<ContentEditor>()
            .SaveAsync(item.Id, item.Version, null, new LocalizationInput("en", fields, en.Status, en.Slug), "test");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
    }
}
