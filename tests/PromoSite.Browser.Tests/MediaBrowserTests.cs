using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Browser.Tests;

/// <summary>The media library in a real browser, from an upload to a Korean page that offers WebP in srcset.</summary>
public sealed class MediaBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_editor_uploads_a_photo_gives_it_korean_alt_text_uses_it_on_a_page_and_the_korean_page_shows_it_responsively()
    {
        var editor = await fixture.SignInAsync("media.desk@dongnai.example", Role.Editor);
        var photo = Path.Combine(TestFolders.NewFolder("upload"), "Núi Bà Rá.jpg");
        await File.WriteAllBytesAsync(photo, TestImages.Landscape);

        // Upload with the library's form; the script sends the file with a progress bar and reports back.
        await editor.GotoAsync($"{fixture.BaseUrl}/admin/media");
        await editor.SetInputFilesAsync("form[data-media-upload] input[type=file]", photo);
        await editor.FillAsync("form[data-media-upload] input[name=tags]", "mountain, Phước Long");
        await editor.SelectOptionAsync("form[data-media-upload] select[name=section]", "tourism");
        await editor.ClickAsync("form[data-media-upload] button[type=submit]");
        var stored = editor.Locator(".upload-queue li.ok");
        await stored.WaitForAsync();
        Assert.Contains("Đã lưu thành nui-ba-ra", await stored.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(100, await editor.Locator(".upload-queue progress").EvaluateAsync<int>("p => p.value"));
        await editor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-media-upload-1280.png"), FullPage = true });

        // Korean title and alt text, in the ordinary editor reached from the asset's page.
        await editor.ClickAndWaitForAsync(".upload-queue li.ok a", "**/admin/media/*");
        await editor.ClickAndWaitForAsync("a[href$='/ko/edit']", "**/ko/edit");
        await editor.FillAsync("[name='f.title']", "바라산");
        await editor.FillAsync("[name='f.alt']", "초록 숲으로 덮인 바라산 능선");
        await editor.ClickAndWaitForAsync("button[value=publish]", "**/ko");

        // The picker on the mountain's Vietnamese page: filter the library, choose the photo, publish.
        long id;
        string koreanSlug;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            id = await db.Items.Where(i => i.Type == "destinations" && i.Key == "nui-ba-ra").Select(i => i.Id).SingleAsync();
            koreanSlug = await db.Localizations.Where(l => l.ItemId == id && l.Locale == "ko").Select(l => l.Slug).SingleAsync();
        }

        await editor.GotoAsync($"{fixture.BaseUrl}/admin/content/destinations/{id}/vi/edit");
        await editor.ClickAsync("#s-image summary");
        await editor.FillAsync("#s-image input[data-picker-filter]", "바라산");
        Assert.Equal(1, await editor.Locator("#s-image li[data-search]:visible").CountAsync());
        await editor.CheckAsync("#s-image li[data-search]:visible input[type=radio]");
        await editor.Locator("#s-image").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-media-picker-1280.png") });
        await editor.ClickAndWaitForAsync("button[value=publish]", "**/vi");

        // Until the derivatives exist the original is shown; then the Korean page offers WebP in srcset.
        var visitor = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, DeviceScaleFactor = 2 });
        var koreanPage = $"{fixture.BaseUrl}/ko/tourism/destinations/{koreanSlug}";
        await visitor.GotoAsync(koreanPage);
        Assert.Equal(0, await visitor.Locator(".hero source").CountAsync());
        await fixture.Services.GetRequiredService<MediaDerivativeWorker>().RunOnceAsync(CancellationToken.None);

        await visitor.GotoAsync(koreanPage);
        var srcset = await visitor.GetAttributeAsync(".hero source[type='image/webp']", "srcset");
        Assert.Contains("1200w", srcset, StringComparison.Ordinal);
        var img = visitor.Locator(".hero img");
        Assert.Equal("초록 숲으로 덮인 바라산 능선", await img.GetAttributeAsync("alt"));
        await img.EvaluateAsync("i => i.decode()");
        var chosen = await img.EvaluateAsync<string>("i => i.currentSrc");
        Assert.EndsWith("-800.webp", chosen, StringComparison.Ordinal); // 390 CSS px at 2x: the 800-wide WebP, not the 1600-wide original
        Assert.True(await img.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), "the picture did not load");
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "media-ko-390.png") });

        await visitor.SetViewportSizeAsync(1280, 900);
        await visitor.GotoAsync(koreanPage);
        await visitor.Locator(".hero img").EvaluateAsync("i => i.decode()");
        Assert.EndsWith("-1600.webp", await visitor.Locator(".hero img").EvaluateAsync<string>("i => i.currentSrc"), StringComparison.Ordinal); // 48rem column at 2x
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "media-ko-1280.png") });
    }
}
