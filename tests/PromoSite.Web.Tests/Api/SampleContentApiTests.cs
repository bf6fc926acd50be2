using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Api;

/// <summary>The shipped sample content, served as a newcomer's first run serves it.</summary>
public sealed class SampleContentApiTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task Korean_five_star_products_come_in_korean_or_marked_english_fallback(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var page = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/v1/ko/ocop-products?stars=5");

        var items = page!["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.All(items, item =>
        {
            var resolved = (string?)item!["resolvedLocale"];
            Assert.True(resolved == "ko" || (resolved != "ko" && (bool)item["isFallback"]!), $"{item["key"]} resolved to {resolved}");
            Assert.Equal(5, (int)item["fields"]!["stars"]!);
        });
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_periodical_issue_lists_its_articles_in_order(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();
        var series = await client.GetFromJsonAsync<JsonObject>("/api/v1/en/publications");

        Assert.True(series!["items"]!.AsArray().Count >= 4);
        foreach (var s in series["items"]!.AsArray())
        {
            var detail = await client.GetFromJsonAsync<JsonObject>($"/api/v1/en/publications/{s!["slug"]}");
            var issue = detail!["issues"]!.AsArray().First()!;
            var full = await client.GetFromJsonAsync<JsonObject>(new Uri(new Uri((string)issue["url"]!).AbsolutePath.Replace("/en/", "/api/v1/en/", StringComparison.Ordinal), UriKind.Relative));
            var expected = full!["issue"]!["fields"]!["articles"]!.AsArray().Select(a => (string?)a).ToList();
            Assert.True(expected.Count >= 3, $"{s["key"]} has {expected.Count} articles");
            Assert.Equal(expected, full["articles"]!.AsArray().Select(a => (string?)a!["key"]));
        }
    }

    [Fact]
    public async Task Translations_made_from_an_earlier_vietnamese_text_are_flagged_outdated()
    {
        // The sample content is complete and up to date (Terminology/TermbaseTests), so the outdated case is made here.
        using var content = new ContentFolder();
        content.Write("destinations", "vuon-quoc-gia-cat-tien", "vi", """
            ---
            category: nature
            title: Vườn quốc gia Cát Tiên
            summary: Rừng nhiệt đới đất thấp bên sông Đồng Nai.
            ---
            Văn bản hiện nay.
            """);
        content.Write("destinations", "vuon-quoc-gia-cat-tien", "ko", """
            ---
            translatedFrom: "4000e9271953ffb78039b9250059ebd1"
            title: 깟띠엔 국립공원
            summary: 동나이강 유역의 저지대 열대림입니다.
            ---
            이전 원문의 번역입니다.
            """);
        content.Write("destinations", "vuon-quoc-gia-cat-tien", "en", """
            ---
            title: Cát Tiên National Park
            summary: Lowland tropical forest on the Đồng Nai River.
            ---
            Today's text.
            """);
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var client = app.CreateClient();
        var ko = await client.GetFromJsonAsync<JsonObject>("/api/v1/ko/destinations?pageSize=100");
        var en = await client.GetFromJsonAsync<JsonObject>("/api/v1/en/destinations?pageSize=100");

        JsonNode Find(JsonObject page) => page["items"]!.AsArray().Single(i => (string?)i!["key"] == "vuon-quoc-gia-cat-tien")!;
        Assert.True((bool)Find(ko!)["isOutdated"]!);
        Assert.False((bool)Find(en!)["isOutdated"]!);
    }
}
