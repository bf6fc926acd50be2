using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Tests.Conferences;

/// <summary>
/// A conference stores its country and time zone as codes (JP, Asia/Tokyo); readers see the country's name and
/// the zone as "Tokyo time (UTC+9)" in their own language, on the page, in the list's country filter and in a
/// filtered list's title, while the API keeps the codes machines read.
/// </summary>
public sealed class ConferenceNamesTests
{
    /// <summary>Per language: Japan, Tokyo's zone, South Korea, Berlin's zone in July (summer time), a zone the strings do not name.</summary>
    private static readonly (string Locale, string Japan, string Tokyo, string Korea, string Berlin, string Elsewhere)[] Expected =
    [
        ("vi", "Nhật Bản", "Giờ Tokyo (UTC+9)", "Hàn Quốc", "Giờ Berlin (UTC+2)", "Giờ Buenos Aires (UTC\u22123)"),
        ("en", "Japan", "Tokyo time (UTC+9)", "South Korea", "Berlin time (UTC+2)", "Buenos Aires time (UTC\u22123)"),
        ("ko", "일본", "도쿄 시간 (UTC+9)", "대한민국", "베를린 시간 (UTC+2)", "Buenos Aires 시간 (UTC\u22123)"),
        ("ja", "日本", "東京時間（UTC+9）", "韓国", "ベルリン時間（UTC+2）", "Buenos Aires時間（UTC\u22123）"),
        ("zh", "日本", "东京时间（UTC+9）", "韩国", "柏林时间（UTC+2）", "Buenos Aires时间（UTC\u22123）"),
    ];

    private static JsonObject Shared(string campaign, string startDate, string timeZone, string country) => new()
    {
        ["kind"] = "fair",
        ["startDate"] = startDate,
        ["timeZone"] = timeZone,
        ["country"] = country,
        ["spokenLanguages"] = new JsonArray("vi", "en"),
        ["campaign"] = campaign,
    };

    private static LocalizationInput Vietnamese(string title, string city) => new("vi", new JsonObject
    {
        ["title"] = title,
        ["summary"] = "Giới thiệu sản phẩm và cơ hội đầu tư của Đồng Nai.",
        ["city"] = city,
    }, LocalizationStatus.Published);

    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("vi", "Nhật Bản", "Hàn Quốc")]
    [InlineData("en", "Japan", "South Korea")]
    [InlineData("ko", "일본", "대한민국")]
    [InlineData("ja", "日本", "韓国")]
    [InlineData("zh", "日本", "韩国")]
    public void Country_names_come_from_the_platform_in_each_language_and_unknown_codes_stay_codes(string locale, string japan, string korea)
    {
        var culture = LocalizationExtensions.CultureFor(locale);
        Assert.Equal(japan, WorldNames.Country("JP", culture));
        Assert.Equal(korea, WorldNames.Country("KR", culture));
        Assert.Equal("QQ", WorldNames.Country("QQ", culture)); // no such country: the code, not "Unknown region"
        Assert.Equal("ZZ", WorldNames.Country("ZZ", culture));
    }

    [Theory]
    [InlineData(9, 0, "UTC+9")]
    [InlineData(5, 30, "UTC+5:30")]
    [InlineData(-3, 0, "UTC\u22123")]
    [InlineData(-9, -30, "UTC\u22129:30")]
    [InlineData(0, 0, "UTC")]
    public void Offsets_read_as_people_write_them(int hours, int minutes, string expected) =>
        Assert.Equal(expected, WorldNames.UtcOffset(new TimeSpan(hours, minutes, 0)));

    [Theory, ClassData(typeof(Providers))]
    public async Task Pages_name_the_country_and_time_zone_in_five_languages_and_the_api_keeps_the_codes(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            foreach (var (key, shared, title, city) in new[]
            {
                ("tokyo-2027", Shared("names-tokyo-2027", "2027-10-20", "Asia/Tokyo", "JP"), "Hội chợ OCOP tại Tokyo", "Tokyo"),
                ("seoul-2027", Shared("names-seoul-2027", "2027-04-15", "Asia/Seoul", "KR"), "Hội nghị xúc tiến tại Seoul", "Seoul"),
                ("berlin-2027", Shared("names-berlin-2027", "2027-07-08", "Europe/Berlin", "DE"), "Hội nghị xúc tiến tại Berlin", "Berlin"),
                ("buenos-aires-2027", Shared("names-ba-2027", "2027-09-09", "America/Argentina/Buenos_Aires", "AR"), "Hội thảo tại Buenos Aires", "Buenos Aires"),
            })
            {
                var created = await editor.CreateAsync("conferences", key, shared, Vietnamese(title, city), "test");
                Assert.True(created.Succeeded, string.Join("; ", created.Errors));
            }
        }

        var client = app.CreateClient();
        foreach (var (locale, japan, tokyo, korea, berlin, elsewhere) in Expected)
        {
            var api = JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/v1/{locale}/conferences?pageSize=100", UriKind.Relative)))!["items"]!.AsArray();
            var tokyoItem = api.Single(i => (string?)i!["key"] == "tokyo-2027")!;
            Assert.Equal("JP", (string?)tokyoItem["fields"]!["country"]);
            Assert.Equal("Asia/Tokyo", (string?)tokyoItem["fields"]!["timeZone"]);

            // The list's country filter offers names, in the language's order; the codes stay the values.
            var list = await PageAsync(client, $"/{locale}/investment/conferences/");
            var options = list.QuerySelectorAll("select[name=country] option").Where(o => o.GetAttribute("value") != "").ToDictionary(o => o.GetAttribute("value")!, o => o.TextContent.Trim());
            Assert.Equal(japan, options["JP"]);
            Assert.Equal(korea, options["KR"]);
            Assert.DoesNotContain(options.Values, v => v is "JP" or "KR" or "DE");

            var filtered = await PageAsync(client, $"/{locale}/investment/conferences/?country=JP");
            Assert.Contains(japan, filtered.Title, StringComparison.Ordinal);

            // The page's facts: names and readable zones, no raw code.
            string[] Facts(IHtmlDocument page) => [.. page.QuerySelectorAll("dl.facts dd").Select(d => d.TextContent.Trim())];
            var tokyoFacts = Facts(await PageAsync(client, new Uri((string)tokyoItem["url"]!).AbsolutePath));
            Assert.Contains(japan, tokyoFacts);
            Assert.Contains(tokyo, tokyoFacts);
            Assert.DoesNotContain(tokyoFacts, f => f.Contains("Asia/", StringComparison.Ordinal) || f == "JP");

            string PathOf(string key) => new Uri((string)api.Single(i => (string?)i!["key"] == key)!["url"]!).AbsolutePath;
            Assert.Contains(berlin, Facts(await PageAsync(client, PathOf("berlin-2027"))));
            Assert.Contains(elsewhere, Facts(await PageAsync(client, PathOf("buenos-aires-2027"))));
        }
    }
}
