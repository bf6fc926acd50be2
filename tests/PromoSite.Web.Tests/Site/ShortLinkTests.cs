using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Site;

public sealed class ShortLinkTests
{
    private static async Task<ShortLink> CreateAsync(PromoSiteFactory app, string key, string locale)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var (link, problem) = await scope.ServiceProvider.GetRequiredService<ShortLinkService>().CreateAsync(await app.ItemIdAsync(key), locale, "Investment conference, Osaka, 2026", "qr", "test");
        Assert.Null(problem);
        return link!;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_short_link_follows_the_item_through_a_slug_change_and_ignores_letter_case(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var link = await CreateAsync(app, "buoi-tan-trieu", "en");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Matches("^[2-9A-HJ-NP-Z]{5}$", link.Code);
        var first = await client.GetAsync(new Uri($"/s/{link.Code.ToLowerInvariant()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, first.StatusCode);
        Assert.Equal("/en/ocop/tan-trieu-pomelo?utm_source=short-link&utm_medium=qr&utm_campaign=Investment conference, Osaka, 2026", Uri.UnescapeDataString(first.Headers.Location!.OriginalString));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var en = await db.Localizations.SingleAsync(l => l.Item.Key == "buoi-tan-trieu" && l.Locale == "en");
            var input = new LocalizationInput("en", JsonNode.Parse(en.FieldsJson)!.AsObject(), LocalizationStatus.Published, "tan-trieu-pomelo-village");
            Assert.True((await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(en.ItemId, null, null, input, "test")).Succeeded);
        }

        var after = await client.GetAsync(new Uri($"/S/{link.Code}", UriKind.Relative));
        Assert.StartsWith("/en/ocop/tan-trieu-pomelo-village?utm_source=short-link&", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_to_a_trashed_item_says_so_in_its_language_and_offers_the_section()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var link = await CreateAsync(app, "buoi-tan-trieu", "ko");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ContentEditor>().TrashAsync(await app.ItemIdAsync("buoi-tan-trieu")));
        }

        var response = await app.CreateClient().GetAsync(new Uri($"/s/{link.Code}", UriKind.Relative));
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ko", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("본문 바로가기", page.QuerySelector("a.skip")!.TextContent); // the layout speaks Korean too, not only the message
        Assert.NotNull(page.QuerySelector("main a[href='/ko/ocop/']"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(new Uri("/s/ZZZZZ", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Staff_create_links_in_the_admin_and_download_print_size_qr_codes()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var editor = await AdminClient.ForNewUserAsync(app, "promo@dongnai.example", Role.Editor);
        var (created, page) = await editor.SubmitAsync("/admin/links", new Dictionary<string, string>
        {
            ["type"] = "heritage-sites", ["key"] = "mo-co-hang-gon", ["locale"] = "ja", ["campaign"] = "Tourism fair, Tokyo, 2026", ["channel"] = "print",
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var printed = page.QuerySelector("tbody code")!.TextContent;
        Assert.Matches("^HTTPS://DONGNAI.EXAMPLE/S/[2-9A-HJ-NP-Z]{5}$", printed);
        Assert.True(("DONGNAI.GOV.VN" + printed[printed.IndexOf("/S/", StringComparison.Ordinal)..]).Length < 25, printed); // on the province's domain

        var code = printed[^5..];
        var png = await editor.Http.GetAsync(new Uri($"/admin/links?handler=Qr&code={code}&format=png", UriKind.Relative));
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.True((await png.Content.ReadAsByteArrayAsync()).Length > 500);
        var file = Path.Combine(TestFolders.NewFolder("qr"), "code.png");
        await File.WriteAllBytesAsync(file, await png.Content.ReadAsByteArrayAsync());
        Assert.Equal(printed, await DecodeQrAsync(file));
        var svg = await editor.Http.GetStringAsync(new Uri($"/admin/links?handler=Qr&code={code}&format=svg", UriKind.Relative));
        Assert.Contains("<svg", svg, StringComparison.Ordinal);

        // A forged creation by a viewer is refused.
        var viewer = await AdminClient.ForNewUserAsync(app, "viewer@dongnai.example", Role.Viewer);
        var (_, viewerPage) = await viewer.GetAsync("/admin/password");
        var token = viewerPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await viewer.Http.PostAsync(new Uri("/admin/links", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["type"] = "heritage-sites", ["key"] = "mo-co-hang-gon", ["locale"] = "ja", ["campaign"] = "x", ["channel"] = "qr",
        }));
        Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<CmsDbContext>().ShortLinks.CountAsync());
    }

    /// <summary>Reads a QR code back with zbarimg (Debian's zbar-tools, installed by scripts/test.sh), as a phone would.</summary>
    internal static async Task<string> DecodeQrAsync(string file)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("zbarimg", ["--raw", "-q", file]) { RedirectStandardOutput = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text.Trim();
    }
}
