using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Kits;
using PromoSite.Cms.Storage;

namespace PromoSite.Browser.Tests;

/// <summary>
/// A conference kit opened as an officer would at a booth: unzipped to a folder and opened from
/// file:// in Chromium with the network cut (offline mode, and every request that is not a file
/// aborted): its index, a page, the same page in Korean and back, with no failed request.
/// </summary>
public sealed class KitBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_kit_opens_from_a_folder_with_the_network_cut_and_switches_to_korean_and_back()
    {
        var folder = await BuildKitAsync();
        try
        {
            foreach (var width in new[] { 390, 1280 })
            {
                await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, BypassCSP = true });
                await context.SetOfflineAsync(true);
                var outside = new List<string>();
                await context.RouteAsync("**/*", async route =>
                {
                    if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal))
                    {
                        await route.ContinueAsync();
                    }
                    else
                    {
                        outside.Add(route.Request.Url);
                        await route.AbortAsync();
                    }
                });
                // axe-core reads style sheets with XMLHttpRequest, which Chromium refuses from file://:
                // what fails while it audits is axe's, not the kit's (the kit's pages have no scripts).
                var failed = new List<string>();
                var auditing = false;
                var page = await context.NewPageAsync();
                page.RequestFailed += (_, request) =>
                {
                    if (!auditing)
                    {
                        failed.Add(request.Url + " " + request.Failure);
                    }
                };
                page.Console += (_, message) =>
                {
                    if (message.Type == "error" && !auditing)
                    {
                        failed.Add("console: " + message.Text);
                    }
                };

                async Task<IReadOnlyList<string>> AuditAsync()
                {
                    auditing = true;
                    try
                    {
                        return await Axe.ViolationsAsync(page);
                    }
                    finally
                    {
                        await page.WaitForTimeoutAsync(200); // its last failed reads are reported after it returns
                        auditing = false;
                    }
                }

                await page.GotoAsync(new Uri(Path.Combine(folder, "index.html")).AbsoluteUri);
                Assert.Empty(await AuditAsync());
                await page.ClickAndWaitForAsync("section[lang=en] a[href*='/destinations/']", "**/en/**");
                Assert.StartsWith("file://", page.Url, StringComparison.Ordinal);
                var english = await page.InnerTextAsync("h1");

                await page.ClickAndWaitForAsync("a[hreflang=ko]", "**/ko/**");
                Assert.StartsWith("file://", page.Url, StringComparison.Ordinal);
                Assert.Equal("ko", await page.GetAttributeAsync("html", "lang"));
                Assert.NotEqual(english, await page.InnerTextAsync("h1"));
                Assert.Empty(await AuditAsync());
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"kit-offline-ko-{width}.png"), FullPage = true });

                await page.GoBackAsync();
                Assert.Equal(english, await page.InnerTextAsync("h1"));
                Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
                Assert.True(failed.Count == 0, string.Join("\n", failed));
                Assert.True(outside.Count == 0, "asked the network for: " + string.Join(", ", outside));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A kit of one sample destination in English and Korean, through the queue the admin page uses.</summary>
    private async Task<string> BuildKitAsync()
    {
        long id;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.Where(i => i.Key == "da-ba-chong" && i.Type == PromoSite.Cms.Content.Destination.Key).Select(i => i.Id).SingleAsync();
        }

        var queue = fixture.Services.GetRequiredService<KitQueue>();
        var job = queue.Enqueue(new KitRequest(["en", "ko"], [], [id], "Browser test", fixture.BaseUrl, "browser@example.org"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (job.State is KitState.Queued or KitState.Building && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(200);
        }

        Assert.Equal(KitState.Ready, job.State);
        var folder = Path.Combine(Path.GetTempPath(), "kit-browser-" + Guid.NewGuid().ToString("N"));
        await using (var zip = queue.Open(job)!)
        {
            await ZipFile.ExtractToDirectoryAsync(zip, folder);
        }

        return folder;
    }
}
