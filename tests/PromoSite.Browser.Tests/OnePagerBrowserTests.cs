using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PromoSite.Browser.Tests;

/// <summary>The one-pagers rendered to PDF by Chromium, as staff would print them: one A4 page each, QR code readable.</summary>
public sealed partial class OnePagerBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("investment-projects", "vi")]
    [InlineData("investment-projects", "ko")]
    [InlineData("industrial-parks", "ja")]
    [InlineData("industrial-parks", "vi")]
    [InlineData("ocop-products", "zh")]
    [InlineData("ocop-products", "ko")]
    [InlineData("publication-issues", "en")]
    [InlineData("publication-issues", "vi")]
    public async Task A_one_pager_prints_to_exactly_one_a4_page_with_a_readable_qr_code(string type, string locale)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        var list = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/{locale}/{type}?pageSize=1", UriKind.Relative)));
        var path = new Uri(list.RootElement.GetProperty("items")[0].GetProperty("url").GetString()!).AbsolutePath;
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 794, Height = 1123 } });
        await page.GotoAsync($"{fixture.BaseUrl}/{locale}/print{path[(locale.Length + 1)..]}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        var name = $"onepager-{type}-{locale}";
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotFolder, name + ".pdf"), pdf);
        Assert.Single(PageObjects().Matches(Encoding.Latin1.GetString(pdf))); // one A4 page, not two

        var shot = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        // The printed link as people type it; the QR code carries it in capitals (alphanumeric mode).
        Assert.Equal((await page.InnerTextAsync(".url")).Trim().ToUpperInvariant(), await DecodeAsync(shot));
        await page.CloseAsync();
    }

    /// <summary>Page objects in the PDF (not the /Pages tree node).</summary>
    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObjects();

    private static async Task<string> DecodeAsync(string file)
    {
        using var process = Process.Start(new ProcessStartInfo("zbarimg", ["--raw", "-q", file]) { RedirectStandardOutput = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text.Trim();
    }
}
