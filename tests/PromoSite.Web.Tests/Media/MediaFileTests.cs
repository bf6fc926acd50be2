using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;
using PromoSite.Cms.Media;
using Xunit;

namespace PromoSite.Web.Tests.Media;

/// <summary>Stored media is served with its detected type, nosniff and immutable caching; nothing else under /media is reachable.</summary>
public sealed class MediaFileTests
{
    private static byte[] Png(uint width, uint height)
    {
        var bytes = new byte[8 + 25 + 12];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }.CopyTo(bytes, 0);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 2;
        "IEND"u8.CopyTo(bytes.AsSpan(37));
        return bytes;
    }

    [SkippableTheory, ClassData(typeof(MediaStores))]
    public async Task A_stored_image_is_served_with_its_detected_type_nosniff_validators_ranges_and_immutable_caching(MediaStoreKind kind)
    {
        await using var media = await TestMedia.CreateAsync(kind);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: media.Settings);
        var store = site.Services.GetRequiredService<IMediaStore>();
        var png = Png(30, 20);
        var saved = await store.SaveAsync(new MemoryStream(png), CancellationToken.None);
        using var client = site.CreateClient();
        var url = new Uri("/media/" + saved.Stored!.RelativePath, UriKind.Relative);

        using var response = await client.GetAsync(url);

        response.EnsureSuccessStatusCode();
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString());
        Assert.Equal($"\"{saved.Stored.Hash}\"", response.Headers.ETag!.Tag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());

        // A range is the bytes asked for; a revalidation with the ETag is 304; HEAD is the headers with the full length.
        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(8, 15);
        using var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(png[8..16], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 8-15/{png.Length}", partial.Content.Headers.ContentRange!.ToString());

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(response.Headers.ETag);
        using var notModified = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(png.Length, head.Content.Headers.ContentLength);
        Assert.Equal("image/png", head.Content.Headers.ContentType!.MediaType);
    }

    [SkippableTheory]
    [InlineData("/media/..%2F..%2Fpromosite.db", MediaStoreKind.File)]
    [InlineData("/media/originals/aa/nothing.png", MediaStoreKind.File)]
    [InlineData("/media/..%2F..%2Fpromosite.db", MediaStoreKind.S3)]
    [InlineData("/media/originals/aa/nothing.png", MediaStoreKind.S3)]
    [InlineData("/media/originals/aa/aa00000000000000000000000000000000000000000000000000000000000000.png", MediaStoreKind.S3)]
    public async Task Paths_the_store_did_not_make_are_not_found(string url, MediaStoreKind kind)
    {
        await using var media = await TestMedia.CreateAsync(kind);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: media.Settings);
        using var client = site.CreateClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [SkippableTheory, ClassData(typeof(ProvidersAndStores))]
    public async Task An_editor_uploads_over_the_api_a_translator_may_not_and_a_refusal_says_why(DatabaseProvider provider, MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        using var content = ContentFolder.Fixture();
        await using var site = await PromoSiteFactory.StartAsync(provider, content.Path, media.Settings);
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);
        var translator = await AdminClient.ForNewUserAsync(site, "ko@dongnai.example", Role.Translator, "ko");
        const string url = "/api/v1/manage/media-files";

        using var created = await editor.Http.PostAsync(new Uri(url, UriKind.Relative), new ByteArrayContent(Png(64, 48)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(64, (int)body!["width"]!);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateClient().GetAsync(new Uri((string)body["url"]!, UriKind.Relative))).StatusCode);

        using var svg = await editor.Http.PostAsync(new Uri(url, UriKind.Relative), new StringContent("<svg><script>alert(1)</script></svg>", System.Text.Encoding.UTF8, "image/svg+xml"));
        Assert.Equal(HttpStatusCode.BadRequest, svg.StatusCode);
        Assert.Contains("SVG", (string)(await svg.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!);

        using var forbidden = await translator.Http.PostAsync(new Uri(url, UriKind.Relative), new ByteArrayContent(Png(64, 48)));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [SkippableTheory, ClassData(typeof(MediaStores))]
    public async Task The_library_upload_stores_an_image_and_shows_why_a_traversal_named_executable_is_refused(MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: media.Settings);
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);

        async Task<string> Upload(byte[] bytes, string name)
        {
            var (_, page) = await editor.GetAsync("/admin/media");
            var token = page.QuerySelector("form[data-media-upload] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), "uploads", name } };
            using var response = await editor.Http.PostAsync(new Uri("/admin/media", UriKind.Relative), form);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("Đã lưu thành photo", await Upload(Png(40, 30), "photo.png"), StringComparison.Ordinal);
        var refused = await Upload([(byte)'M', (byte)'Z', 0, 0, 0, 0, 0, 0], "../../evil.jpg");
        Assert.Contains("not accepted", refused, StringComparison.Ordinal);
        var data = site.Services.GetRequiredService<DataFolder>().Path;
        Assert.DoesNotContain(Directory.GetFiles(data, "*", SearchOption.AllDirectories), f => f.Contains("evil", StringComparison.Ordinal) || f.EndsWith(".part", StringComparison.Ordinal));
    }
}
