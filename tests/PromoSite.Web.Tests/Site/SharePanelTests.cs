using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Site;

/// <summary>The share panel and the printable one-pagers on the sample site, in every language.</summary>
public sealed class SharePanelTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    public static TheoryData<string, string> PrintableTypes()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in new[] { "investment-projects", "industrial-parks", "ocop-products", "publication-issues" })
        {
            foreach (var locale in new[] { "vi", "en", "ko", "ja", "zh" })
            {
                data.Add(type, locale);
            }
        }

        return data;
    }

    private async Task<string> FirstPathAsync(string type, string locale)
    {
        var list = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri($"/api/v1/{locale}/{type}?pageSize=1", UriKind.Relative)));
        return SampleSiteFixture.PathOf(list.RootElement.GetProperty("items")[0].GetProperty("url").GetString()!);
    }

    [Theory, MemberData(nameof(PrintableTypes))]
    public async Task Each_printable_type_has_a_one_pager_in_each_language_with_facts_and_a_qr_code_back_to_the_page(string type, string locale)
    {
        var path = await FirstPathAsync(type, locale);
        var (_, page) = await site.GetPageAsync(path);
        var printLink = page.QuerySelector("aside.share a.print-link")!.GetAttribute("href")!;
        Assert.Equal($"/{locale}/print{path[(locale.Length + 1)..]}", printLink);

        var (response, print) = await site.GetPageAsync(printLink);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Cms.Content.Locales.HtmlLang(locale), print.DocumentElement.GetAttribute("lang"));
        Assert.Contains("noindex", print.QuerySelector("meta[name=robots]")!.GetAttribute("content"), StringComparison.Ordinal);
        Assert.Equal(SampleSiteFixture.BaseUrl + path, print.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        // The item page's own description (Lighthouse's SEO audit asks every page for one, noindex or not).
        Assert.Equal(page.QuerySelector("meta[name=description]")!.GetAttribute("content"), print.QuerySelector("meta[name=description]")?.GetAttribute("content"));
        Assert.False(string.IsNullOrWhiteSpace(print.QuerySelector("h1")!.TextContent));
        Assert.True(print.QuerySelectorAll("table.facts tr").Length >= 2 || print.QuerySelector("section.text ol li") is not null, "no key facts on the one-pager");
        var code = print.QuerySelector("img.qr")!.GetAttribute("src")!.Split('/')[2];
        Assert.Equal($"{SampleSiteFixture.BaseUrl}/s/{code}", print.QuerySelector(".url")!.TextContent.Trim()); // capitals only in the QR payload
        var follow = await site.Client.GetAsync(new Uri($"/s/{code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, follow.StatusCode);
        Assert.StartsWith(path + "?utm_source=short-link&utm_medium=print&", follow.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_four_printable_types_have_one_pagers()
    {
        var heritage = await FirstPathAsync("heritage-sites", "en");
        var (_, page) = await site.GetPageAsync(heritage);
        Assert.NotNull(page.QuerySelector("aside.share a.short-link")); // shared, yes
        Assert.Null(page.QuerySelector("aside.share a.print-link")); // printed, no
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync(new Uri($"/en/print{heritage[3..]}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync(new Uri("/en/print/ocop/no-such-product", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_share_panel_qr_code_reads_back_as_the_short_link_which_leads_to_the_page()
    {
        var path = await FirstPathAsync("ocop-products", "ko");
        var (_, page) = await site.GetPageAsync(path);
        var shortUrl = page.QuerySelector("aside.share a.short-link")!.TextContent;
        var qr = page.QuerySelector("aside.share img")!.GetAttribute("src")!;
        var png = await site.Client.GetAsync(new Uri(qr.Replace("qr.svg", "qr.png", StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age", png.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var file = Path.Combine(TestFolders.NewFolder("qr"), "share.png");
        await File.WriteAllBytesAsync(file, await png.Content.ReadAsByteArrayAsync());
        // The same link, in capitals in the QR code only (alphanumeric mode keeps the code small).
        Assert.Equal(shortUrl.ToUpperInvariant(), await ShortLinkTests.DecodeQrAsync(file));
        Assert.Equal($"{SampleSiteFixture.BaseUrl}/s/", shortUrl[..^5]);
        var code = shortUrl.Split('/')[^1];
        var follow = await site.Client.GetAsync(new Uri($"/s/{code.ToLowerInvariant()}", UriKind.Relative));
        Assert.StartsWith(path + "?utm_source=short-link&", follow.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var svg = await site.Client.GetAsync(new Uri($"{qr}?download=1", UriKind.Relative));
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", svg.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync(new Uri("/s/ZZZZZ/qr.svg", UriKind.Relative))).StatusCode);
    }
}

public sealed class SiteShortLinkTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task A_page_keeps_one_share_link_across_views_and_concurrent_first_views(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var id = await app.ItemIdAsync("hat-dieu");
        var links = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<ShortLinkService>().ForSiteAsync(id, "en", "Website share panel", "qr"))!.Code;
        }));
        Assert.Single(links.Distinct());

        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var first = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri("/en/ocop/salted-roasted-cashews", UriKind.Relative)));
        Assert.Equal($"{SampleSiteFixture.BaseUrl}/s/{links[0]}", first.QuerySelector("aside.share a.short-link")!.TextContent);
        await using var check = app.Services.CreateAsyncScope();
        Assert.Equal(1, await check.ServiceProvider.GetRequiredService<CmsDbContext>().ShortLinks.CountAsync(l => l.ItemId == id && l.Locale == "en"));
    }
}
