using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Tests.Site;

public sealed class PageTemplateTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    public static TheoryData<string, string, string> Templates()
    {
        // (locale, path after the locale, the JSON-LD @type the page must carry besides BreadcrumbList)
        var data = new TheoryData<string, string, string>();
        string[][] pages =
        [
            ["", "WebSite"], ["investment/", "BreadcrumbList"], ["ocop/", "BreadcrumbList"], ["tourism/", "BreadcrumbList"],
            ["heritage/", "BreadcrumbList"], ["publications/", "BreadcrumbList"], ["news/", "BreadcrumbList"],
            ["tourism/craft-villages/", "BreadcrumbList"], ["investment/parks/", "BreadcrumbList"], ["tourism/events/", "BreadcrumbList"],
        ];
        foreach (var locale in Locales.All)
        {
            foreach (var page in pages)
            {
                data.Add(locale, page[0], page[1]);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(Templates))]
    public async Task Every_section_page_has_lang_title_description_canonical_hreflang_and_json_ld(string locale, string path, string schemaType)
    {
        var (response, document) = await site.GetPageAsync($"/{locale}/{path}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertHead(document, locale, $"{SampleSiteFixture.BaseUrl}/{locale}/{path}");
        Assert.Contains(schemaType, JsonLdTypes(document));
        if (path.Length == 0)
        {
            Assert.Contains("GovernmentOrganization", JsonLdTypes(document));
        }
    }

    public static TheoryData<string, string, string> ItemTypes()
    {
        var data = new TheoryData<string, string, string>();
        (string Type, string Schema)[] types =
        [
            ("ocop-products", "Product"), ("destinations", "TouristAttraction"), ("events", "Event"), ("heritage-sites", "LandmarksOrHistoricalBuildings"),
            ("articles", "Article"), ("investment-projects", "WebPage"), ("industrial-parks", "Place"), ("dishes", "WebPage"),
            ("incentives", "WebPage"), ("pages", "WebPage"), ("publications", "Periodical"), ("publication-issues", "PublicationIssue"),
            ("craft-villages", "TouristAttraction"),
        ];
        foreach (var locale in Locales.All)
        {
            foreach (var (type, schema) in types)
            {
                data.Add(locale, type, schema);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(ItemTypes))]
    public async Task Every_item_template_has_complete_seo_and_the_right_schema_type(string locale, string type, string schemaType)
    {
        var path = await FirstItemPathAsync(locale, type);
        var (response, document) = await site.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri($"/api/v1/{locale}/{type}?pageSize=1", UriKind.Relative))).RootElement.GetProperty("items")[0];
        var isFallback = json.GetProperty("isFallback").GetBoolean();
        var shown = json.GetProperty("resolvedLocale").GetString()!;
        var canonical = isFallback
            ? json.GetProperty("alternates").EnumerateArray().First(a => a.GetProperty("locale").GetString() == shown).GetProperty("url").GetString()!
            : SampleSiteFixture.BaseUrl + path;
        AssertHead(document, locale, canonical);
        Assert.Contains(schemaType, JsonLdTypes(document));
        Assert.Contains("BreadcrumbList", JsonLdTypes(document));
        Assert.Equal(json.GetProperty("title").GetString(), document.QuerySelector("h1")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_missing_translation_shows_the_fallback_with_a_notice_and_canonical_to_the_original()
    {
        // This article's language plan is Vietnamese and English only (every other sample item is complete): Korean falls back to English.
        var (response, document) = await site.GetPageAsync("/ko/news/foreign-non-governmental-aid");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ko", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("en", document.QuerySelector("article")!.GetAttribute("lang"));
        var notice = document.QuerySelector(".notice")!;
        Assert.Equal("ko", notice.GetAttribute("lang"));
        Assert.Equal($"{SampleSiteFixture.BaseUrl}/en/news/foreign-non-governmental-aid", Canonical(document));
        Assert.Equal(["en", "vi"], Hreflangs(document).Keys.Where(k => k != "x-default").Order());

        // The canonical alone consolidates the duplicate; noindex beside it would contradict it.
        Assert.Null(document.QuerySelector("meta[name=robots]"));
    }

    [Fact]
    public async Task The_language_switcher_links_to_the_same_item_with_each_label_in_its_own_language()
    {
        var (_, document) = await site.GetPageAsync("/en/heritage/hang-gon-megalithic-tomb");
        var links = document.QuerySelectorAll(".languages a").Cast<IHtmlAnchorElement>().ToList();

        Assert.Equal(5, links.Count);
        Assert.Equal(["vi", "en", "ko", "ja", "zh-Hans"], links.Select(a => a.GetAttribute("lang")));
        Assert.Equal(["Tiếng Việt", "English", "한국어", "日本語", "简体中文"], links.Select(a => a.TextContent.Trim()));
        Assert.All(links, a => Assert.Matches("^/(vi|en|ko|ja|zh)/heritage/", a.GetAttribute("href")));
        Assert.Equal("/vi/heritage/mo-cu-thach-hang-gon", links[0].GetAttribute("href"));
    }

    [Theory]
    [InlineData("/en/no-such-page")]
    [InlineData("/ko/ocop/no-such-product")]
    [InlineData("/ja/publications/nothing/here")]
    public async Task An_unknown_address_is_a_404_page_in_the_visitors_language(string path)
    {
        var (response, document) = await site.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Locales.HtmlLang(path.Split('/')[1]), document.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(document.QuerySelector("main a[href]"));
        Assert.Equal("noindex, follow", document.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
    }

    [Theory]
    [InlineData("/en/ocop/?page=abc&stars=99&category=%3Cscript%3E")]
    [InlineData("/en/ocop/?page=999999999")]
    [InlineData("/en/investment/?sector=x&locality=%00%01")]
    [InlineData("/en/news/?page=-1")]
    [InlineData("/vi/%E2%80%AE%F0%9F%98%80")]
    public async Task Odd_query_strings_give_a_normal_page_never_a_server_error(string path)
    {
        var (response, document) = await site.GetPageAsync(path);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path} answered {(int)response.StatusCode}");
        Assert.DoesNotContain("Exception", document.Body?.TextContent ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Years_in_the_facts_are_written_without_a_thousands_separator()
    {
        var (_, page) = await site.GetPageAsync("/zh/heritage/hang-gon-megalithic-tomb");
        var facts = page.QuerySelector(".facts")!.TextContent;
        Assert.Contains("2015", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("2,015", facts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_article_of_an_issue_links_to_its_neighbours_in_reading_order()
    {
        var issue = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri("/api/v1/en/publications/external-affairs-bulletin/2026-q1", UriKind.Relative))).RootElement;
        var paths = issue.GetProperty("articles").EnumerateArray().Select(a => SampleSiteFixture.PathOf(a.GetProperty("url").GetString()!)).ToList();
        Assert.True(paths.Count >= 3);

        var (_, middle) = await site.GetPageAsync(paths[1]);
        Assert.Equal(paths[0], middle.QuerySelector(".issue-nav a[rel=prev]")?.GetAttribute("href"));
        Assert.Equal(paths[2], middle.QuerySelector(".issue-nav a[rel=next]")?.GetAttribute("href"));
        var (_, first) = await site.GetPageAsync(paths[0]);
        Assert.Null(first.QuerySelector(".issue-nav a[rel=prev]"));
    }

    [Fact]
    public async Task The_root_offers_every_language_without_redirecting()
    {
        var (response, document) = await site.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, document.QuerySelectorAll(".choose-list a[hreflang]").Length);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        var response = await site.Client.GetAsync(new Uri("/en/ocop/", UriKind.Relative));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.NotEmpty(response.Headers.GetValues("Referrer-Policy"));
    }

    [Fact]
    public async Task Pages_are_served_minified_and_compressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/en/ocop/");
        request.Headers.AcceptEncoding.ParseAdd("br");
        var response = await site.Client.SendAsync(request);
        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());

        var html = await site.Client.GetStringAsync(new Uri("/en/ocop/", UriKind.Relative));
        Assert.DoesNotContain("\n  <", html, StringComparison.Ordinal);
    }

    private async Task<string> FirstItemPathAsync(string locale, string type)
    {
        var json = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri($"/api/v1/{locale}/{type}?pageSize=1", UriKind.Relative)));
        return SampleSiteFixture.PathOf(json.RootElement.GetProperty("items")[0].GetProperty("url").GetString()!);
    }

    private static void AssertHead(IHtmlDocument document, string locale, string canonical)
    {
        Assert.Equal(Locales.HtmlLang(locale), document.DocumentElement.GetAttribute("lang"));
        Assert.False(string.IsNullOrWhiteSpace(document.Title));
        var description = document.QuerySelector("meta[name=description]")?.GetAttribute("content");
        Assert.False(string.IsNullOrWhiteSpace(description));
        Assert.True(description!.Length <= 160, $"description of {description.Length} characters");
        Assert.Equal(canonical, Canonical(document));
        var hreflangs = Hreflangs(document);
        Assert.Contains("x-default", hreflangs.Keys);
        Assert.All(hreflangs.Values, url => Assert.StartsWith(SampleSiteFixture.BaseUrl + "/", url, StringComparison.Ordinal));
        Assert.Equal(canonical, document.QuerySelector("meta[property='og:url']")?.GetAttribute("content"));
        Assert.StartsWith("https://", document.QuerySelector("meta[property='og:image']")?.GetAttribute("content"), StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("meta[name='twitter:card']"));
        Assert.NotNull(document.QuerySelector("meta[property='og:locale']"));
    }

    private static string? Canonical(IHtmlDocument document) => document.QuerySelector("link[rel=canonical]")?.GetAttribute("href");

    private static Dictionary<string, string> Hreflangs(IHtmlDocument document) =>
        document.QuerySelectorAll("link[rel=alternate][hreflang]").ToDictionary(l => l.GetAttribute("hreflang")!, l => l.GetAttribute("href")!);

    public static List<string> JsonLdTypes(IHtmlDocument document) =>
        [.. document.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent).RootElement.GetProperty("@type").GetString()!)];
}
