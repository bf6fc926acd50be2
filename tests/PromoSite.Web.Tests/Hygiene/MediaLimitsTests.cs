using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>The media upload API takes only binary bodies, and every upload path stops at the installation's media quota with 507, storing nothing.</summary>
public sealed class MediaLimitsTests
{
    private const string Api = "/api/v1/manage/media-files";

    private static ByteArrayContent Binary(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Form_and_text_bodies_are_415_with_the_reason_and_binary_types_are_accepted(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);

        using var form = await editor.Http.PostAsync(new Uri(Api, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["a"] = "b" }));
        using var multipart = await editor.Http.PostAsync(new Uri(Api, UriKind.Relative), new MultipartFormDataContent { { new ByteArrayContent(TestImages.SmallPng), "file", "a.png" } });
        using var text = await editor.Http.PostAsync(new Uri(Api, UriKind.Relative), Binary(TestImages.SmallPng, "text/plain"));
        using var png = await editor.Http.PostAsync(new Uri(Api, UriKind.Relative), Binary(TestImages.SmallPng, "image/png"));
        using var octets = await editor.Http.PostAsync(new Uri(Api, UriKind.Relative), Binary(TestImages.Landscape, "application/octet-stream"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Contains("application/octet-stream", (string?)(await form.Content.ReadFromJsonAsync<JsonObject>())!["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, multipart.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.Created, png.StatusCode);
        Assert.Equal(HttpStatusCode.Created, octets.StatusCode);
    }

    [SkippableTheory, ClassData(typeof(ProvidersAndStores))]
    public async Task Every_upload_path_stops_at_the_quota_with_507_and_stores_nothing(DatabaseProvider provider, MediaStoreKind store)
    {
        // Room for the PNG (121 kB) but not for the JPEG (43 kB) beside it.
        await using var media = await TestMedia.CreateAsync(store);
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, new Dictionary<string, string>(media.Settings) { ["Media:QuotaBytes"] = (TestImages.SmallPng.Length + 20_000).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var data = app.Services.GetRequiredService<DataFolder>().Path;
        async Task<int> Files() => (await media.NamesAsync(data, "originals/")).Count;

        var (first, _) = await UploadPageAsync(editor, "pomelo.png", TestImages.SmallPng);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var asset = await MediaItemsAsync(app);
        Assert.Single(asset);

        using var api = await editor.Http.PostAsync(new Uri(Api, UriKind.Relative), Binary(TestImages.Landscape, "image/jpeg"));
        var (page, pageDocument) = await UploadPageAsync(editor, "landscape.jpg", TestImages.Landscape);
        var (replace, replaceDocument) = await ReplaceAsync(editor, asset[0], "landscape.jpg", TestImages.Landscape);
        using var same = await editor.Http.PostAsync(new Uri(Api, UriKind.Relative), Binary(TestImages.SmallPng, "image/png"));

        Assert.Equal(HttpStatusCode.InsufficientStorage, api.StatusCode);
        Assert.Contains("Media:QuotaBytes", (string?)(await api.Content.ReadFromJsonAsync<JsonObject>())!["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InsufficientStorage, page.StatusCode);
        Assert.Contains("Media:QuotaBytes", pageDocument.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InsufficientStorage, replace.StatusCode);
        Assert.Contains("Media:QuotaBytes", replaceDocument.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, same.StatusCode); // the same bytes are stored once and need no room
        Assert.Equal(1, await Files());
        Assert.Equal(asset, await MediaItemsAsync(app));
    }

    private static async Task<List<(long Id, string Shared)>> MediaItemsAsync(PromoSiteFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.Where(i => i.Type == "media").OrderBy(i => i.Id).Select(i => new { i.Id, i.SharedJson }).ToListAsync();
        return [.. rows.Select(r => (r.Id, r.SharedJson))];
    }

    private static async Task<(HttpResponseMessage, AngleSharp.Html.Dom.IHtmlDocument)> UploadPageAsync(AdminClient client, string name, byte[] bytes)
    {
        var (_, page) = await client.GetAsync("/admin/media");
        var token = page.QuerySelector("form[data-media-upload] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), "uploads", name } };
        var response = await client.Http.PostAsync(new Uri("/admin/media", UriKind.Relative), form);
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<(HttpResponseMessage, AngleSharp.Html.Dom.IHtmlDocument)> ReplaceAsync(AdminClient client, (long Id, string Shared) asset, string name, byte[] bytes)
    {
        var (_, page) = await client.GetAsync($"/admin/media/{asset.Id}");
        var form = page.QuerySelector("form[enctype='multipart/form-data']")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent(form.QuerySelector("input[name=version]")!.GetAttribute("value")!), "version" },
            { new ByteArrayContent(bytes), "upload", name },
        };
        var response = await client.Http.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), content);
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }
}
