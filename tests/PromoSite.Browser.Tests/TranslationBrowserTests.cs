using Microsoft.Playwright;
using PromoSite.Cms.Accounts;

namespace PromoSite.Browser.Tests;

/// <summary>The translation desk in a real browser: from a source edit to an assigned, outdated Korean cell translated side by side.</summary>
public sealed class TranslationBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_translator_finds_an_outdated_korean_page_in_their_queue_and_translates_it_beside_the_highlighted_vietnamese()
    {
        var translator = await fixture.SignInAsync("ko.desk@dongnai.example", Role.Translator, "ko");
        var editor = await fixture.SignInAsync("editor.desk@dongnai.example", Role.Editor);

        // The editor changes the Vietnamese summary of a product whose Korean is published and up to date.
        await editor.GotoAsync($"{fixture.BaseUrl}/admin/translations?type=ocop-products&locale=ko&state=published");
        var cell = editor.Locator("table.matrix tbody tr").First;
        var title = (await cell.Locator("th a").InnerTextAsync()).Trim();
        var editUrl = await cell.Locator("td a.state").Last.GetAttributeAsync("href"); // .../{id}/ko/edit
        var sourceUrl = editUrl!.Replace("/ko/edit", "/vi/edit", StringComparison.Ordinal);
        await editor.GotoAsync(fixture.BaseUrl + sourceUrl);
        var summary = editor.Locator("[name='f.summary']");
        await summary.FillAsync(await summary.InputValueAsync() + " Đạt chuẩn OCOP năm 2025.");
        await editor.ClickAndWaitForAsync("button[value=publish]", "**/vi");

        // The Korean cell is now outdated; the editor gives it to the Korean translator.
        await editor.GotoAsync($"{fixture.BaseUrl}/admin/translations?type=ocop-products&locale=ko&state=outdated");
        Assert.Equal(title, (await editor.Locator("table.matrix tbody tr th a").InnerTextAsync()).Trim());
        await editor.Locator("table.matrix tbody tr input[name=cells]").CheckAsync();
        await editor.SelectOptionAsync("select[name=assigneeId]", new SelectOptionValue { Label = "ko.desk@dongnai.example (Biên dịch viên: ko)" });
        await editor.FillAsync("input[name=due]", "2026-12-31");
        await editor.ClickAndWaitForAsync("[data-testid=assign]", "**/admin/translations?**");
        Assert.Equal("assigned 1", await editor.GetAttributeAsync("[role=status]", "data-done"));
        Assert.Contains("Đã giao 1 ô", await editor.InnerTextAsync("[role=status]"), StringComparison.Ordinal);

        // The translator opens the queue and the cell, and sees the change in the Vietnamese beside the Korean.
        await translator.GotoAsync($"{fixture.BaseUrl}/admin/translations?assignee=me");
        Assert.Equal(1, await translator.Locator("table.matrix a.state").CountAsync()); // only their language
        await translator.ClickAndWaitForAsync("table.matrix a.state-outdated[href$='/ko/edit']", "**/ko/edit");
        var summarySide = translator.Locator(".field.pair", new PageLocatorOptions { Has = translator.Locator("[name='f.summary']") });
        Assert.Contains("Đạt chuẩn OCOP năm 2025.", await summarySide.Locator(".diff ins").InnerTextAsync(), StringComparison.Ordinal);
        var source = await summarySide.Locator(".source-side").BoundingBoxAsync();
        var target = await summarySide.Locator(".target-side").BoundingBoxAsync();
        Assert.True(source!.X + source.Width <= target!.X, "the Vietnamese is not to the left of the Korean");
        await translator.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-translate-side-by-side-1280.png"), FullPage = true });

        // Copy the Vietnamese summary to translate over it, then hand it in.
        await translator.ClickAndWaitForAsync(".field.pair:has([name='f.summary']) button[name=copy]", "**/ko/edit");
        Assert.EndsWith("Đạt chuẩn OCOP năm 2025.", await translator.Locator("[name='f.summary']").InputValueAsync(), StringComparison.Ordinal);
        await translator.Locator("[name='f.summary']").FillAsync("2025년 OCOP 인증을 받은 동나이 특산품.");
        await translator.ClickAndWaitForAsync("button[value=review]", "**/ko");

        await translator.GotoAsync($"{fixture.BaseUrl}/admin/translations?assignee=me");
        Assert.Equal("in-review (live)", await translator.Locator("table.matrix td a.state").First.GetAttributeAsync("data-state")); // the published Korean stays up meanwhile
        await translator.SetViewportSizeAsync(390, 844);
        await translator.GotoAsync(fixture.BaseUrl + editUrl);
        Assert.True(await translator.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the editor scrolls sideways on a phone");
    }
}

public sealed class XliffBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_xliff_file_uploads_with_progress_and_the_report_replaces_the_page()
    {
        var editor = await fixture.SignInAsync("editor.xliff@dongnai.example", Role.Editor);
        await editor.GotoAsync($"{fixture.BaseUrl}/admin/translations/xliff");
        await editor.CheckAsync("input[name=locales][value=zh]");
        await editor.SelectOptionAsync("select[name=type]", "heritage-sites");
        // The sample heritage sites are all translated now, so "only what needs work" would export nothing.
        await editor.UncheckAsync("input[name=needsWork]");
        var download = await editor.RunAndWaitForDownloadAsync(() => editor.ClickAsync("[data-testid=xliff-download]"));
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, "heritage-zh.xlf");
        await download.SaveAsAsync(path);
        var filled = PromoSite.Testing.XliffSchemas.Fill(await File.ReadAllTextAsync(path), PromoSite.Cms.Translation.XliffVersion.V20, t => t, state: "translated");
        await File.WriteAllTextAsync(path, filled);

        await editor.SetInputFilesAsync("input[type=file]", path);
        await editor.ClickAsync("[data-testid=xliff-check]");
        await editor.Locator("#report").WaitForAsync();
        Assert.Contains("Đã kiểm tra, chưa lưu gì", await editor.InnerTextAsync("#report"), StringComparison.Ordinal);
        await editor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-xliff-1280.png"), FullPage = true });
    }
}
