using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PromoSite.Browser.Tests;

/// <summary>
/// The public site passes axe-core's WCAG 2.2 AA rules on a phone and a desktop, in Korean (the
/// templates are the same in every language; a script of another family is where contrast, line
/// height and language marks go wrong; Vietnamese took as long and found nothing more). Pages are found by following the site's own links from the
/// language's home page, one of each kind (a section, a list, an item of each type, a
/// publication, search, contact...), so a new section is checked as soon as it is linked.
/// </summary>
public sealed partial class PublicAccessibilityBrowserTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly (int Width, int Height)[] Windows = [(390, 844), (1280, 900)];

    /// <summary>Files and feeds, not pages.</summary>
    [GeneratedRegex(@"\.(epub|xml|ics|json|geojson|png|svg|jpe?g|webp|pdf|atom)(\?|$)|/s/|/media/", RegexOptions.IgnoreCase)]
    private static partial Regex NotAPage();

    [Fact]
    public async Task Every_kind_of_public_page_has_no_wcag_22_aa_violations_at_390_and_1280_px()
    {
        const string locale = "ko";
        // The site's Content-Security-Policy rightly refuses injected scripts; axe is let in here only.
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, BypassCSP = true });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        var checkedPages = new List<string>();
        var home = $"/{locale}/";
        // Search results and the park comparison are reached by a form, not a link: the walk starts there too.
        string[] starts = [home, $"/{locale}/search?q=" + Uri.EscapeDataString("공업단지"), $"/{locale}/investment/parks/compare?parks=long-duc&parks=giang-dien&parks=amata-bien-hoa"];
        var seen = new HashSet<string>(starts.Select(Kind), StringComparer.Ordinal);
        var queue = new Queue<string>(starts);
        while (queue.Count > 0 && checkedPages.Count < 60)
        {
            var path = queue.Dequeue();
            var response = await page.GotoAsync(fixture.BaseUrl + path);
            if (response?.Ok != true)
            {
                problems.Add($"{path}: answered {response?.Status}");
                continue;
            }

            checkedPages.Add(path);
            foreach (var (width, height) in Windows)
            {
                await page.SetViewportSizeAsync(width, height);
                problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{path} at {width} px: {v}"));
            }

            var links = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('a[href]')].filter(a => !a.hasAttribute('download')).map(a => a.getAttribute('href'))");
            foreach (var href in links)
            {
                var target = href.Split('#')[0];
                if (!target.StartsWith(home, StringComparison.Ordinal) || NotAPage().IsMatch(target))
                {
                    continue;
                }

                if (seen.Add(Kind(target)))
                {
                    queue.Enqueue(target);
                }
            }
        }

        output.WriteLine($"Checked {checkedPages.Count} kinds of {locale} page: {string.Join(", ", checkedPages)}");
        Assert.True(checkedPages.Count >= 15, $"only {checkedPages.Count} pages were reached: {string.Join(", ", checkedPages)}");
        Assert.True(problems.Count == 0, $"{problems.Count} problems on {checkedPages.Count} pages:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    /// <summary>
    /// One address per kind of page: a section or list (its address ends in a slash) is its own
    /// kind; an item is its address with the last segment, the slug, left out (every news article
    /// is one kind, every park another); of the query only the names count.
    /// </summary>
    private static string Kind(string href)
    {
        var parts = href.Split('?', 2);
        var path = parts[0].EndsWith('/') ? parts[0] : parts[0][..(parts[0].LastIndexOf('/') + 1)] + "{slug}";
        return parts.Length > 1 ? path + "?" + string.Join('&', parts[1].Split('&').Select(p => p.Split('=')[0]).Distinct().Order(StringComparer.Ordinal)) : path;
    }
}
