using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Browser.Tests;

/// <summary>The editorial week in a real browser: editor, Korean translator and Korean reviewer, each in their own session.</summary>
public sealed class EditorialBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_ocop_product_goes_from_vietnamese_draft_to_a_published_korean_page()
    {
        var editor = await fixture.SignInAsync("editor.flow@dongnai.example", Role.Editor);
        await editor.GotoAsync($"{fixture.BaseUrl}/admin/content/ocop-products");
        await editor.ClickAsync("[data-testid=new-item]"); // "Thêm sản phẩm OCOP": a test id, whatever the language
        await editor.FillAsync("input[name='f.title']", "Mật ong rừng Mã Đà");
        await editor.FillAsync("input[name='f.summary']", "Mật ong rừng từ Mã Đà.");
        await editor.FillAsync("textarea[name='f.body']", "Mật ong **rừng** thu hoạch theo mùa.");
        await editor.SelectOptionAsync("select[name='s.category']", "food");
        await editor.Locator(".live-preview strong").WaitForAsync(); // rendered by the live preview as the text is typed
        Assert.Equal("rừng", await editor.InnerTextAsync(".live-preview strong"));
        await editor.ClickAsync("button[value=preview]");
        Assert.Equal("rừng", await editor.InnerTextAsync(".preview strong"));
        await editor.ClickAndWaitForAsync("button[value=publish]", "**/admin/content/ocop-products/*/vi");
        var itemUrl = editor.Url;

        var visitor = await fixture.Browser.NewPageAsync();
        await visitor.GotoAsync($"{fixture.BaseUrl}/vi/ocop/mat-ong-rung-ma-da");
        Assert.Equal("Mật ong rừng Mã Đà", await visitor.InnerTextAsync("h1"));

        var translator = await fixture.SignInAsync("ko.flow@dongnai.example", Role.Translator, "ko");
        await translator.GotoAsync(itemUrl.Replace("/vi", "/ko", StringComparison.Ordinal) + "/edit");
        Assert.Equal(0, await translator.Locator("button[value=publish]").CountAsync());
        await translator.FillAsync("input[name='f.title']", "마다 야생 꿀");
        await translator.FillAsync("input[name='f.summary']", "마다 숲에서 채취한 야생 꿀.");
        await translator.ClickAndWaitForAsync("button[value=review]", "**/ko");
        await visitor.GotoAsync($"{fixture.BaseUrl}/ko/ocop/mat-ong-rung-ma-da");
        Assert.Equal("vi", await visitor.GetAttributeAsync("article", "lang")); // still the Vietnamese, marked as fallback

        var reviewer = await fixture.SignInAsync("ko.review.flow@dongnai.example", Role.Reviewer, "ko");
        await reviewer.GotoAsync(itemUrl.Replace("/vi", "/ko", StringComparison.Ordinal) + "/edit");
        await reviewer.ClickAndWaitForAsync("button[value=publish]", "**/ko");

        await visitor.GotoAsync($"{fixture.BaseUrl}/ko/ocop/mat-ong-rung-ma-da");
        Assert.Equal("마다 야생 꿀", await visitor.InnerTextAsync("h1"));
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "editorial-ko-published.png") });
        await reviewer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-item-ko.png"), FullPage = true });
    }
}
