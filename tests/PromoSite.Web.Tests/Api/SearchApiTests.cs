using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Api;

/// <summary>Search over the shipped sample content, on both databases.</summary>
public sealed class SearchApiTests
{
    private static async Task<JsonObject> SearchAsync(HttpClient client, string locale, string query, string extra = "")
    {
        var response = await client.GetAsync(new Uri($"/api/v1/{locale}/search?q={Uri.EscapeDataString(query)}{extra}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static List<string> Keys(JsonObject results) => [.. results["items"]!.AsArray().Select(i => (string)i!["item"]!["key"]!)];

    [Theory, ClassData(typeof(Providers))]
    public async Task Each_language_finds_what_its_visitors_type(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();

        Assert.Contains("kcn-long-thanh", Keys(await SearchAsync(client, "vi", "Long Thành")).Take(5));
        Assert.Contains("san-bay-long-thanh-chuyen-bay-dau-tien", Keys(await SearchAsync(client, "vi", "long thanh")).Take(5)); // without diacritics
        Assert.Contains("le-hoi-trai-cay-long-khanh", Keys(await SearchAsync(client, "vi", "chôm chôm")));
        Assert.Contains("amata-bien-hoa", Keys(await SearchAsync(client, "ko", "동나이 산업단지")).Take(5));
        Assert.Contains("amata-bien-hoa", Keys(await SearchAsync(client, "ja", "ドンナイ 工業団地")).Take(5));
        Assert.Contains("amata-bien-hoa", Keys(await SearchAsync(client, "zh", "同奈 工业园")).Take(5));
        Assert.Contains("amata-bien-hoa", Keys(await SearchAsync(client, "en", "industrial parks")).Take(5));
        Assert.Contains("vuon-quoc-gia-cat-tien", Keys(await SearchAsync(client, "en", "national park")).Take(5));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Matches_are_highlighted_and_facets_count_sections_and_types(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var results = await SearchAsync(app.CreateClient(), "ja", "工業団地");

        var first = results["items"]!.AsArray()[0]!;
        Assert.Contains("<mark>工業</mark>", (string)first["snippet"]!, StringComparison.Ordinal);
        Assert.True((int)results["facets"]!["sections"]!["investment"]! > 0);
        Assert.True((int)results["facets"]!["types"]!["industrial-parks"]! > 0);
        var parks = await SearchAsync(app.CreateClient(), "ja", "工業団地", "&type=industrial-parks");
        Assert.All(parks["items"]!.AsArray(), i => Assert.Equal("industrial-parks", (string)i!["item"]!["type"]!));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Results_in_the_visitors_language_come_before_marked_fallback_results(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        // "2026" appears in Korean texts and in the people-to-people diplomacy article, whose language
        // plan is Vietnamese and English only, so a Korean reader gets it in English as a fallback.
        var results = await SearchAsync(app.CreateClient(), "ko", "2026", "&pageSize=100");
        var fallbacks = results["items"]!.AsArray().Select(i => (bool)i!["item"]!["isFallback"]!).ToList();

        Assert.Contains(true, fallbacks);
        Assert.Contains(false, fallbacks);
        Assert.Equal(fallbacks.OrderBy(f => f), fallbacks);
        Assert.Contains("doi-ngoai-nhan-dan-2026", Keys(results));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Pages_of_results_are_slices_of_one_ranking_and_facets_count_every_result(DatabaseProvider provider)
    {
        // Search ranks every hit from its headline and delivers only the page shown: each page must be
        // exactly its slice of the whole ranking, and the facets must count what was not delivered too.
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();
        var all = await SearchAsync(client, "ko", "OCOP", "&pageSize=100");
        var total = (int)all["totalItems"]!;
        Assert.True(total > 3, $"{total} results");

        var paged = new List<string>();
        for (var page = 1; page <= (total + 1) / 2; page++)
        {
            var results = await SearchAsync(client, "ko", "OCOP", $"&pageSize=2&page={page}");
            Assert.Equal(total, (int)results["totalItems"]!);
            paged.AddRange(Keys(results));
        }

        Assert.Equal(Keys(all), paged);
        Assert.Equal(total, all["facets"]!["types"]!.AsObject().Sum(f => (int)f.Value!));
        Assert.Equal(total, all["facets"]!["sections"]!.AsObject().Sum(f => (int)f.Value!));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Hostile_and_odd_queries_are_answered_never_failed(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();
        string[] queries = ["", "   ", "\"", "'", "\"unclosed", "a*b OR NEAR(x y)", "col:term ^ - + ( ) { } [ ]", "'tok':* & !x | (y", "%00\u0001\u001f", "\uD83D\uDE00", new string('x', 10_000), "SELECT * FROM search_index; --", "<script>alert(1)</script>"];
        foreach (var query in queries)
        {
            var results = await SearchAsync(client, "en", query);
            Assert.DoesNotContain("<script", results.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        }

        foreach (var path in new[] { "/en/search?q=%22", "/ko/search?q=" + Uri.EscapeDataString(new string('가', 3000)), "/en/search?q=a*b+OR+NEAR(" })
        {
            var page = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_unpublished_item_disappears_from_results_at_once(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();
        Assert.Contains("amata-bien-hoa", Keys(await SearchAsync(client, "en", "Amata")));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            var item = await db.Items.Include(i => i.Localizations).SingleAsync(i => i.Key == "amata-bien-hoa");
            foreach (var localization in item.Localizations.ToList())
            {
                var input = new LocalizationInput(localization.Locale, JsonNode.Parse(localization.FieldsJson)!.AsObject(), LocalizationStatus.Unpublished, localization.Slug);
                var outcome = await editor.SaveAsync(item.Id, null, null, input, "test");
                Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
            }
        }

        Assert.DoesNotContain("amata-bien-hoa", Keys(await SearchAsync(client, "en", "Amata")));
        Assert.DoesNotContain("amata-bien-hoa", Keys(await SearchAsync(client, "ko", "Amata")));
    }
}
