using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Parks;

/// <summary>
/// Issue #19, "what to build" 1: an investor filters industrial parks by the land still available,
/// sector and locality, and compares two to four side by side, in their language, on the site and in the API.
/// The parks here are a test world with figures; the sample parks carry only what the seeds give.
/// </summary>
public sealed class ParkComparisonTests
{
    private static ContentFolder Parks()
    {
        var folder = new ContentFolder();
        void Park(string key, string vi, string ko, string figures) => folder
            .Write("industrial-parks", key, "vi", $"""
                ---
                title: {vi}
                summary: Khu công nghiệp {vi}.
                {figures}
                ---
                Nội dung.
                """)
            .Write("industrial-parks", key, "ko", $"""
                ---
                title: {ko}
                summary: {ko} 산업단지입니다.
                ---
                내용입니다.
                """);
        Park("park-a", "KCN Alpha", "알파 산업단지", """
            locality: Long Thành
            availableLandHa: 120
            occupancyPercent: 62.5
            leasePriceFromUsd: 110
            leasePriceToUsd: 150
            leaseTermUntilYear: 2058
            wastewaterTreatmentM3PerDay: 8000
            kmToLongThanhAirport: 7
            sectorsWelcomed: [electronics, hi-tech]
            figuresSource: Bảng số liệu thử nghiệm A
            figuresAsOf: 2026-06-30
            """);
        Park("park-b", "KCN Beta", "베타 산업단지", """
            locality: Nhơn Trạch
            availableLandHa: 55
            occupancyPercent: 80
            sectorsWelcomed: [textile]
            """);
        Park("park-c", "KCN Gamma", "감마 산업단지", """
            locality: Trảng Bom
            availableLandHa: 300
            sectorsWelcomed: [electronics, mechanical]
            """);
        Park("park-d", "KCN Delta", "델타 산업단지", """
            locality: Biên Hòa
            availableLandHa: 10
            """);
        Park("park-e", "KCN Epsilon", "엡실론 산업단지", """
            locality: Long Thành
            """);
        folder.Write("industrial-parks", "park-draft", "vi", """
            ---
            state: draft
            title: KCN Bản Nháp Bí Mật
            summary: Chưa công bố.
            locality: Long Thành
            availableLandHa: 999
            sectorsWelcomed: [electronics]
            ---
            Nháp.
            """);
        return folder;
    }

    private static async Task<(HttpResponseMessage Response, IDocument Document)> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_korean_investor_filters_parks_by_available_land_and_compares_three_in_korean(DatabaseProvider provider)
    {
        using var content = Parks();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var client = app.CreateClient();

        var (_, list) = await PageAsync(client, "/ko/investment/parks/");
        var land = list.QuerySelector("form.filters select[name=availableLandHa]")!;
        Assert.Contains("50 ha 이상", land.TextContent, StringComparison.Ordinal);

        var (response, filtered) = await PageAsync(client, "/ko/investment/parks/?availableLandHa=50");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var titles = filtered.QuerySelectorAll("ul.cards h2 a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["감마 산업단지", "베타 산업단지", "알파 산업단지"], titles.Order(StringComparer.Ordinal));

        // The cards sit in a GET form whose checkboxes name the parks by key: it compares without JavaScript.
        var form = filtered.QuerySelector("form.compare-form")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/ko/investment/parks/compare", form.GetAttribute("action"));
        var picks = form.QuerySelectorAll("input[type=checkbox][name=parks]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(3, picks.Count);

        var (bySector, sector) = await PageAsync(client, "/ko/investment/parks/?sectorsWelcomed=electronics");
        Assert.Equal(HttpStatusCode.OK, bySector.StatusCode);
        Assert.Equal(["감마 산업단지", "알파 산업단지"], sector.QuerySelectorAll("ul.cards h2 a").Select(a => a.TextContent.Trim()).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/ko/investment/parks/?availableLandHa=7", UriKind.Relative))).StatusCode);

        var (compared, page) = await PageAsync(client, "/ko/investment/parks/compare?parks=park-a&parks=park-b&parks=park-c");
        Assert.Equal(HttpStatusCode.OK, compared.StatusCode);
        Assert.Equal("ko", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("산업단지 비교", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["항목", "알파 산업단지", "베타 산업단지", "감마 산업단지"], page.QuerySelectorAll("table.compare thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal("noindex, follow", page.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
        Assert.NotNull(page.QuerySelector(".table-scroll[role=region][tabindex='0']"));

        string[] Row(string field) => [.. page.QuerySelectorAll($"tr[data-field={field}] > *").Select(c => c.TextContent.Trim())];
        Assert.Equal(["임대 가능 산업용지", "120 ha", "55 ha", "300 ha"], Row("availableLandHa"));
        Assert.Equal(["입주율", "62.5 %", "80 %", "미공개"], Row("occupancyPercent"));
        Assert.Equal(["유치 업종", "전자, 첨단 기술", "섬유·의류", "전자, 기계"], Row("sectorsWelcomed"));
        Assert.Equal(["지역", "롱탄", "년짝", "짱봄"], Row("locality"));
        Assert.Contains("USD/m²", Row("leasePriceFromUsd")[1], StringComparison.Ordinal);
        Assert.Equal("미공개", Row("kmToHoChiMinhCity")[1]);
        Assert.Equal("Bảng số liệu thử nghiệm A", Row("figuresSource")[1]); // a text fact with no Korean form shows the Vietnamese one
        Assert.DoesNotContain(page.QuerySelectorAll("table.compare td"), td => td.TextContent.Trim() == "0");

        // The language switcher keeps the comparison.
        Assert.Equal("/ja/investment/parks/compare?parks=park-a&parks=park-b&parks=park-c", page.QuerySelector("nav.languages a[hreflang=ja]")!.GetAttribute("href"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Comparing_one_or_five_parks_or_one_twice_is_refused_with_a_sentence_in_the_visitors_language(DatabaseProvider provider)
    {
        using var content = Parks();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var client = app.CreateClient();

        var (one, onePage) = await PageAsync(client, "/ko/investment/parks/compare?parks=park-a");
        Assert.Equal(HttpStatusCode.BadRequest, one.StatusCode);
        Assert.Contains("두 곳 이상", onePage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/ko/investment/parks/", onePage.QuerySelector("main a[href='/ko/investment/parks/']")!.GetAttribute("href"));

        var (five, fivePage) = await PageAsync(client, "/en/investment/parks/compare?parks=park-a&parks=park-b&parks=park-c&parks=park-d&parks=park-e");
        Assert.Equal(HttpStatusCode.BadRequest, five.StatusCode);
        Assert.Contains("at most four", fivePage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        var (twice, _) = await PageAsync(client, "/en/investment/parks/compare?parks=park-a&parks=park-a");
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        var (none, _) = await PageAsync(client, "/en/investment/parks/compare");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        var (unknown, _) = await PageAsync(client, "/en/investment/parks/compare?parks=park-a&parks=no-such-park");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var api = await client.GetAsync(new Uri("/api/v1/ko/industrial-parks/compare?keys=park-a&keys=park-b&keys=park-c&keys=park-d&keys=park-e", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("2 to 4", (await api.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri("/api/v1/ko/industrial-parks/compare?keys=park-a", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/v1/ko/heritage-sites/compare?keys=a&keys=b", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri("/api/v1/ko/industrial-parks?availableLandHa=lots", UriKind.Relative))).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_draft_park_is_never_listed_filtered_compared_or_served(DatabaseProvider provider)
    {
        using var content = Parks();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var client = app.CreateClient();

        foreach (var path in new[] { "/vi/investment/parks/", "/vi/investment/parks/?availableLandHa=200", "/vi/investment/parks/?sectorsWelcomed=electronics" })
        {
            var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
            Assert.DoesNotContain("Bản Nháp", html, StringComparison.Ordinal);
            Assert.DoesNotContain("park-draft", html, StringComparison.Ordinal);
        }

        var compare = await client.GetAsync(new Uri("/vi/investment/parks/compare?parks=park-a&parks=park-draft", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, compare.StatusCode);
        Assert.DoesNotContain("Bản Nháp", await compare.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var api = await client.GetAsync(new Uri("/api/v1/vi/industrial-parks/compare?keys=park-a&keys=park-draft", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("Bản Nháp", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var filtered = await client.GetFromJsonAsync<JsonObject>("/api/v1/vi/industrial-parks?availableLandHa=500");
        Assert.Equal(0, (int)filtered!["totalItems"]!);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_api_compares_the_same_parks_with_the_same_figures_and_is_in_the_openapi_document(DatabaseProvider provider)
    {
        using var content = Parks();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/api/v1/ko/industrial-parks/compare?keys=park-c&keys=park-a&keys=park-b", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["감마 산업단지", "알파 산업단지", "베타 산업단지"], body["items"]!.AsArray().Select(i => (string)i!["title"]!));
        var figures = body["figures"]!.AsArray().ToDictionary(f => (string)f!["field"]!, f => f!.AsObject());
        Assert.Equal("ha", (string?)figures["availableLandHa"]["unit"]);
        Assert.Equal([300m, 120m, 55m], figures["availableLandHa"]["values"]!.AsArray().Select(v => v!.GetValue<decimal>()));
        Assert.Null(figures["occupancyPercent"]["values"]![0]);
        Assert.Equal("usdPerM2Term", (string?)figures["leasePriceToUsd"]["unit"]);
        Assert.Equal(["electronics", "hi-tech"], figures["sectorsWelcomed"]["values"]![1]!.AsArray().Select(v => (string)v!));

        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/ko/industrial-parks/compare?keys=park-c,park-a,park-b");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        var list = await client.GetFromJsonAsync<JsonObject>("/api/v1/ko/industrial-parks?availableLandHa=100&sectorsWelcomed=electronics");
        Assert.Equal(["park-a", "park-c"], list!["items"]!.AsArray().Select(i => (string)i!["key"]!).Order(StringComparer.Ordinal));

        var openApi = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.NotNull(openApi!["paths"]!["/api/v1/{locale}/{type}/compare"]);
    }
}
