using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// Issue 16, finding 5: every JSON-LD object on the site uses only properties schema.org defines on
/// its type, and carries what the content gives (image, event status, article byline, issue series).
/// </summary>
public sealed class StructuredDataTests(SampleSiteFixture site) : IClassFixture<SampleSiteFixture>
{
    private static readonly string[] Thing = ["@context", "@type", "name", "description", "url", "image"];

    private static readonly string[] CreativeWork = [.. Thing, "inLanguage", "headline", "datePublished", "dateModified", "author", "publisher", "isPartOf", "contentLocation"];

    private static readonly string[] Place = [.. Thing, "geo", "address"];

    private static readonly string[] Organization = [.. Thing, "address", "areaServed", "logo"];

    /// <summary>What schema.org defines on each type we emit (a subset: only what we could have a reason to write).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Article"] = CreativeWork,
        ["NewsArticle"] = [.. CreativeWork, "correction"], // an official statement, with its corrections
        ["CorrectionComment"] = ["@type", "text", "datePublished"],
        ["WebPage"] = CreativeWork,
        ["WebSite"] = CreativeWork,
        ["Periodical"] = CreativeWork,
        ["PublicationIssue"] = [.. CreativeWork, "issueNumber"],
        ["Event"] = [.. Thing, "inLanguage", "startDate", "endDate", "eventStatus", "eventAttendanceMode", "location", "organizer"],
        ["Place"] = Place,
        ["TouristAttraction"] = Place,
        ["LandmarksOrHistoricalBuildings"] = Place,
        ["Product"] = [.. Thing, "category", "manufacturer"],
        ["Organization"] = Organization,
        ["GovernmentOrganization"] = Organization,
        ["Person"] = ["@type", "name", "url"],
        ["GeoCoordinates"] = ["@type", "latitude", "longitude"],
        ["PostalAddress"] = ["@type", "addressLocality", "addressRegion", "addressCountry", "streetAddress"],
        ["BreadcrumbList"] = ["@context", "@type", "itemListElement"],
        ["ListItem"] = ["@type", "position", "name", "item"],
    };

    [Fact]
    public async Task Every_json_ld_object_uses_only_properties_its_schema_org_type_defines()
    {
        var problems = new List<string>();
        var pages = await SitemapPathsAsync();
        Assert.True(pages.Count > 100);
        foreach (var path in pages.Append("/"))
        {
            foreach (var json in await JsonLdAsync(path))
            {
                Check(path, json, problems);
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Every_item_page_with_a_picture_names_it_in_its_json_ld()
    {
        var missing = new List<string>();
        var checkedPages = 0;
        foreach (var path in (await SitemapPathsAsync()).Where(p => p.Count(c => c == '/') >= 3))
        {
            var (_, document) = await site.GetPageAsync(path);
            var ogImage = document.QuerySelector("meta[property='og:image']")?.GetAttribute("content") ?? "";
            if (ogImage.EndsWith("/og-default.png", StringComparison.Ordinal))
            {
                continue;
            }

            checkedPages++;
            var main = MainJsonLd(document);
            if (main?.TryGetProperty("image", out var image) != true || image.GetString() != ogImage)
            {
                missing.Add(path);
            }
        }

        Assert.True(checkedPages > 10, $"only {checkedPages} item pages have a picture");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Events_have_a_status_and_an_end_date_only_when_the_content_gives_one()
    {
        using var api = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri("/api/v1/en/events?pageSize=100", UriKind.Relative)));
        var events = api.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(events, e => !e.GetProperty("fields").TryGetProperty("endDate", out _));
        foreach (var item in events)
        {
            var (_, document) = await site.GetPageAsync(SampleSiteFixture.PathOf(item.GetProperty("url").GetString()!));
            var json = MainJsonLd(document)!.Value;
            Assert.Equal("https://schema.org/EventScheduled", json.GetProperty("eventStatus").GetString());
            Assert.Equal(item.GetProperty("fields").TryGetProperty("endDate", out _), json.TryGetProperty("endDate", out _));
            Assert.False(json.TryGetProperty("address", out _));
            Assert.True(json.GetProperty("location").TryGetProperty("address", out _));
        }
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("zh")]
    public async Task Conference_pages_are_events_held_where_the_city_is_organised_by_the_province_with_their_materials_linked(string locale)
    {
        using var api = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri($"/api/v1/{locale}/conferences?pageSize=100", UriKind.Relative)));
        var conferences = api.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.True(conferences.Count >= 2);
        foreach (var item in conferences)
        {
            var fields = item.GetProperty("fields");
            var (response, document) = await site.GetPageAsync(SampleSiteFixture.PathOf(item.GetProperty("url").GetString()!));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(item.GetProperty("url").GetString(), document.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
            Assert.Equal(6, document.QuerySelectorAll("link[rel=alternate][hreflang]").Length); // five languages and x-default
            var json = MainJsonLd(document)!.Value;
            Assert.Equal("Event", json.GetProperty("@type").GetString());
            Assert.Equal(Locales.HtmlLang(locale), json.GetProperty("inLanguage").GetString());
            Assert.Equal(fields.GetProperty("startDate").GetString(), json.GetProperty("startDate").GetString());
            Assert.Equal(fields.TryGetProperty("endDate", out var end) ? end.GetString() : null, json.TryGetProperty("endDate", out var ldEnd) ? ldEnd.GetString() : null);
            Assert.Equal("https://schema.org/OfflineEventAttendanceMode", json.GetProperty("eventAttendanceMode").GetString());
            Assert.Equal("GovernmentOrganization", json.GetProperty("organizer").GetProperty("@type").GetString());
            var address = json.GetProperty("location").GetProperty("address");
            Assert.Equal(fields.GetProperty("city").GetString(), address.GetProperty("addressLocality").GetString());
            Assert.Equal(fields.GetProperty("country").GetString(), address.GetProperty("addressCountry").GetString());
            Assert.False(address.TryGetProperty("addressRegion", out _)); // not "Đồng Nai": the event is abroad

            // The campaign is for counting, not shown; every material links its page, and issues their EPUB.
            Assert.DoesNotContain(fields.GetProperty("campaign").GetString()!, document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            var materials = document.QuerySelectorAll(".materials li").ToList();
            var handedOut = new[] { "issues", "projects", "parks", "ocopProducts" }.Sum(f => fields.TryGetProperty(f, out var list) ? list.GetArrayLength() : 0);
            Assert.Equal(handedOut, materials.Count);
            Assert.Equal(fields.TryGetProperty("issues", out var issues) ? issues.GetArrayLength() : 0, document.QuerySelectorAll(".materials a[href$='.epub']").Length);
            Assert.All(materials, m => Assert.Contains(m.QuerySelectorAll("a"), a => a.GetAttribute("href")!.StartsWith($"/{locale}/print/", StringComparison.Ordinal)));
        }

        // Upcoming first, soonest first; then past, latest first.
        var (_, listPage) = await site.GetPageAsync($"/{locale}/investment/conferences/");
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var byPath = conferences.ToDictionary(c => SampleSiteFixture.PathOf(c.GetProperty("url").GetString()!), c => c.GetProperty("fields"));
        var shown = listPage.QuerySelectorAll("main .card a[href]").Select(a => a.GetAttribute("href")!).Where(byPath.ContainsKey).Distinct().ToList();
        var endOf = (string path) => byPath[path].TryGetProperty("endDate", out var e) ? e.GetString()! : byPath[path].GetProperty("startDate").GetString()!;
        var upcoming = shown.TakeWhile(p => string.CompareOrdinal(endOf(p), today) >= 0).ToList();
        var past = shown.Skip(upcoming.Count).ToList();
        Assert.Equal(conferences.Count, shown.Count);
        Assert.All(past, p => Assert.True(string.CompareOrdinal(endOf(p), today) < 0));
        Assert.Equal(upcoming.OrderBy(p => byPath[p].GetProperty("startDate").GetString(), StringComparer.Ordinal), upcoming);
        Assert.Equal(past.OrderByDescending(p => byPath[p].GetProperty("startDate").GetString(), StringComparer.Ordinal), past);
    }

    [Fact]
    public async Task Articles_name_author_publisher_and_image_and_issues_their_series()
    {
        using var api = JsonDocument.Parse(await site.Client.GetStringAsync(new Uri("/api/v1/en/articles?pageSize=1", UriKind.Relative)));
        var articlePath = SampleSiteFixture.PathOf(api.RootElement.GetProperty("items")[0].GetProperty("url").GetString()!);
        var (_, article) = await site.GetPageAsync(articlePath);
        var json = MainJsonLd(article)!.Value;
        Assert.Equal("Article", json.GetProperty("@type").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("author").GetProperty("name").GetString()));
        Assert.Equal("GovernmentOrganization", json.GetProperty("publisher").GetProperty("@type").GetString());

        var (_, issue) = await site.GetPageAsync("/ko/publications/external-affairs-bulletin/2026-q1");
        var part = MainJsonLd(issue)!.Value.GetProperty("isPartOf");
        Assert.Equal("Periodical", part.GetProperty("@type").GetString());
        Assert.Equal($"{SampleSiteFixture.BaseUrl}/ko/publications/external-affairs-bulletin", part.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ja/")]
    public async Task The_root_and_home_pages_carry_website_and_organization(string path)
    {
        var types = (await JsonLdAsync(path)).Select(j => j.GetProperty("@type").GetString()).ToList();

        Assert.Contains("WebSite", types);
        Assert.Contains("GovernmentOrganization", types);
    }

    private static void Check(string path, JsonElement json, List<string> problems)
    {
        if (json.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in json.EnumerateArray())
            {
                Check(path, element, problems);
            }

            return;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var type = json.TryGetProperty("@type", out var t) ? t.GetString() : null;
        if (type is not null)
        {
            if (!Allowed.TryGetValue(type, out var allowed))
            {
                problems.Add($"{path}: type {type} is not in the table");
                return;
            }

            problems.AddRange(json.EnumerateObject().Where(p => !allowed.Contains(p.Name)).Select(p => $"{path}: {type} has {p.Name}"));
        }

        foreach (var property in json.EnumerateObject())
        {
            Check(path, property.Value, problems);
        }
    }

    private static JsonElement? MainJsonLd(IHtmlDocument document) =>
        document.QuerySelectorAll("script[type='application/ld+json']")
            .Select(s => JsonDocument.Parse(s.TextContent).RootElement)
            .Cast<JsonElement?>()
            .FirstOrDefault(j => j!.Value.GetProperty("@type").GetString() is not ("BreadcrumbList" or "WebSite" or "GovernmentOrganization"));

    private async Task<List<JsonElement>> JsonLdAsync(string path)
    {
        var (_, document) = await site.GetPageAsync(path);
        return [.. document.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent).RootElement)];
    }

    private async Task<List<string>> SitemapPathsAsync()
    {
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var paths = new List<string>();
        foreach (var locale in new[] { "vi", "en", "ko" })
        {
            var sitemap = XDocument.Parse(await site.Client.GetStringAsync(new Uri($"/sitemaps/{locale}.xml", UriKind.Relative)));
            paths.AddRange(sitemap.Descendants(sm + "loc").Select(l => SampleSiteFixture.PathOf(l.Value)));
        }

        return paths;
    }
}
