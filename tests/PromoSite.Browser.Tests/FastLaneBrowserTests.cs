using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using Xunit.Abstractions;

namespace PromoSite.Browser.Tests;

/// <summary>
/// The fast lane in a real browser, timed: from a Vietnamese draft to all five languages live,
/// with an editor, four translators and a reviewer each doing their part in their own session.
/// </summary>
public sealed class FastLaneBrowserTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Translations = ["en", "ko", "ja", "zh"];

    [Fact]
    public async Task A_vietnamese_draft_reaches_all_five_languages_through_the_fast_lane()
    {
        var editor = await fixture.SignInAsync("editor.fast@dongnai.example", Role.Editor);
        var translators = new Dictionary<string, IPage>();
        foreach (var l in Translations)
        {
            translators[l] = await fixture.SignInAsync($"{l}.fast@dongnai.example", Role.Translator, l);
        }

        var reviewer = await fixture.SignInAsync("reviewer.fast@dongnai.example", Role.Reviewer, Translations);
        long id;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var draft = new LocalizationInput("vi", new JsonObject { ["title"] = "Thông cáo báo chí về mùa bưởi Tân Triều", ["summary"] = "Tỉnh Đồng Nai thông báo chính thức về mùa bưởi năm nay." }, LocalizationStatus.Draft);
            var created = await scope.ServiceProvider.GetRequiredService<ContentEditor>()
                .CreateAsync("ocop-products", "thong-cao-mua-buoi", new JsonObject { ["category"] = "food" }, draft, "editor.fast@dongnai.example");
            Assert.True(created.Succeeded);
            id = created.Item!.Id;
        }

        var delivery = fixture.Services.GetRequiredService<IContentDelivery>();
        var clock = Stopwatch.StartNew();

        // The editor opens the draft and sends it through the fast lane ("Dịch khẩn").
        await editor.GotoAsync($"{fixture.BaseUrl}/admin/content/ocop-products/{id}/vi");
        await editor.ClickAsync("details.fast-lane summary");
        await editor.ClickAndWaitForAsync("[data-testid=fast-lane]", "**/vi?reviewed=fastLane");
        var vietnameseLive = clock.Elapsed;
        Assert.NotNull(await delivery.GetByIdAsync("vi", id));
        await editor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-fast-lane-1280.png"), FullPage = true });

        // Visitors of the other languages read the Vietnamese with a "translations follow" note.
        var korean = (await delivery.GetByIdAsync("ko", id))!;
        var visitor = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await visitor.GotoAsync(fixture.BaseUrl + korean.Path);
        Assert.Contains("번역이 곧 제공됩니다", await visitor.InnerTextAsync("[data-testid=translations-follow]"), StringComparison.Ordinal);
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "public-translations-follow-390.png"), FullPage = true });

        // Each translator finds the urgent work at the top of their queue, translates and submits it.
        foreach (var (l, page) in translators)
        {
            await page.GotoAsync($"{fixture.BaseUrl}/admin/translations?assignee=me");
            await page.ClickAndWaitForAsync($"#urgent-work li[data-item='{id}'] a", $"**/{l}/edit");
            await page.FillAsync("[name='f.title']", $"Press statement ({l}): Tan Trieu pomelo season");
            await page.FillAsync("[name='f.summary']", $"Official statement of Dong Nai province ({l}).");
            await page.ClickAndWaitForAsync("button[value=review]", $"**/{l}");
        }

        await translators["ko"].SetViewportSizeAsync(390, 844);
        await translators["ko"].GotoAsync($"{fixture.BaseUrl}/admin/content/ocop-products/{id}/ko");
        await translators["ko"].ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-review-panel-390.png"), FullPage = true });

        // The reviewer approves each from the queue; each goes live at once.
        await reviewer.GotoAsync($"{fixture.BaseUrl}/admin/review");
        Assert.Equal(4, await reviewer.Locator($"#review-queue tr[data-item='{id}'] [data-urgent=true]").CountAsync());
        await reviewer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-review-queue-1280.png"), FullPage = true });
        // axe-core, in sessions that carry the same sign-ins but may inject its script (BypassCSP).
        var problems = new List<string>();
        var checking = Stopwatch.StartNew(); // not part of the measured work
        foreach (var (who, path) in new[] { (reviewer, "/admin/review"), (translators["ko"], $"/admin/content/ocop-products/{id}/ko"), (translators["ja"], $"/admin/content/ocop-products/{id}/ja/edit") })
        {
            foreach (var width in new[] { 390, 1280 })
            {
                await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { StorageState = await who.Context.StorageStateAsync(), BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = 900 } });
                var page = await context.NewPageAsync();
                await page.GotoAsync(fixture.BaseUrl + path);
                problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{path} at {width} px: {v}"));
                if (path == "/admin/review" && width == 390)
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-review-queue-390.png"), FullPage = true });
                }
            }
        }

        checking.Stop();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        for (var i = 0; i < Translations.Length; i++)
        {
            await reviewer.ClickAndWaitForAsync($"#review-queue tr[data-item='{id}'] [data-testid=approve]", "**/admin/review?reviewed=approved");
        }

        foreach (var l in Translations)
        {
            var item = await delivery.GetByIdAsync(l, id);
            Assert.False(item!.IsFallback, $"{l} is not live");
        }

        var allLive = clock.Elapsed - checking.Elapsed;
        var line = $"Fast lane, Vietnamese draft to five languages live: {allLive.TotalSeconds:0.0} s (Vietnamese live after {vietnameseLive.TotalSeconds:0.0} s; 1 editor, 4 translators, 1 reviewer in a headless browser, screenshots included, accessibility checks excluded)";
        output.WriteLine(line);
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "fast-lane-timing.txt"), line + Environment.NewLine);

        await visitor.GotoAsync(fixture.BaseUrl + (await delivery.GetByIdAsync("ko", id))!.Path);
        Assert.Equal(0, await visitor.Locator("[data-testid=translations-follow]").CountAsync());
        Assert.Contains("Tan Trieu", await visitor.InnerTextAsync("h1"), StringComparison.Ordinal);
    }
}
