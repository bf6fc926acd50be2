using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// A type declared once has its list, filters, item pages, API, search and sitemap entries: craft
/// villages, added as one class, sample content and locale entries, are the proof.
/// </summary>
public sealed class TypeListTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    [Theory]
    [InlineData("vi", "Làng nghề")]
    [InlineData("en", "Craft villages")]
    [InlineData("ko", "전통 공예 마을")]
    [InlineData("ja", "伝統工芸の村")]
    [InlineData("zh", "传统手工艺村")]
    public async Task The_craft_village_list_shows_the_five_villages_under_their_name_in_each_language(string locale, string heading)
    {
        var (response, document) = await site.GetPageAsync($"/{locale}/tourism/craft-villages/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(heading, document.QuerySelector("h1")!.TextContent);
        Assert.Equal(5, document.QuerySelectorAll("ul.cards > li").Length);
        Assert.All(document.QuerySelectorAll("ul.cards h2 a"), a => Assert.StartsWith($"/{locale}/tourism/craft-villages/", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_filters_come_from_the_declaration_and_narrow_the_list()
    {
        var (_, all) = await site.GetPageAsync("/en/tourism/craft-villages/");
        var selects = all.QuerySelectorAll("form.filters select").Select(s => s.GetAttribute("name")).ToList();
        Assert.Equal(["craft", "locality"], selects);
        Assert.Contains("Stone carving", all.QuerySelector("select[name=craft]")!.TextContent, StringComparison.Ordinal);

        var (response, pottery) = await site.GetPageAsync("/en/tourism/craft-villages/?craft=pottery");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(pottery.QuerySelectorAll("ul.cards > li"));
        Assert.Contains("noindex", pottery.QuerySelector("meta[name=robots]")?.GetAttribute("content") ?? "", StringComparison.Ordinal);
        Assert.Equal($"{SampleSiteFixture.BaseUrl}/en/tourism/craft-villages/", pottery.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("?craft=basket-juggling")]
    [InlineData("?locality=Nowhere")]
    [InlineData("?page=9")]
    public async Task A_filter_or_page_no_village_can_have_is_not_found(string query)
    {
        var (response, _) = await site.GetPageAsync("/en/tourism/craft-villages/" + query);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_tourism_page_lists_craft_villages_with_a_link_to_their_list()
    {
        var (_, document) = await site.GetPageAsync("/ja/tourism/");

        var part = document.QuerySelector("section[aria-labelledby=craft-villages]")!;
        Assert.Equal("伝統工芸の村", part.QuerySelector("h2")!.TextContent);
        Assert.Equal(5, part.QuerySelectorAll("ul.cards > li").Length);
        Assert.Equal("/ja/tourism/craft-villages/", part.QuerySelector("p.more a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_village_page_has_its_facts_labelled_and_tourist_attraction_json_ld()
    {
        var (response, document) = await site.GetPageAsync("/en/tourism/craft-villages/tan-van-pottery-village");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Pottery", document.Body!.TextContent, StringComparison.Ordinal);
        var jsonLd = document.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent).RootElement).ToList();
        var village = Assert.Single(jsonLd, j => j.GetProperty("@type").GetString() == "TouristAttraction");
        Assert.Equal("Biên Hòa", village.GetProperty("address").GetProperty("addressLocality").GetString());
        var crumbs = document.QuerySelectorAll("nav.crumbs li").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).Distinct().ToList();
        Assert.Equal(["Home", "Tourism", "Craft villages"], crumbs.Take(3));
    }

    [Fact]
    public async Task The_api_search_and_sitemap_know_craft_villages()
    {
        var api = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri("/api/v1/ko/craft-villages", UriKind.Relative))).RootElement;
        Assert.Equal(5, api.GetProperty("items").GetArrayLength());

        var (_, search) = await site.GetPageAsync("/vi/search?q=" + Uri.EscapeDataString("Tà Lài thổ cẩm"));
        Assert.Contains(search.QuerySelectorAll("a"), a => a.GetAttribute("href")?.StartsWith("/vi/tourism/craft-villages/", StringComparison.Ordinal) == true);

        var sitemap = XDocument.Parse(await site.Client.GetStringAsync(new Uri("/sitemaps/vi.xml", UriKind.Relative)));
        var urls = sitemap.Descendants(XName.Get("loc", "http://www.sitemaps.org/schemas/sitemap/0.9")).Select(l => l.Value).ToList();
        Assert.Contains($"{SampleSiteFixture.BaseUrl}/vi/tourism/craft-villages/", urls);
        Assert.Contains($"{SampleSiteFixture.BaseUrl}/vi/tourism/craft-villages/lang-gom-tan-van", urls);
    }

    [Fact]
    public async Task Every_type_with_a_list_path_has_a_list_page()
    {
        foreach (var type in new ContentTypeRegistry().All.Where(t => t.ListPath is not null))
        {
            var (response, _) = await site.GetPageAsync($"/en/{type.ListPath}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/en/{type.ListPath} answered {response.StatusCode}");
        }
    }
}
