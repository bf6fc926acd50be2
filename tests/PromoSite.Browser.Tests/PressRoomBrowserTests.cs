using Microsoft.Playwright;
using PromoSite.Cms.Content;
using Xunit.Abstractions;

namespace PromoSite.Browser.Tests;

/// <summary>
/// The press room in each of the five languages passes axe-core's WCAG 2.2 AA rules on a phone and a
/// desktop: the room, the statements list, a statement and the accreditation form (the public crawl walks
/// Korean only, and may not reach them all within its budget).
/// </summary>
public sealed class PressRoomBrowserTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_press_room_its_statements_and_the_accreditation_form_have_no_wcag_22_aa_violations_in_all_five_languages()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        var checkedPages = new List<string>();
        foreach (var locale in Locales.All)
        {
            await page.SetViewportSizeAsync(1280, 900);
            await page.GotoAsync($"{fixture.BaseUrl}/{locale}/press/statements/");
            var statement = await page.GetAttributeAsync(".cards a[href*='/press/statements/']", "href");
            Assert.NotNull(statement);
            foreach (var path in new[] { $"/{locale}/press/", $"/{locale}/press/statements/", statement!, $"/{locale}/press/accreditation" })
            {
                var response = await page.GotoAsync(fixture.BaseUrl + path);
                Assert.True(response?.Ok == true, $"{path} answered {response?.Status}");
                Assert.Equal(Locales.HtmlLang(locale), await page.GetAttributeAsync("html", "lang"));
                foreach (var width in new[] { 390, 1280 })
                {
                    await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
                    problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{path} at {width} px: {v}"));
                    if (path.EndsWith("/press/", StringComparison.Ordinal) && locale is "ko" or "zh")
                    {
                        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"public-press-{locale}-{width}.png"), FullPage = true });
                    }
                }

                checkedPages.Add(path);
            }
        }

        output.WriteLine($"Checked {checkedPages.Count} press pages at 390 and 1280 px: {string.Join(", ", checkedPages)}");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
