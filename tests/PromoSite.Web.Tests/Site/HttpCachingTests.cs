using System.Net;
using System.Net.Http.Headers;

namespace PromoSite.Web.Tests.Site;

/// <summary>Issue 16, findings 3 and 4: HEAD for every GET route, validators and 304, headers for shared caches.</summary>
public sealed class HttpCachingTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    private const string ItemPage = "/en/heritage/hang-gon-megalithic-tomb";

    public static TheoryData<string> FixedRoutes() =>
    [
        "/", "/en/", "/ko/ocop/", "/ja/news/?page=2", ItemPage, "/robots.txt", "/sitemap.xml", "/sitemaps/zh.xml", "/vi/feed.xml",
        "/en/manifest.webmanifest", "/ko/publications/external-affairs-bulletin/2026-q1.epub", "/api/v1/en/ocop-products",
        "/api/v1/en/heritage-sites/hang-gon-megalithic-tomb",
    ];

    /// <summary>The kinds whose address comes from a page: a QR image of a short link and a media file.</summary>
    public static TheoryData<string> LinkedRoutes() => ["qr", "media"];

    [Theory, MemberData(nameof(FixedRoutes))]
    public async Task Head_answers_like_get_without_a_body(string path) => await AssertHeadAsync(path);

    [Theory, MemberData(nameof(LinkedRoutes))]
    public async Task Head_answers_like_get_for_qr_images_and_media_files(string kind) => await AssertHeadAsync(await LinkedPathAsync(kind));

    [Theory, MemberData(nameof(FixedRoutes))]
    public async Task A_conditional_get_with_the_etag_or_the_date_answers_304(string path)
    {
        var response = await site.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag;
        var modified = response.Content.Headers.LastModified;
        Assert.NotNull(etag);
        Assert.NotNull(modified);

        using var byTag = new HttpRequestMessage(HttpMethod.Get, path);
        byTag.Headers.IfNoneMatch.Add(etag);
        var notModified = await site.Client.SendAsync(byTag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var byDate = new HttpRequestMessage(HttpMethod.Get, path);
        byDate.Headers.IfModifiedSince = modified;
        Assert.Equal(HttpStatusCode.NotModified, (await site.Client.SendAsync(byDate)).StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123\""));
        Assert.Equal(HttpStatusCode.OK, (await site.Client.SendAsync(stale)).StatusCode);
    }

    [Theory, MemberData(nameof(LinkedRoutes))]
    public async Task A_conditional_get_of_a_qr_image_or_media_file_answers_304(string kind)
    {
        var path = await LinkedPathAsync(kind);
        var response = await site.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.NotNull(response.Headers.ETag);

        using var byTag = new HttpRequestMessage(HttpMethod.Get, path);
        byTag.Headers.IfNoneMatch.Add(response.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await site.Client.SendAsync(byTag)).StatusCode);
    }

    [Fact]
    public async Task The_etag_of_a_page_is_the_same_whether_or_not_it_came_from_the_cache()
    {
        var first = await site.Client.GetAsync(new Uri("/zh/heritage/", UriKind.Relative));
        var second = await site.Client.GetAsync(new Uri("/zh/heritage/", UriKind.Relative));

        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/en/")]
    [InlineData(ItemPage)]
    [InlineData("/vi/feed.xml")]
    [InlineData("/sitemaps/en.xml")]
    public async Task Public_pages_feeds_and_sitemaps_tell_shared_caches_how_long_and_how_stale(string path)
    {
        var response = await site.Client.GetAsync(new Uri(path, UriKind.Relative));
        var cacheControl = response.Headers.CacheControl!;

        Assert.True(cacheControl.Public);
        Assert.NotNull(cacheControl.SharedMaxAge);
        Assert.Equal(TimeSpan.Zero, cacheControl.MaxAge); // browsers revalidate: a publish shows at once
        Assert.DoesNotContain(cacheControl.Extensions, e => e.Name == "stale-while-revalidate"); // browsers would show the old page once more
        Assert.Contains("stale-while-revalidate", response.Headers.GetValues("CDN-Cache-Control").Single(), StringComparison.Ordinal);
        Assert.Equal(response.Headers.GetValues("CDN-Cache-Control").Single(), response.Headers.GetValues("Surrogate-Control").Single());
    }

    [Fact]
    public async Task An_item_page_names_its_item_and_a_list_names_the_items_it_shows_for_cdn_purges()
    {
        var item = await site.Client.GetAsync(new Uri(ItemPage, UriKind.Relative));
        var list = await site.Client.GetAsync(new Uri("/en/heritage/", UriKind.Relative));

        var itemKeys = item.Headers.GetValues("Surrogate-Key").Single().Split(' ');
        Assert.Contains("heritage-sites:mo-cu-thach-hang-gon", itemKeys);
        Assert.Equal(string.Join(',', itemKeys), item.Headers.GetValues("Cache-Tag").Single());
        var listKeys = list.Headers.GetValues("Surrogate-Key").Single().Split(' ');
        Assert.Contains("heritage-sites:mo-cu-thach-hang-gon", listKeys);
        Assert.Contains("type:heritage-sites", listKeys);
        Assert.DoesNotContain("ocop-products:", string.Join(' ', listKeys), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_is_not_answered_as_if_it_were_a_get()
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/robots.txt");
        var response = await site.Client.SendAsync(post);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertHeadAsync(string path)
    {
        var get = await site.Client.GetAsync(new Uri(path, UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Head, path);
        var head = await site.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    private async Task<string> LinkedPathAsync(string kind)
    {
        var (_, page) = await site.GetPageAsync(ItemPage);
        return kind switch
        {
            "qr" => page.QuerySelector("aside.share img")!.GetAttribute("src")!,
            _ => page.QuerySelector("main img[src^='/media/']")!.GetAttribute("src")!,
        };
    }
}
