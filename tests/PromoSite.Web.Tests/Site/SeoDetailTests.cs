using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Site;

/// <summary>Issue 16, findings 6 and 8: the smaller SEO and accessibility details.</summary>
public sealed class SeoDetailTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    [Theory]
    [InlineData("/vi/", "/vi/lien-he")]
    [InlineData("/en/ocop/", "/en/contact")]
    [InlineData("/ja/news/", "/ja/contact")]
    public async Task The_contact_page_is_linked_from_the_footer_of_every_page(string path, string contact)
    {
        var (_, document) = await site.GetPageAsync(path);

        Assert.NotNull(document.QuerySelector($"footer a[href='{contact}']"));
        Assert.Equal(HttpStatusCode.OK, (await site.Client.GetAsync(new Uri(contact, UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("/en/ocop/")]
    [InlineData("/ko/news/")]
    public async Task List_pages_go_from_h1_to_h2_and_star_labels_sit_on_an_element_with_a_role(string path)
    {
        var (_, document) = await site.GetPageAsync(path);

        var levels = document.QuerySelectorAll("main h1, main h2, main h3, main h4").Select(h => int.Parse(h.TagName[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"h{pair.First} → h{pair.Second}"));
        Assert.All(document.QuerySelectorAll("[aria-label]"), e => Assert.True(e.TagName is "NAV" or "A" or "BUTTON" or "FORM" or "SECTION" || e.HasAttribute("role"), $"{e.TagName} has aria-label without a role"));
    }

    /// <summary>Item bodies whose Markdown starts its sections at "###" made Lighthouse find h1 → h3 (bench/lighthouse.sh).</summary>
    [Theory]
    [InlineData("/vi/investment/incentives/ho-tro-thu-tuc-dau-tu-va-dang-ky-du-an")]
    [InlineData("/ko/investment/projects/")]
    public async Task Item_pages_with_sections_in_their_text_skip_no_heading_level(string path)
    {
        var (_, list) = await site.GetPageAsync(path);
        var pages = path.EndsWith('/') ? list.QuerySelectorAll("main h2 > a").Select(a => a.GetAttribute("href")!).ToList() : [path];
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var (_, document) = await site.GetPageAsync(page);
            var levels = document.QuerySelectorAll("main h1, main h2, main h3, main h4").Select(h => int.Parse(h.TagName[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"{page}: h{pair.First} → h{pair.Second}"));
        }
    }

    [Fact]
    public async Task The_root_speaks_vietnamese_in_its_lang_and_its_description()
    {
        var (_, document) = await site.GetPageAsync("/");
        var (_, vietnamese) = await site.GetPageAsync("/vi/");

        Assert.Equal("vi", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal(vietnamese.QuerySelector("p.lead")?.TextContent.Trim(), document.QuerySelector("meta[name=description]")?.GetAttribute("content"));
    }

    [Fact]
    public async Task Vietnamese_and_korean_letters_are_sent_as_characters_not_numeric_entities()
    {
        var vietnamese = await site.Client.GetStringAsync(new Uri("/vi/ocop/", UriKind.Relative));
        var korean = await site.Client.GetStringAsync(new Uri("/ko/ocop/", UriKind.Relative));

        Assert.Contains("Sản phẩm OCOP", vietnamese, StringComparison.Ordinal);
        Assert.Contains("제품", korean, StringComparison.Ordinal);
        Assert.DoesNotMatch("&#x(?:[0-9A-Fa-f]{3,}|[89A-Fa-f][0-9A-Fa-f]);", vietnamese + korean); // nothing above U+007F as an entity

    }

    [Fact]
    public async Task Atom_entries_are_published_on_the_contents_own_date()
    {
        var feed = XDocument.Parse(await site.Client.GetStringAsync(new Uri("/en/feed.xml", UriKind.Relative)));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var published = feed.Descendants(atom + "entry").Select(e => e.Element(atom + "published")!.Value).ToList();

        Assert.NotEmpty(published);
        Assert.All(published, p => Assert.EndsWith("T00:00:00Z", p, StringComparison.Ordinal));
        Assert.True(published.Distinct().Count() > 3, "the dates are not all the import time");
    }

    [Fact]
    public async Task Sitemaps_carry_the_x_default_the_pages_carry_and_the_index_has_lastmod()
    {
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        XNamespace xhtml = "http://www.w3.org/1999/xhtml";
        var index = XDocument.Parse(await site.Client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)));
        Assert.All(index.Descendants(sm + "sitemap"), s => Assert.NotNull(s.Element(sm + "lastmod")));

        var sitemap = XDocument.Parse(await site.Client.GetStringAsync(new Uri("/sitemaps/ko.xml", UriKind.Relative)));
        foreach (var url in sitemap.Descendants(sm + "url").Take(25))
        {
            var inSitemap = url.Elements(xhtml + "link").SingleOrDefault(l => l.Attribute("hreflang")?.Value == "x-default")?.Attribute("href")?.Value;
            var (_, page) = await site.GetPageAsync(SampleSiteFixture.PathOf(url.Element(sm + "loc")!.Value));
            Assert.Equal(page.QuerySelector("link[hreflang=x-default]")?.GetAttribute("href"), inSitemap);
        }
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("ko")]
    [InlineData("zh")]
    public async Task The_sitemap_index_lists_a_part_per_type_that_together_hold_the_whole_language_sitemap(string locale)
    {
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var index = XDocument.Parse(await site.Client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)));
        var parts = index.Descendants(sm + "sitemap")
            .Select(s => (Path: SampleSiteFixture.PathOf(s.Element(sm + "loc")!.Value), LastModified: DateTime.Parse(s.Element(sm + "lastmod")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)))
            .Where(p => p.Path.StartsWith($"/sitemaps/{locale}/", StringComparison.Ordinal)).ToList();
        Assert.Contains(parts, p => p.Path == $"/sitemaps/{locale}/sections.xml");
        Assert.Contains(parts, p => p.Path == $"/sitemaps/{locale}/ocop-products.xml");

        var fromParts = new List<string>();
        var delivery = site.Factory.Services.GetRequiredService<IContentDelivery>();
        foreach (var (path, lastModified) in parts)
        {
            var urls = XDocument.Parse(await site.Client.GetStringAsync(new Uri(path, UriKind.Relative))).Descendants(sm + "url").ToList();
            fromParts.AddRange(urls.Select(u => u.Element(sm + "loc")!.Value));
            // A type's part lists the pages the type's list shows in the language's own text, no more and no fewer.
            if (!path.EndsWith("/sections.xml", StringComparison.Ordinal))
            {
                var listed = await delivery.ListAllAsync(new ContentQuery(locale, path.Split('/')[^1][..^".xml".Length], OwnLanguageOnly: true));
                Assert.Equal(
                    listed.Select(i => i.Path!).Order(StringComparer.Ordinal),
                    urls.Select(u => SampleSiteFixture.PathOf(u.Element(sm + "loc")!.Value)).Order(StringComparer.Ordinal));
            }

            // A part's date is its newest item's, so a crawler that saw it before may skip it; a type's part is listed
            // only when it lists something (a type with no translation in the language has none: an empty urlset is
            // not a valid sitemap), and its date is that of what it lists, not of a newer page that shows fallback text.
            var newest = urls.Select(u => u.Element(sm + "lastmod")?.Value).OfType<string>().Select(v => DateTime.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)).DefaultIfEmpty(DateTime.MinValue).Max();
            Assert.True(lastModified >= newest, $"{path}: {lastModified:O} < {newest:O}");
            Assert.NotEmpty(urls);
            if (!path.EndsWith("/sections.xml", StringComparison.Ordinal))
            {
                Assert.Equal(newest, lastModified);
            }
        }

        var whole = XDocument.Parse(await site.Client.GetStringAsync(new Uri($"/sitemaps/{locale}.xml", UriKind.Relative)))
            .Descendants(sm + "loc").Select(l => l.Value).ToList();
        Assert.Equal(whole.Order(StringComparer.Ordinal), fromParts.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync(new Uri($"/sitemaps/{locale}/no-such-type.xml", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_type_with_no_translation_in_a_language_has_no_part_there_and_a_newer_page_showing_fallback_text_does_not_date_its_part()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, TestFolders.NewFolder("content-none"), testServices: s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            LocalizationInput Text(string locale, string title) => new(locale, new JsonObject { ["title"] = title, ["summary"] = title + "." }, LocalizationStatus.Published);

            // A product in Vietnamese and Korean on 2 November; a Vietnamese-only product and dish on 3 November.
            var translated = await editor.CreateAsync(OcopProduct.Key, "buoi", new JsonObject { ["category"] = "food" }, Text("vi", "Bưởi Tân Triều"), "test");
            Assert.True(translated.Succeeded, string.Join("; ", translated.Errors));
            Assert.True((await editor.SaveAsync(translated.Item!.Id, null, null, Text("ko", "떤찌에우 자몽"), "test")).Succeeded);
            clock.Advance(TimeSpan.FromDays(1));
            Assert.True((await editor.CreateAsync(OcopProduct.Key, "ca-phe", new JsonObject { ["category"] = "beverage" }, Text("vi", "Cà phê Hà My"), "test")).Succeeded);
            Assert.True((await editor.CreateAsync(Dish.Key, "goi-ca", new JsonObject(), Text("vi", "Gỏi cá Biên Hòa"), "test")).Succeeded);
        }

        using var client = app.CreateClient();
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var index = XDocument.Parse(await client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative))).Descendants(sm + "sitemap")
            .ToDictionary(p => SampleSiteFixture.PathOf(p.Element(sm + "loc")!.Value), p => p.Element(sm + "lastmod")!.Value);

        Assert.Equal(["/sitemaps/ko/ocop-products.xml", "/sitemaps/ko/sections.xml"], index.Keys.Where(k => k.StartsWith("/sitemaps/ko/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.StartsWith("2026-11-02", index["/sitemaps/ko/ocop-products.xml"], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-02", index["/sitemaps/ko/sections.xml"], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-03", index["/sitemaps/vi/ocop-products.xml"], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-03", index["/sitemaps/vi/dishes.xml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_verification_tags_come_from_configuration_on_the_home_pages_only()
    {
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, TestFolders.SampleContent, new Dictionary<string, string>
        {
            ["Site:Verification:naver"] = "naver-token",
            ["Site:Verification:baidu"] = "codeva-baidu",
            ["Site:Verification:yandex"] = "ya-123",
        });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var home = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync(new Uri("/ko/", UriKind.Relative)));
        var list = await client.GetStringAsync(new Uri("/ko/ocop/", UriKind.Relative));

        Assert.Equal("naver-token", home.QuerySelector("meta[name=naver-site-verification]")?.GetAttribute("content"));
        Assert.Equal("codeva-baidu", home.QuerySelector("meta[name=baidu-site-verification]")?.GetAttribute("content"));
        Assert.Equal("ya-123", home.QuerySelector("meta[name=yandex-verification]")?.GetAttribute("content"));
        Assert.DoesNotContain("naver-site-verification", list, StringComparison.Ordinal);
    }
}
