using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using Xunit.Abstractions;

namespace PromoSite.Browser.Tests;

/// <summary>
/// An official statement through the fast lane in a real browser, timed: the editor's one action takes the
/// Vietnamese draft live and gives every other language to its translator; each translator translates, the
/// reviewer approves, and all five public pages of the statement are read as a visitor reads them.
/// </summary>
public sealed class StatementFastLaneBrowserTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly Dictionary<string, string> Titles = new()
    {
        ["en"] = "Statement on the Long Thành airport opening ceremony",
        ["ko"] = "롱탄 공항 개항식에 관한 성명",
        ["ja"] = "ロンタイン空港開港式に関する声明",
        ["zh"] = "关于隆城机场开航仪式的声明",
    };

    [Fact]
    public async Task A_vietnamese_statement_draft_is_live_in_all_five_languages_after_one_fast_lane_action_and_each_translators_and_reviewers_turn()
    {
        var editor = await fixture.SignInAsync("editor.statement@dongnai.example", Role.Editor);
        var translators = new Dictionary<string, IPage>();
        foreach (var l in Titles.Keys)
        {
            translators[l] = await fixture.SignInAsync($"{l}.statement@dongnai.example", Role.Translator, l);
        }

        var reviewer = await fixture.SignInAsync("reviewer.statement@dongnai.example", Role.Reviewer, [.. Titles.Keys]);
        long id;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var shared = new JsonObject { ["number"] = "21/TCBC-UBND", ["date"] = "2026-12-05", ["agency"] = "ubnd-tinh", ["priority"] = "urgent" };
            var draft = new LocalizationInput("vi", new JsonObject
            {
                ["title"] = "Thông cáo báo chí về lễ khai trương Cảng hàng không Long Thành",
                ["summary"] = "Ủy ban nhân dân tỉnh Đồng Nai thông tin chính thức về lễ khai trương.",
                ["body"] = "Lễ khai trương diễn ra tại Long Thành.",
            }, LocalizationStatus.Draft);
            var created = await scope.ServiceProvider.GetRequiredService<ContentEditor>().CreateAsync(Statement.Key, "khai-truong-san-bay-long-thanh", shared, draft, "editor.statement@dongnai.example");
            Assert.True(created.Succeeded, string.Join("; ", created.Errors));
            id = created.Item!.Id;
        }

        var delivery = fixture.Services.GetRequiredService<IContentDelivery>();
        var clock = Stopwatch.StartNew();

        // One action: the Vietnamese goes live, every other language goes to its translator with a short due time.
        await editor.GotoAsync($"{fixture.BaseUrl}/admin/content/statements/{id}/vi");
        await editor.ClickAsync("details.fast-lane summary");
        await editor.ClickAndWaitForAsync("[data-testid=fast-lane]", "**/vi?reviewed=fastLane");
        var vietnameseLive = clock.Elapsed;

        // Meanwhile a Korean reader gets the Vietnamese with the "translations follow" note, and the Korean agency name.
        var visitor = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await visitor.GotoAsync(fixture.BaseUrl + (await delivery.GetByIdAsync("ko", id))!.Path);
        Assert.Contains("번역이 곧 제공됩니다", await visitor.InnerTextAsync("[data-testid=translations-follow]"), StringComparison.Ordinal);

        foreach (var (l, page) in translators)
        {
            await page.GotoAsync($"{fixture.BaseUrl}/admin/translations?assignee=me");
            await page.ClickAndWaitForAsync($"#urgent-work li[data-item='{id}'] a", $"**/{l}/edit");
            await page.FillAsync("[name='f.title']", Titles[l]);
            await page.FillAsync("[name='f.summary']", $"{Titles[l]} ({l}).");
            await page.ClickAndWaitForAsync("button[value=review]", $"**/{l}");
        }

        // No agency owns statements by a rule of agencies.yml, so the reviewer's queue is asked for every agency's items.
        await reviewer.GotoAsync($"{fixture.BaseUrl}/admin/review?agency=all");
        for (var i = 0; i < Titles.Count; i++)
        {
            await reviewer.ClickAndWaitForAsync($"#review-queue tr[data-item='{id}'] [data-testid=approve]", "**/admin/review?*reviewed=approved*");
        }

        // Every language's public page, as a visitor reads it: its own title, no "translations follow" note.
        foreach (var l in Locales.All)
        {
            var item = await delivery.GetByIdAsync(l, id);
            Assert.False(item!.IsFallback, $"{l} is not live");
            var response = await visitor.GotoAsync(fixture.BaseUrl + item.Path);
            Assert.Equal(200, response!.Status);
            Assert.Equal(Locales.HtmlLang(l), await visitor.GetAttributeAsync("html", "lang"));
            Assert.Equal(l == "vi" ? "Thông cáo báo chí về lễ khai trương Cảng hàng không Long Thành" : Titles[l], (await visitor.InnerTextAsync("h1")).Trim());
            Assert.Equal(0, await visitor.Locator("[data-testid=translations-follow]").CountAsync());
        }

        var allLive = clock.Elapsed;
        var line = $"Fast lane, statement from Vietnamese draft to five languages live: {allLive.TotalSeconds:0.0} s (Vietnamese live after {vietnameseLive.TotalSeconds:0.0} s; 1 editor, 4 translators, 1 reviewer in a headless browser; the five public pages checked)";
        output.WriteLine(line);
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "statement-fast-lane-timing.txt"), line + Environment.NewLine);
        await visitor.GotoAsync(fixture.BaseUrl + (await delivery.GetByIdAsync("ko", id))!.Path);
        Assert.Contains("동나이성 인민위원회", await visitor.InnerTextAsync("main"), StringComparison.Ordinal);
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "public-statement-ko-390.png"), FullPage = true });
    }
}
