using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// Issue #19, finding 3: facts that are text read in the page's language: localities from a table
/// of established names, a park's developer, an incentive's legal basis and a photo's credit per language.
/// </summary>
public sealed class LocalizedFactsTests
{
    private static async Task<(string Path, JsonObject Item)> FindAsync(HttpClient client, string locale, string type, string key)
    {
        var list = await client.GetFromJsonAsync<JsonObject>($"/api/v1/{locale}/{type}?pageSize=100");
        var item = list!["items"]!.AsArray().Single(i => (string?)i!["key"] == key)!.AsObject();
        return (new Uri((string)item["url"]!).AbsolutePath, item);
    }

    private static async Task<string> FactsAsync(HttpClient client, string path)
    {
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(path, UriKind.Relative)));
        return page.QuerySelector("dl.facts")!.TextContent + " " + string.Join(' ', page.QuerySelectorAll("section.text, figcaption").Select(e => e.TextContent));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Korean_pages_name_places_developers_legal_bases_and_credits_in_korean(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var client = app.CreateClient();

        var (longDuc, longDucItem) = await FindAsync(client, "ko", "industrial-parks", "long-duc");
        Assert.Equal("ko", (string?)longDucItem["resolvedLocale"]);
        Assert.Equal("Long Thành", (string?)longDucItem["fields"]!["locality"]); // the shared value stays the filter key
        var facts = await FactsAsync(client, longDuc);
        Assert.Contains("롱탄", facts, StringComparison.Ordinal);
        Assert.Contains("소지쓰, 다이와하우스", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("Liên doanh", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("Long Thành", facts, StringComparison.Ordinal);

        var (giangDien, _) = await FindAsync(client, "ko", "industrial-parks", "giang-dien");
        Assert.Contains("짱봄", await FactsAsync(client, giangDien), StringComparison.Ordinal);
        var (chinese, _) = await FindAsync(client, "zh", "industrial-parks", "kcn-long-thanh");
        Assert.Contains("隆城", await FactsAsync(client, chinese), StringComparison.Ordinal);

        var (incentive, _) = await FindAsync(client, "ja", "incentives", "uu-dai-dau-tu-nganh-dia-ban");
        var incentiveFacts = await FactsAsync(client, incentive);
        Assert.Contains("投資法", incentiveFacts, StringComparison.Ordinal);
        Assert.DoesNotContain("Luật Đầu tư", incentiveFacts, StringComparison.Ordinal);

        var (pomelo, _) = await FindAsync(client, "ko", "ocop-products", "buoi-tan-trieu");
        Assert.Contains("PromoSite 샘플 삽화", await FactsAsync(client, pomelo), StringComparison.Ordinal);

        // The park list's locality filter: Korean names, the Vietnamese name as the value.
        var list = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(longDuc[..longDuc.LastIndexOf('/')] + "/", UriKind.Relative)));
        var option = list.QuerySelectorAll("select[name=locality] option").Single(o => o.GetAttribute("value") == "Trảng Bom");
        Assert.Equal("짱봄", option.TextContent.Trim());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_translation_without_its_own_form_of_a_fact_shows_the_vietnamese_one(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var id = await app.ItemIdAsync("amata-bien-hoa");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ko = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.AsNoTracking().SingleAsync(l => l.ItemId == id && l.Locale == "ko");
            var fields = JsonNode.Parse(ko.FieldsJson)!.AsObject();
            Assert.True(fields.Remove("developer"));
            var saved = await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(id, null, null, new LocalizationInput("ko", fields, LocalizationStatus.Published, ko.Slug), "test");
            Assert.True(saved.Succeeded);
        }

        var (_, item) = await FindAsync(app.CreateClient(), "ko", "industrial-parks", "amata-bien-hoa");
        Assert.Equal("Công ty Cổ phần Đô thị Amata Biên Hòa", (string?)item["fields"]!["developer"]);
    }
}
