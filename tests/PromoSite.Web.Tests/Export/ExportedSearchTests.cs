using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Search;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Sharing;
using PromoSite.Testing;
using PromoSite.Web.Export;

namespace PromoSite.Web.Tests.Export;

/// <summary>
/// The export's own search (what the export process renders: Export:StaticSearch on): a per-language
/// index of the published content with the site search's tokenizer, the search page that says it
/// searches the exported copy and loads the script, and the site's short links made in one batch.
/// One app and one export for the class.
/// </summary>
public sealed class ExportedSearchTests : IAsyncLifetime
{
    private PromoSiteFactory _app = null!;
    private string _output = "";
    private ExportReport _report = null!;

    public async Task InitializeAsync()
    {
        _app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { [ExportedSearch.Setting] = "true" });
        _output = Path.Combine(TestFolders.NewFolder("export-search"), "site");
        _report = await ExportTests.ExportAsync(_app, _output);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private JsonObject Index(string locale, string type) => JsonNode.Parse(File.ReadAllText(Path.Combine(_output, locale, "search-index", type + ".json")))!.AsObject();

    /// <summary>Every part of a language's index (one per type with pages).</summary>
    private List<JsonObject> Parts(string locale) =>
        [.. Directory.EnumerateFiles(Path.Combine(_output, locale, "search-index"), "*.json").Order(StringComparer.Ordinal).Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())];

    private static List<int> Documents(JsonObject index, string map, string token)
    {
        var numbers = new List<int>();
        var n = 0;
        foreach (var gap in index[map]![token]?.AsArray() ?? [])
        {
            n += gap!.GetValue<int>();
            numbers.Add(n);
        }

        return numbers;
    }

    [Fact]
    public void Each_language_has_an_index_of_its_published_items_tokenized_as_the_site_search_does()
    {
        Assert.Empty(_report.Broken);
        foreach (var locale in Cms.Content.Locales.All)
        {
            Assert.True(File.Exists(Path.Combine(_output, locale, "search-index", "ocop-products.json.br")), locale);
        }

        var en = Index("en", "ocop-products");
        var docs = en["docs"]!.AsArray();
        var pomelo = docs.Select((d, i) => (Doc: d!.AsArray(), i)).Single(d => d.Doc[0]!.GetValue<string>() == "/en/ocop/tan-trieu-pomelo");
        var title = pomelo.Doc[1]!.GetValue<string>();
        foreach (var token in SearchText.Tokens(title))
        {
            Assert.Contains(pomelo.i, Documents(en, "title", token));
        }

        // Vietnamese folded as the site search folds it: "Đồng Nai" is found as "dong" and "nai".
        Assert.NotEmpty(Parts("vi").SelectMany(vi => Documents(vi, "title", "dong").Concat(Documents(vi, "text", "dong"))));
        // Every title in every language under the very tokens the site search makes of it (CJK as character pairs).
        foreach (var locale in new[] { "zh", "ja", "ko" })
        {
            foreach (var index in Parts(locale))
            {
                foreach (var (doc, number) in index["docs"]!.AsArray().Select((d, i) => (d!.AsArray(), i)))
                {
                    foreach (var token in SearchText.Tokens(doc[1]!.GetValue<string>()))
                    {
                        Assert.Contains(number, Documents(index, "title", token));
                    }
                }
            }
        }
        // Published only: the Japanese draft of chom-chom is in no index.
        Assert.DoesNotContain(Parts("ja"), part => part.ToJsonString().Contains("ロンカインのランブータン", StringComparison.Ordinal));
        Assert.InRange(Directory.EnumerateFiles(Path.Combine(_output, "vi", "search-index"), "*.json.br").Sum(f => new FileInfo(f).Length), 1, 300_000);
    }

    [Fact]
    public async Task The_exported_search_page_says_it_searches_the_copy_and_loads_the_offline_script()
    {
        var page = await new HtmlParser().ParseDocumentAsync(File.ReadAllText(Path.Combine(_output, "ko", "search.html")));

        var results = page.QuerySelector("#static-results");
        Assert.NotNull(results);
        var parts = results.GetAttribute("data-index")!.Split(' ');
        Assert.Equal(Pages.SearchModel.StaticIndexPaths("ko", _app.Services.GetRequiredService<Cms.Content.ContentTypeRegistry>()), parts);
        Assert.Contains("/ko/search-index/ocop-products.json", parts);
        Assert.All(parts, p => Assert.True(File.Exists(Path.Combine(_output, p.TrimStart('/'))), p));
        Assert.Contains("정적 사본", page.QuerySelector("main .note, .note")!.TextContent, StringComparison.Ordinal);
        var script = page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).Single(s => s.Contains("search-static", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_output, script.TrimStart('/').Split('?')[0])), script);
    }

    [Fact]
    public async Task The_live_site_serves_no_index_and_its_search_page_is_unchanged()
    {
        await using var live = await PromoSiteFactory.StartWithFixtureAsync();
        using var client = live.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var index = await client.GetAsync(new Uri("/vi/search-index/ocop-products.json", UriKind.Relative));
        var page = await client.GetStringAsync(new Uri("/vi/search", UriKind.Relative));

        Assert.NotEqual(System.Net.HttpStatusCode.OK, index.StatusCode);
        Assert.DoesNotContain("static-results", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_index_of_a_language_tokenizes_again_only_the_item_that_changed_and_equals_one_built_anew()
    {
        var delivery = _app.Services.GetRequiredService<Cms.Delivery.IContentDelivery>();
        var types = _app.Services.GetRequiredService<Cms.Content.ContentTypeRegistry>().Get("ocop-products");
        var cache = new ExportedSearch.EntryCache();
        var first = await ExportedSearch.BuildAsync(delivery, types, "en", CancellationToken.None, cache);
        var items = cache.Built;
        Assert.Equal(first, await ExportedSearch.BuildAsync(delivery, types, "en", CancellationToken.None));

        await ExportTests.SaveEnglishTitleAsync(_app, "hat-dieu", "Cashews from Đồng Nai, roasted with salt");
        var second = await ExportedSearch.BuildAsync(delivery, types, "en", CancellationToken.None, cache);

        Assert.True(items > 2, $"{items} items");
        Assert.Equal(JsonNode.Parse(first)!["docs"]!.AsArray().Count, items);
        Assert.Equal(items + 1, cache.Built);
        Assert.Equal(await ExportedSearch.BuildAsync(delivery, types, "en", CancellationToken.None), second);
        Assert.Contains("Cashews from Đồng Nai, roasted with salt", System.Text.Encoding.UTF8.GetString(second), StringComparison.Ordinal);
    }

    [Fact]
    public void A_kept_index_entry_is_reused_for_the_same_parsed_fields_and_made_again_when_their_text_or_its_address_changes()
    {
        var type = _app.Services.GetRequiredService<Cms.Content.ContentTypeRegistry>().Get(Cms.Content.Article.Key);
        var bodyFields = type.Fields.Where(f => f.Name != "title" && f.Kind is Cms.Content.FieldKind.Text or Cms.Content.FieldKind.Markdown).ToList();
        static Cms.Delivery.DeliveredItem Article(JsonObject own, JsonObject shared, string path) =>
            new(7, Cms.Content.Article.Key, "fair", "en", "en", false, "fair", path, own["title"]!.GetValue<string>(), null, null, null, [],
                DateTime.UnixEpoch, DateTime.UnixEpoch, false)
            {
                ReadField = name => own.TryGetPropertyValue(name, out var value) ? value : shared[name],
                FieldSources = (own, shared),
            };
        var cache = new ExportedSearch.EntryCache();
        var own = new JsonObject { ["title"] = "Investment fair", ["body"] = "Partners from **Osaka**" };
        var shared = new JsonObject { ["author"] = "Nguyen Van An" };

        var first = cache.Get("en", Article(own, shared, "/en/news/fair"), bodyFields);
        var same = cache.Get("en", Article(own, shared, "/en/news/fair"), bodyFields);
        // A shared field saved with the Vietnamese: the English version's own fields are the same object, its text is not.
        var sharedNow = new JsonObject { ["author"] = "Tran Thi Binh" };
        var byNewAuthor = cache.Get("en", Article(own, sharedNow, "/en/news/fair"), bodyFields);
        // The snapshot read whole again: other objects, the same text.
        var reread = cache.Get("en", Article(own.DeepClone().AsObject(), sharedNow.DeepClone().AsObject(), "/en/news/fair"), bodyFields);
        var moved = cache.Get("en", Article(own, sharedNow, "/en/news/investment-fair"), bodyFields);

        Assert.Same(first, same);
        Assert.Contains("nguyen", first.TextTokens);
        Assert.Contains("tran", byNewAuthor.TextTokens);
        Assert.DoesNotContain("nguyen", byNewAuthor.TextTokens);
        Assert.Equal(byNewAuthor.TextTokens, reread.TextTokens);
        Assert.Equal("/en/news/investment-fair", moved.Doc[0]);
        Assert.Equal(3, cache.Built);
    }

    [Fact]
    public void The_exports_QR_images_drawn_from_one_matrix_are_the_bytes_the_sites_endpoints_answer()
    {
        foreach (var url in new[] { ShortLinkService.PrintedUrl("https://invest.example", "ab2cd"), ShortLinkService.PrintedUrl("https://a.example/x", "zz9") })
        {
            var (svg, png) = QrImages.Draw(url);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(ShortLinkService.QrSvg(url)), svg);
            Assert.Equal(ShortLinkService.QrPng(url), png);
            var (svgAlone, noPng) = QrImages.Draw(url, png: false);
            Assert.Equal(svg, svgAlone);
            Assert.Null(noPng);
        }
    }

    [Fact]
    public async Task The_site_links_are_made_in_one_batch_once_and_pages_show_the_same_ones()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var links = scope.ServiceProvider.GetRequiredService<ShortLinkService>();
        var id = await _app.ItemIdAsync("hat-dieu");

        var again = await links.EnsureSiteLinksAsync([new SiteLinkRequest(id, "en", Pages.SharePanel.ShareCampaign, "qr")]);
        var link = await links.ForSiteAsync(id, "en", Pages.SharePanel.ShareCampaign, "qr");

        Assert.Equal(0, again);
        Assert.NotNull(link);
        Assert.Contains($"/s/{link.Code}/qr.svg", File.ReadAllText(Path.Combine(_output, "en/ocop/salted-roasted-cashews.html")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_output, "s", link.Code, "qr.png")));
    }
}
