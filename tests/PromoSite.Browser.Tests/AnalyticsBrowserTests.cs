using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Storage;

namespace PromoSite.Browser.Tests;

public sealed class AnalyticsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_dashboard_draws_a_month_of_visits_as_svg_and_fits_a_phone()
    {
        // A month of made-up traffic, varied by weekday and language, written as the writer would.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string[] locales = ["vi", "en", "ko", "ja", "zh"];
        string[] paths = ["/{0}/", "/{0}/investment/", "/{0}/ocop/", "/{0}/tourism/", "/{0}/heritage/"];
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            for (var d = 0; d < 30; d++)
            {
                var day = today.AddDays(-d);
                var views = 20 + (d * 7 % 23) + (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 15 : 0);
                for (var v = 0; v < views; v++)
                {
                    var locale = locales[(v * 3 + d) % locales.Length];
                    var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, paths[v % paths.Length], locale);
                    db.AnalyticsHits.Add(new AnalyticsHit
                    {
                        At = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), Day = day, Kind = v % 9 == 0 ? AnalyticsHit.Scan : AnalyticsHit.View,
                        Locale = locale, Section = path.Split('/')[2] is { Length: > 0 } s ? s : null, Path = path, Visitor = v % 13,
                        Referrer = v % 5 == 0 ? "www.linkedin.com" : null, Campaign = v % 9 == 0 ? "Investment conference, Osaka, 2026" : null,
                        Channel = v % 9 == 0 ? "qr" : null, ShortCode = v % 9 == 0 ? "K7QX2" : null,
                    });
                }
            }

            await db.SaveChangesAsync();
        }

        var page = await fixture.SignInAsync("analyst@dongnai.example", Role.Viewer);
        await page.GotoAsync($"{fixture.BaseUrl}/admin/analytics?period=30");
        Assert.Equal(30, await page.Locator("section[aria-labelledby=h-time] svg rect.views:not(.legend rect)").CountAsync());
        Assert.True(int.Parse((await page.GetAttributeAsync("#views", "data-value"))!, System.Globalization.CultureInfo.InvariantCulture) > 600);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-analytics-1280.png"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the dashboard scrolls sideways on a phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-analytics-390.png"), FullPage = true });
    }
}
