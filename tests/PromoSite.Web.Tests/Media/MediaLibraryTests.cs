using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Import;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;
using Xunit;

namespace PromoSite.Web.Tests.Media;

/// <summary>
/// The shared library end to end over HTTP: uploads of several files, search, the picker, replacing
/// a file, where an asset is used, derivatives on the public page and in the delivery API, and import.
/// </summary>
public sealed class MediaLibraryTests
{
    private const string Product = "buoi-tan-trieu"; // vi, en, ko in the fixture

    [SkippableTheory, ClassData(typeof(ProvidersAndStores))]
    public async Task Several_files_upload_at_once_each_becomes_an_asset_and_a_bad_one_is_refused_alone_with_its_reason(DatabaseProvider provider, MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(provider, media.Settings);
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);

        var (response, page) = await UploadAsync(editor, [("Lễ hội đêm.jpg", TestImages.Landscape), ("poster.png", TestImages.SmallPng), ("../../evil.jpg", [(byte)'M', (byte)'Z', 0, 0, 0, 0, 0, 0])],
            new() { ["tags"] = "festival, night", ["section"] = "tourism", ["collection"] = "Fair 2026", ["credit"] = "Sở VHTTDL", ["licence"] = "CC BY 4.0" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var results = page.QuerySelectorAll(".upload-results li").Select(li => li.TextContent).ToList();
        Assert.Equal(3, results.Count);
        Assert.Contains(results, r => r.Contains("Lễ hội đêm.jpg", StringComparison.Ordinal) && r.Contains("Đã lưu thành le-hoi-dem", StringComparison.Ordinal));
        Assert.Contains(results, r => r.Contains("evil.jpg", StringComparison.Ordinal) && r.Contains("not accepted", StringComparison.Ordinal));

        var rows = await LibraryAsync(site);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(["festival", "night"], r.Tags));
        Assert.All(rows, r => Assert.Equal("tourism", r.Section));
        Assert.All(rows, r => Assert.Equal("Fair 2026", r.Collection));
        var data = site.Services.GetRequiredService<DataFolder>().Path;
        Assert.DoesNotContain(Directory.GetFiles(data, "*", SearchOption.AllDirectories), f => f.Contains("evil", StringComparison.Ordinal) || f.EndsWith(".part", StringComparison.Ordinal));

        // The Vietnamese is published at once, so pages can use the asset; its title comes from the file's name.
        var (_, library) = await editor.GetAsync("/admin/media?tag=festival&kind=image&section=tourism");
        Assert.Equal(["Lễ hội đêm", "poster"], library.QuerySelectorAll(".media-grid strong").Select(s => s.TextContent).Order().ToList());
        Assert.Empty((await editor.GetAsync("/admin/media?tag=nothing")).Page.QuerySelectorAll(".media-grid li"));
        Assert.Single((await editor.GetAsync("/admin/media?q=poster")).Page.QuerySelectorAll(".media-grid li"));
        Assert.Equal(2, (await editor.GetAsync("/admin/media?missingAlt=ko")).Page.QuerySelectorAll(".media-grid li").Length);
    }

    [Fact]
    public async Task Uploads_answer_json_per_file_for_the_progress_bars_and_people_who_may_not_upload_are_refused()
    {
        await using var site = await PromoSiteFactory.StartWithFixtureAsync();
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);
        var translator = await AdminClient.ForNewUserAsync(site, "ko@dongnai.example", Role.Translator, "ko");

        var (json, _) = await UploadAsync(editor, [("one.png", TestImages.SmallPng)], [], asJson: true);
        var result = Assert.Single((await json.Content.ReadFromJsonAsync<JsonArray>())!)!;
        Assert.True((bool)result["stored"]!);
        Assert.StartsWith("/admin/media/", (string)result["editUrl"]!, StringComparison.Ordinal);

        var (svg, _) = await UploadAsync(editor, [("x.svg", "<svg onload=alert(1)></svg>"u8.ToArray())], [], asJson: true);
        Assert.Equal(HttpStatusCode.BadRequest, svg.StatusCode);
        Assert.Contains("SVG", (string)(await svg.Content.ReadFromJsonAsync<JsonArray>())![0]!["message"]!, StringComparison.Ordinal);

        // The translator's page has no upload form; a forged post with the translator's own valid token is refused on the server.
        Assert.Null((await translator.GetAsync("/admin/media")).Page.QuerySelector("form[data-media-upload]"));
        var (forbidden, _) = await UploadAsync(translator, [("one.png", TestImages.SmallPng)], [], tokenPage: "/admin/password");
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
        Assert.Contains("/admin/denied", forbidden.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        Assert.Single(await LibraryAsync(site));
    }

    [SkippableTheory, ClassData(typeof(MediaStores))]
    public async Task Derivatives_are_made_in_the_background_and_the_korean_page_then_offers_webp_in_srcset_with_korean_alt_text(MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: media.Settings);
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);
        var asset = await UploadOneAsync(editor, site, "pomelo.jpg", TestImages.Landscape);
        await TranslateAsync(site, asset, "ko", "떤찌에우 자몽 과수원", "강변 과수원에 열린 노란 자몽");
        await UseImageAsync(site, Product, asset.Key);
        using var visitor = site.CreateClient();

        // Before the derivatives exist the original is served, with its size, so the page never breaks.
        var before = await PageAsync(visitor, "/ko/ocop/tan-trieu-pomelo");
        var img = before.QuerySelector(".hero img")!;
        Assert.Null(before.QuerySelector(".hero source"));
        Assert.Equal("/media/" + asset.File, img.GetAttribute("src"));
        Assert.Equal(("1600", "1000"), (img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Equal("강변 과수원에 열린 노란 자몽", img.GetAttribute("alt"));

        Assert.Equal(1, await site.Services.GetRequiredService<MediaDerivativeWorker>().RunOnceAsync(CancellationToken.None));

        var after = await PageAsync(visitor, "/ko/ocop/tan-trieu-pomelo");
        var source = after.QuerySelector(".hero picture source[type='image/webp']")!;
        var candidates = source.GetAttribute("srcset")!.Split(", ").Select(c => c.Split(' ')).ToList();
        Assert.Equal(["480w", "800w", "1200w", "1600w"], candidates.Select(c => c[1]).ToList());
        Assert.Equal("(min-width: 50rem) 48rem, 100vw", source.GetAttribute("sizes"));
        img = after.QuerySelector(".hero picture img")!;
        Assert.EndsWith("-800.jpg", img.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal(("1600", "1000", "강변 과수원에 열린 노란 자몽", "ko"), (img.GetAttribute("width"), img.GetAttribute("height"), img.GetAttribute("alt"), img.GetAttribute("lang")));
        Assert.Equal("https://dongnai.example" + img.GetAttribute("src"), after.QuerySelector("meta[property='og:image']")!.GetAttribute("content"));

        foreach (var candidate in candidates)
        {
            using var file = await visitor.GetAsync(new Uri(candidate[0], UriKind.Relative));
            var bytes = await file.Content.ReadAsByteArrayAsync();
            Assert.Equal("image/webp", file.Content.Headers.ContentType!.MediaType);
            Assert.Contains("immutable", file.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Equal(int.Parse(candidate[1].TrimEnd('w'), System.Globalization.CultureInfo.InvariantCulture), MediaInspector.Inspect(new MemoryStream(bytes)).Width);
            Assert.True(bytes.Length < TestImages.Landscape.Length * 2, "a derivative is no heavier than the original");
        }

        // A new Korean alt text shows at once: nothing cached keeps the old one.
        await TranslateAsync(site, asset, "ko", "떤찌에우 자몽 과수원", "수확을 앞둔 자몽 과수원");
        Assert.Equal("수확을 앞둔 자몽 과수원", (await PageAsync(visitor, "/ko/ocop/tan-trieu-pomelo")).QuerySelector(".hero img")!.GetAttribute("alt"));

        // The list's card shows the thumbnail too, sized for a card.
        var list = await PageAsync(visitor, "/ko/ocop/");
        Assert.Contains("480w", list.QuerySelector(".card-image source")!.GetAttribute("srcset"), StringComparison.Ordinal);
        Assert.Equal("lazy", list.QuerySelector(".card-image img")!.GetAttribute("loading"));
    }

    [SkippableTheory, ClassData(typeof(MediaStores))]
    public async Task With_derivatives_on_an_upload_gets_its_derivatives_without_anyone_asking(MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: new Dictionary<string, string>(media.Settings) { ["Media:Derivatives"] = "true" });
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);
        var asset = await UploadOneAsync(editor, site, "pomelo.png", TestImages.SmallPng);
        var derivatives = site.Services.GetRequiredService<MediaDerivatives>();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await derivatives.FindAsync(asset.File, CancellationToken.None) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        // A 400-pixel PNG: WebP at 400 only (nothing is enlarged), and a JPEG of the same width for old browsers.
        var set = await derivatives.FindAsync(asset.File, CancellationToken.None);
        Assert.NotNull(set);
        Assert.Equal([400], set.WebP.Select(r => r.Width).ToList());
        Assert.Equal((400, 250, "image/jpeg"), (set.Fallback.Width, set.Fallback.Height, set.Fallback.ContentType));
    }

    [SkippableTheory, ClassData(typeof(ProvidersAndStores))]
    public async Task Replacing_a_file_keeps_the_asset_and_every_page_that_uses_it_shows_the_new_file(DatabaseProvider provider, MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(provider, media.Settings);
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);
        var asset = await UploadOneAsync(editor, site, "pomelo.jpg", TestImages.Landscape);
        await UseImageAsync(site, Product, asset.Key);

        var (_, page) = await editor.GetAsync($"/admin/media/{asset.Id}");
        var uses = page.QuerySelectorAll("h2 + ul li a").Select(a => a.TextContent).ToList();
        Assert.Equal(["Bưởi Tân Triều"], uses);
        // Before moving it to the trash, the editor is told which pages show it.
        var (_, item) = await editor.GetAsync($"/admin/content/media/{asset.Id}");
        Assert.Contains("1 mục đang hiển thị tệp này (Bưởi Tân Triều)", item.QuerySelector("p.warning")!.TextContent, StringComparison.Ordinal);

        // A refused file leaves the asset as it was.
        var (refused, refusedPage) = await ReplaceAsync(editor, asset.Id, "x.svg", "<svg><script>alert(1)</script></svg>"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Tệp hiện tại không thay đổi", refusedPage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(asset.File, (await LibraryAsync(site)).Single().File);

        var (replaced, _) = await ReplaceAsync(editor, asset.Id, "new.png", TestImages.SmallPng);
        Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
        var now = (await LibraryAsync(site)).Single();
        Assert.Equal((asset.Id, asset.Key), (now.Id, now.Key));
        Assert.EndsWith(".png", now.File, StringComparison.Ordinal);

        using var visitor = site.CreateClient();
        foreach (var path in new[] { "/vi/ocop/buoi-tan-trieu", "/en/ocop/tan-trieu-pomelo" })
        {
            Assert.Equal("/media/" + now.File, (await PageAsync(visitor, path)).QuerySelector(".hero img")!.GetAttribute("src"));
        }

        // The earlier revision still names the old file, so history shows what was shown then.
        await using var scope = site.Services.CreateAsyncScope();
        var revisions = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Revisions.Where(r => r.ItemId == asset.Id).Select(r => r.SharedJson).ToListAsync();
        Assert.Contains(revisions, r => r!.Contains(asset.File, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_picker_shows_the_library_with_each_languages_alt_text_and_warns_before_publishing_without_it()
    {
        await using var site = await PromoSiteFactory.StartWithFixtureAsync();
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);
        var asset = await UploadOneAsync(editor, site, "pomelo.jpg", TestImages.Landscape);
        var id = await site.ItemIdAsync(Product);

        // The editor chooses the picture in the Vietnamese form's picker and publishes.
        var (_, form) = await editor.GetAsync($"/admin/content/ocop-products/{id}/vi/edit");
        var choice = form.QuerySelector($"#s-image input[type=radio][value='{asset.Key}']");
        Assert.NotNull(choice);
        // "None" must post an empty value, not the browser's default "on": the minifier keeps empty attributes.
        Assert.Equal("", form.QuerySelector("#s-image input[type=radio]")!.GetAttribute("value"));
        var (saved, _) = await editor.SubmitAsync($"/admin/content/ocop-products/{id}/vi/edit", new Dictionary<string, string> { ["s.image"] = asset.Key, ["action"] = "publish" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // The Korean translator sees the picture, that it has no Korean alt text, and where to add it.
        var translator = await AdminClient.ForNewUserAsync(site, "ko@dongnai.example", Role.Translator, "ko");
        var (_, korean) = await translator.GetAsync($"/admin/content/ocop-products/{id}/ko/edit");
        Assert.Contains("Chưa có văn bản thay thế bằng ko", korean.QuerySelector("#s-image .current")!.TextContent, StringComparison.Ordinal);
        Assert.Null(korean.QuerySelector("#s-image input[type=radio]")); // shared facts are the Vietnamese editor's
        var warning = korean.QuerySelector("p.warning")!;
        Assert.Equal($"/admin/content/media/{asset.Id}/ko/edit", warning.QuerySelector("a")!.GetAttribute("href"));

        await TranslateAsync(site, asset, "ko", "자몽", "노란 자몽");
        (_, korean) = await translator.GetAsync($"/admin/content/ocop-products/{id}/ko/edit");
        Assert.Contains("노란 자몽", korean.QuerySelector("#s-image .current")!.TextContent, StringComparison.Ordinal);
        Assert.Null(korean.QuerySelector("p.warning"));
    }

    [SkippableTheory, ClassData(typeof(MediaStores))]
    public async Task The_delivery_api_gives_an_items_media_in_the_language_asked_with_fallback_credit_and_renditions(MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: media.Settings);
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);
        var asset = await UploadOneAsync(editor, site, "pomelo.jpg", TestImages.Landscape, new() { ["credit"] = "Sở VHTTDL Đồng Nai", ["licence"] = "CC BY 4.0" });
        await TranslateAsync(site, asset, "ko", "자몽", "노란 자몽");
        await UseImageAsync(site, Product, asset.Key);
        await site.Services.GetRequiredService<MediaDerivativeWorker>().RunOnceAsync(CancellationToken.None);
        using var api = site.CreateClient();

        var korean = (await api.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/ko/ocop-products/tan-trieu-pomelo", UriKind.Relative)))!["media"]!["image"]!;
        Assert.Equal(("ko", false, "노란 자몽", "Sở VHTTDL Đồng Nai", "CC BY 4.0"), ((string)korean["locale"]!, (bool)korean["isFallback"]!, (string)korean["alt"]!, (string)korean["credit"]!, (string)korean["licence"]!));
        var renditions = korean["renditions"]!.AsArray();
        Assert.Equal(["image/webp", "image/webp", "image/webp", "image/webp", "image/jpeg"], renditions.Select(r => (string)r!["contentType"]!).ToList());
        Assert.All(renditions, r => Assert.StartsWith("https://dongnai.example/media/derived/", (string)r!["url"]!, StringComparison.Ordinal));

        // Japanese has no text of its own for the asset: it falls back, and says so.
        var japanese = (await api.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/ja/ocop-products/tan-trieu-pomelo", UriKind.Relative)))!["media"]!["image"]!;
        Assert.True((bool)japanese["isFallback"]!);
        Assert.NotEqual("ja", (string)japanese["locale"]!);

        var list = (await api.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/ko/media", UriKind.Relative)))!["items"]!.AsArray();
        var own = Assert.Single(list, i => (string)i!["key"]! == asset.Key)!;
        Assert.Equal(1600, (int)own["media"]!["asset"]!["width"]!);
    }

    [SkippableTheory, ClassData(typeof(MediaStores))]
    public async Task An_uploaded_photo_loses_its_gps_location_unless_the_editor_keeps_it(MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: media.Settings);
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);
        var located = TestImages.WithGps(TestImages.Landscape, (10, 57, 0), (106, 49, 0));

        var stripped = await UploadOneAsync(editor, site, "home.jpg", located);
        var kept = await UploadOneAsync(editor, site, "park.jpg", located, new() { ["keepLocation"] = "true" });

        var files = site.Services.GetRequiredService<IMediaStore>();
        Assert.Null((await ReadLocationAsync(files, stripped.File)).Latitude);
        Assert.Null(stripped.Coordinates);
        Assert.Equal(10.95, (await ReadLocationAsync(files, kept.File)).Latitude!.Value, 3);
        Assert.Equal((10.95, 106.8167), (Math.Round(kept.Coordinates!.Value.Latitude, 4), Math.Round(kept.Coordinates.Value.Longitude, 4)));
    }

    [SkippableTheory, ClassData(typeof(MediaStores))]
    public async Task A_media_folder_imports_the_file_beside_its_texts_and_a_file_that_is_not_media_refuses_the_whole_import(MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        using var content = ContentFolder.Fixture();
        content.Write("media", "vuon-buoi", "vi", """
            ---
            title: Vườn bưởi
            alt: Vườn bưởi ven sông
            tags: [OCOP]
            ---
            """);
        File.WriteAllBytes(Path.Combine(content.Path, "media", "vuon-buoi", "photo.jpg"), TestImages.Landscape);
        await using var site = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, media.Settings);

        var asset = Assert.Single(await LibraryAsync(site));
        Assert.Equal(("vuon-buoi", "Vườn bưởi ven sông"), (asset.Key, asset.AltByLocale["vi"]));
        Assert.True(await site.Services.GetRequiredService<IMediaStore>().ExistsAsync(asset.File, CancellationToken.None));

        using var bad = ContentFolder.Fixture();
        bad.Write("media", "not-a-photo", "vi", "---\ntitle: Not a photo\n---\n");
        File.WriteAllText(Path.Combine(bad.Path, "media", "not-a-photo", "photo.jpg"), "<html><script>alert(1)</script></html>");
        await using var scope = site.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(bad.Path);
        Assert.False(report.Succeeded);
        Assert.Contains(report.Errors, e => e.ToString().Contains("photo.jpg", StringComparison.Ordinal));
        Assert.Single(await LibraryAsync(site));
    }

    private static async Task<PhotoMetadata> ReadLocationAsync(IMediaStore store, string file)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".jpg");
        await using (var source = (await store.OpenReadAsync(file, CancellationToken.None))!)
        await using (var copy = File.Create(path))
        {
            await source.Content.CopyToAsync(copy);
        }

        try
        {
            return ImageLocation.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record Asset(long Id, string Key, string File, Cms.Content.GeoPoint? Coordinates);

    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> UploadAsync(
        AdminClient client, (string Name, byte[] Bytes)[] files, Dictionary<string, string> fields, bool asJson = false, string tokenPage = "/admin/media")
    {
        var (_, page) = await client.GetAsync(tokenPage);
        var token = page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var (name, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), "uploads", name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/media") { Content = form };
        if (asJson)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        var response = await client.Http.SendAsync(request);
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<Asset> UploadOneAsync(AdminClient client, PromoSiteFactory site, string name, byte[] bytes, Dictionary<string, string>? fields = null)
    {
        var before = (await LibraryAsync(site)).Select(r => r.Id).ToHashSet();
        var (response, page) = await UploadAsync(client, [(name, bytes)], fields ?? []);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {page.QuerySelector(".upload-results")?.TextContent ?? page.Body?.TextContent[..Math.Min(page.Body.TextContent.Length, 600)]}");
        var row = (await LibraryAsync(site)).Single(r => !before.Contains(r.Id));
        await using var scope = site.Services.CreateAsyncScope();
        var shared = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.Where(i => i.Id == row.Id).Select(i => i.SharedJson).SingleAsync();
        var coordinates = JsonNode.Parse(shared)!["coordinates"] is JsonArray c ? new Cms.Content.GeoPoint((double)c[0]!, (double)c[1]!) : (Cms.Content.GeoPoint?)null;
        return new Asset(row.Id, row.Key, row.File, coordinates);
    }

    private static async Task<(HttpResponseMessage, IHtmlDocument)> ReplaceAsync(AdminClient client, long id, string name, byte[] bytes)
    {
        var (_, page) = await client.GetAsync($"/admin/media/{id}");
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

    private static async Task<IReadOnlyList<MediaRow>> LibraryAsync(PromoSiteFactory site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediaLibrary>().SearchAsync(new MediaSearch(), CancellationToken.None);
    }

    /// <summary>Gives the asset a published title and alt text in one language.</summary>
    private static async Task TranslateAsync(PromoSiteFactory site, Asset asset, string locale, string title, string alt)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(
            asset.Id, null, null, new LocalizationInput(locale, new JsonObject { ["title"] = title, ["alt"] = alt }, Cms.Storage.LocalizationStatus.Published), "test");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
    }

    /// <summary>Publishes the item's Vietnamese with its image set to the asset.</summary>
    private static async Task UseImageAsync(PromoSiteFactory site, string itemKey, string mediaKey)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).SingleAsync(i => i.Key == itemKey);
        var vi = item.Localizations.Single(l => l.Locale == "vi");
        var shared = JsonNode.Parse(item.SharedJson)!.AsObject();
        shared["image"] = mediaKey;
        var outcome = await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(
            item.Id, item.Version, shared, new LocalizationInput("vi", JsonNode.Parse(vi.FieldsJson)!.AsObject(), vi.Status, vi.Slug), "test");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
    }

    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }
}
