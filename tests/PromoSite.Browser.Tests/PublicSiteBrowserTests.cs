using Microsoft.Playwright;

namespace PromoSite.Browser.Tests;

public sealed class PublicSiteBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Switching_language_on_a_detail_page_lands_on_its_translation()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/en/heritage/hang-gon-megalithic-tomb");
        var english = await page.InnerTextAsync("h1");

        await page.ClickAndWaitForAsync(".languages a[lang=ko]", "**/ko/heritage/**");

        Assert.Equal("ko", await page.GetAttributeAsync("html", "lang"));
        Assert.EndsWith("/ko/heritage/hang-gon-megalithic-tomb", page.Url, StringComparison.Ordinal);
        var korean = await page.InnerTextAsync("h1");
        Assert.NotEqual(english, korean);
        Assert.Matches("[가-힣]", korean);
    }

    [Fact]
    public async Task Pages_read_without_javascript_and_filters_work_as_plain_forms()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/ja/ocop/");
        await page.SelectOptionAsync("select[name=stars]", "5");
        await page.ClickAndWaitForAsync(".filters button", "**stars=5**");

        var stars = await page.Locator(".card .stars").AllInnerTextsAsync();
        Assert.NotEmpty(stars);
        Assert.All(stars, s => Assert.Equal("★★★★★", s));
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("zh")]
    public async Task Home_on_a_phone_renders_in_each_language_with_system_fonts_only(string locale)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 1,
            Locale = locale,
        });
        var page = await context.NewPageAsync();
        var fontRequests = 0;
        page.Request += (_, request) => fontRequests += request.ResourceType == "font" ? 1 : 0;
        await page.GotoAsync($"{fixture.BaseUrl}/{locale}/");

        // Laid out for the phone: nothing wider than the viewport.
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");
        Assert.Equal(0, fontRequests);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"home-{locale}-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"home-{locale}-1280.png") });
    }

    [Fact]
    public async Task Keyboard_users_reach_the_content_through_a_visible_skip_link()
    {
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/en/tourism/");
        await page.Keyboard.PressAsync("Tab");

        Assert.Equal("skip", await page.EvaluateAsync<string>("document.activeElement.className"));
        var box = await page.Locator(".skip").BoundingBoxAsync();
        Assert.True(box is { X: >= 0 }, "the focused skip link is on screen");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.CloseAsync();
    }
}
