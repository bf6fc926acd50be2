using Microsoft.Playwright;

namespace PromoSite.Browser.Tests;

/// <summary>Issue #19: the maps draw a marker per place from the page's list, in the page's language, with the tile server unreachable.</summary>
public sealed class MapBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_tourism_map_shows_a_marker_per_place_whose_popup_links_to_it_in_korean_even_with_tiles_blocked()
    {
        // The site's Content-Security-Policy rightly refuses injected scripts; axe is let in here only.
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, BypassCSP = true });
        var page = await context.NewPageAsync();
        // Offline tiles: the markers, popups and the list must not depend on them.
        await page.RouteAsync("**/tile.openstreetmap.org/**", route => route.AbortAsync());
        await page.GotoAsync($"{fixture.BaseUrl}/ko/tourism/");

        var places = await page.Locator("section.map ul.places > li").CountAsync();
        Assert.True(places >= 10, $"{places} places in the tourism list");
        await page.Locator(".map-canvas .leaflet-marker-icon").First.WaitForAsync();
        Assert.Equal(places, await page.Locator(".map-canvas .leaflet-marker-icon").CountAsync());
        Assert.True(await page.Locator(".map-canvas").IsVisibleAsync());
        Assert.Contains("OpenStreetMap", await page.InnerTextAsync(".leaflet-control-attribution"), StringComparison.Ordinal);

        await page.Locator(".map-canvas .leaflet-marker-icon").First.ClickAsync();
        var popup = page.Locator(".leaflet-popup-content a");
        await popup.WaitForAsync();
        var href = await popup.GetAttributeAsync("href");
        Assert.StartsWith("/ko/tourism/", href, StringComparison.Ordinal);
        Assert.Equal(await page.Locator($"section.map a.place-title[href='{href}']").InnerTextAsync(), await popup.InnerTextAsync());

        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task The_park_comparison_reads_on_a_phone_without_scrolling_the_page_sideways()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/ko/investment/parks/");
        var boxes = page.Locator("form.compare-form input[name=parks]");
        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(1).CheckAsync();
        await boxes.Nth(2).CheckAsync();
        await page.ClickAndWaitForAsync("form.compare-form button[type=submit]", "**/ko/investment/parks/compare?parks=*");

        Assert.Equal(4, await page.Locator("table.compare thead th").CountAsync());
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "parks-compare-ko-390.png"), FullPage = true });
    }
}
