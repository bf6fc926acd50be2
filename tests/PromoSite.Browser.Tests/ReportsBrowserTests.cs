using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Storage;

namespace PromoSite.Browser.Tests;

public sealed class ReportsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_effectiveness_report_draws_its_charts_passes_axe_and_fits_a_phone()
    {
        // Two months of made-up traffic, so the report has a previous period to compare with.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string[] locales = ["vi", "en", "ko"];
        string[] sections = ["investment", "ocop", "tourism"];
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            for (var d = 0; d < 60; d++)
            {
                var day = today.AddDays(-d);
                for (var v = 0; v < 10 + (d % 7); v++)
                {
                    var locale = locales[(v + d) % locales.Length];
                    var section = sections[v % sections.Length];
                    db.AnalyticsHits.Add(new AnalyticsHit
                    {
                        At = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), Day = day, Kind = v % 6 == 0 ? AnalyticsHit.Scan : AnalyticsHit.View,
                        Locale = locale, Section = section, Path = $"/{locale}/{section}/", Visitor = v % 11,
                        Campaign = v % 3 == 0 ? "Hội nghị xúc tiến đầu tư Osaka 2026" : null, Channel = v % 3 == 0 ? "qr" : null,
                    });
                }
            }

            await db.SaveChangesAsync();
        }

        var page = await fixture.SignInAsync("reports-editor@dongnai.example", Role.Editor);
        await page.GotoAsync($"{fixture.BaseUrl}/admin/reports");
        Assert.Equal(30, await page.Locator(".report-charts svg.timeline rect.views:not(.legend rect)").CountAsync());
        Assert.Equal(4, await page.Locator(".report-charts svg.chart").CountAsync());
        Assert.True(int.Parse((await page.GetAttributeAsync("#figure-views .figure", "data-value"))!, System.Globalization.CultureInfo.InvariantCulture) > 200);
        // axe-core is injected as a script, which the admin's CSP forbids: checked in a session that carries
        // the same sign-in but bypasses CSP, at both widths.
        foreach (var width in new[] { 390, 1280 })
        {
            await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { StorageState = await page.Context.StorageStateAsync(), BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = 900 } });
            var checking = await context.NewPageAsync();
            await checking.GotoAsync($"{fixture.BaseUrl}/admin/reports");
            Assert.Empty(await Axe.ViolationsAsync(checking));
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-reports-1280.png"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the report scrolls sideways on a phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-reports-390.png"), FullPage = true });
    }
}
