using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Site;

/// <summary>Issue #19, finding 5: a scan and the page view that follows it are counted for the same campaign.</summary>
public sealed class ScanCampaignTests
{
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string Seoul = "Investment conference, Seoul, 2026";

    [Theory, ClassData(typeof(Providers))]
    public async Task A_scan_lands_on_a_tagged_page_that_counts_for_its_campaign_while_canonical_hreflang_and_cache_ignore_the_tag(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, new Dictionary<string, string> { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" });
        ShortLink link;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (var created, _) = await scope.ServiceProvider.GetRequiredService<ShortLinkService>().CreateAsync(await app.ItemIdAsync("buoi-tan-trieu"), "ko", Seoul, "qr", "test");
            link = created!;
        }

        var phone = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        phone.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Phone);
        var scan = await phone.GetAsync(new Uri($"/s/{link.Code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, scan.StatusCode);
        var landing = scan.Headers.Location!.OriginalString;
        Assert.StartsWith("/ko/ocop/tan-trieu-pomelo?", landing, StringComparison.Ordinal);
        Assert.Contains("utm_campaign=Investment conference, Seoul, 2026", Uri.UnescapeDataString(landing), StringComparison.Ordinal);
        Assert.Contains("utm_medium=qr", landing, StringComparison.Ordinal);

        var tagged = await phone.GetAsync(new Uri(landing, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await tagged.Content.ReadAsStringAsync());
        Assert.Equal("https://dongnai.example/ko/ocop/tan-trieu-pomelo", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        var alternates = page.QuerySelectorAll("link[rel=alternate][hreflang]").Select(l => l.GetAttribute("href")!).ToList();
        Assert.NotEmpty(alternates);
        Assert.All(alternates, href => Assert.DoesNotContain("utm_", href, StringComparison.Ordinal));
        Assert.DoesNotContain("utm_", page.QuerySelector("meta[property='og:url']")?.GetAttribute("content") ?? "", StringComparison.Ordinal);

        // The tagged and the plain address are one cache entry: the plain one is now served from the cache.
        var plain = await app.CreateClient().GetAsync(new Uri("/ko/ocop/tan-trieu-pomelo", UriKind.Relative));
        Assert.NotNull(plain.Headers.Age);

        await app.Services.GetRequiredService<VisitRecorder>().FlushAsync();
        var staff = new AdminClient(app);
        await staff.SignInAsync("root@dongnai.example", "river mango lantern 2026");
        var (_, report) = await staff.GetAsync("/admin/analytics?period=7");
        // campaign, scans, tagged page views
        Assert.Equal([$"{Seoul} 1 1"], report.QuerySelectorAll("#campaigns tbody tr").Select(r => $"{r.Children[0].TextContent} {r.Children[1].TextContent} {r.Children[2].TextContent}"));
    }
}
