using Microsoft.Playwright;
using PromoSite.Cms.Accounts;

namespace PromoSite.Browser.Tests;

/// <summary>The screens staff use to look after their own access, in Vietnamese, on a phone and a desktop.</summary>
public sealed class SecurityScreensBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_editor_makes_an_api_token_sees_it_once_and_lists_their_sessions_in_Vietnamese_on_any_screen()
    {
        var page = await fixture.SignInAsync("token.editor@dongnai.example", Role.Editor);
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));

        await page.GotoAsync($"{fixture.BaseUrl}/admin/tokens");
        Assert.Equal("Mã truy cập API", (await page.InnerTextAsync("main h1")).Trim());
        await page.FillAsync("input[name=name]", "Cổng thông tin quốc gia");
        await page.CheckAsync("input[name=scopes][value=read]");
        await page.CheckAsync("input[name=writeLocales][value=en]");
        await page.ClickAsync("main form:has(input[name=name]) button[type=submit]");
        await page.Locator("main").GetByText(new System.Text.RegularExpressions.Regex("pst_[0-9a-f]{16}_")).First.WaitForAsync();
        var body = await page.InnerTextAsync("main");
        Assert.Matches("pst_[0-9a-f]{16}_[A-Za-z0-9_-]{43}", body); // shown once, right after it is made
        Assert.Contains("Cổng thông tin quốc gia", body, StringComparison.Ordinal);

        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"/admin/tokens scrolls sideways at {width} px");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"admin-tokens-vi-{width}.png"), FullPage = true });
        }

        await page.GotoAsync($"{fixture.BaseUrl}/admin/tokens");
        Assert.DoesNotMatch("pst_[0-9a-f]{16}_[A-Za-z0-9_-]{43}", await page.InnerTextAsync("main")); // never again

        await page.GotoAsync($"{fixture.BaseUrl}/admin/sessions");
        Assert.Equal("Phiên đăng nhập", (await page.InnerTextAsync("main h1")).Trim());
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"/admin/sessions scrolls sideways at {width} px");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"admin-sessions-vi-{width}.png"), FullPage = true });
        }
    }
}
