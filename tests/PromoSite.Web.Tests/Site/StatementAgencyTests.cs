using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// A statement names its issuing agency by key; readers see the agency's name in their own language
/// (or the nearest along the fallback chain), on the page, in its JSON-LD, in the press room's filter
/// and in the API, and a key that names no agency is refused.
/// </summary>
public sealed class StatementAgencyTests
{
    private static ContentFolder Content() => PressRoomTests.Content().Write("statements", "thong-cao-mau", "ko", """
        ---
        title: 투자 유치 설명회에 관한 보도자료
        summary: 동나이성은 2026년 투자 유치 설명회를 개최합니다.
        ---
        설명회에서 산업단지를 소개합니다.
        """);

    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    private static JsonNode NewsArticle(IHtmlDocument page) =>
        page.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonNode.Parse(s.TextContent)!).Single(j => (string?)j["@type"] == "NewsArticle");

    private static JsonObject Shared(string agency) => new() { ["number"] = "09/TB-SCT", ["date"] = "2026-12-02", ["agency"] = agency, ["priority"] = "routine" };

    private static LocalizationInput Vietnamese(string title) =>
        new("vi", new JsonObject { ["title"] = title, ["summary"] = title + ".", ["body"] = "Nội dung." }, LocalizationStatus.Published);

    [Theory, ClassData(typeof(Providers))]
    public async Task A_korean_statement_page_names_its_issuing_agency_in_korean_in_its_facts_and_json_ld(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // An agency with no Korean name: the Korean page shows its English one, the next in the chain.
            var created = await scope.ServiceProvider.GetRequiredService<ContentEditor>()
                .CreateAsync(Statement.Key, "so-cong-thuong-thong-bao", Shared("so-cong-thuong"), Vietnamese("Thông báo của Sở Công Thương"), "test");
            Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        }

        var client = app.CreateClient();
        var list = await PageAsync(client, "/ko/press/statements/");
        var link = list.QuerySelectorAll(".cards a[href*='/press/statements/']").Single(a => a.TextContent.Contains("보도자료", StringComparison.Ordinal)).GetAttribute("href")!;
        var page = await PageAsync(client, link);
        Assert.Equal("ko", page.DocumentElement.GetAttribute("lang"));
        var facts = page.QuerySelector(".facts")!.TextContent;
        Assert.Contains("동나이성 인민위원회", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("Ủy ban nhân dân", facts, StringComparison.Ordinal);
        var jsonLd = NewsArticle(page);
        Assert.Equal("GovernmentOrganization", (string?)jsonLd["author"]!["@type"]);
        Assert.Equal("동나이성 인민위원회", (string?)jsonLd["author"]!["name"]);
        Assert.Equal("동나이성 인민위원회", (string?)jsonLd["publisher"]!["name"]);
        Assert.Equal("https://dongnai.gov.vn", (string?)jsonLd["publisher"]!["url"]);

        // The same statement in Vietnamese names the agency as it signs.
        var vietnamese = await PageAsync(client, "/vi/press/statements/thong-cao-ve-hoi-nghi-xuc-tien-dau-tu");
        Assert.Contains("Ủy ban nhân dân tỉnh Đồng Nai", vietnamese.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Ủy ban nhân dân tỉnh Đồng Nai", (string?)NewsArticle(vietnamese)["author"]!["name"]);

        // No Korean name: the English one, never the key or the Vietnamese.
        var other = list.QuerySelectorAll(".cards li, .cards .card").Select(c => c.TextContent).Single(t => t.Contains("09/TB-SCT", StringComparison.Ordinal));
        Assert.Contains("Đồng Nai Department of Industry and Trade", other, StringComparison.Ordinal);
        Assert.DoesNotContain("so-cong-thuong", other, StringComparison.Ordinal);

        // The filter offers agencies by their Korean (or fallback) names, filters by key, and refuses a key that is none.
        var options = list.QuerySelectorAll("select[name=agency] option").ToDictionary(o => o.GetAttribute("value") ?? "", o => o.TextContent.Trim());
        Assert.Equal("동나이성 인민위원회", options["ubnd-tinh"]);
        Assert.Equal("Đồng Nai Department of Industry and Trade", options["so-cong-thuong"]);
        var filtered = await PageAsync(client, "/ko/press/statements/?agency=ubnd-tinh");
        Assert.Single(filtered.QuerySelectorAll(".cards a[href*='/press/statements/']"));
        Assert.Contains("동나이성 인민위원회", filtered.Title, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/ko/press/statements/?agency=Ủy ban nhân dân tỉnh Đồng Nai", UriKind.Relative))).StatusCode);

        // The API keeps the key in the fields and names the agency beside them.
        var api = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v1/ko/statements", UriKind.Relative)))!;
        var item = api["items"]!.AsArray().Single(i => (string?)i!["key"] == "thong-cao-mau")!;
        Assert.Equal("ubnd-tinh", (string?)item["fields"]!["agency"]);
        Assert.Equal("동나이성 인민위원회", (string?)item["agencies"]!["agency"]!["name"]);
        Assert.Equal("ko", (string?)item["agencies"]!["agency"]!["locale"]);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_unknown_agency_key_is_refused_with_a_coded_vietnamese_message_and_the_statement_keeps_its_agency(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            var refused = await editor.CreateAsync(Statement.Key, "khong-co-don-vi", Shared("so-khong-ton-tai"), Vietnamese("Thông báo không có đơn vị"), "test");
            Assert.False(refused.Succeeded);
            var error = Assert.Single(refused.Errors);
            Assert.Equal(("agency", "unknownAgency"), (error.Field, error.Code));
            Assert.Contains("ubnd-tinh", error.Message, StringComparison.Ordinal); // the way out: the keys that exist
            id = (await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.SingleAsync(i => i.Type == Statement.Key && i.Key == "thong-cao-mau")).Id;
        }

        // Through the admin form (Vietnamese by default), a forged choice is refused in Vietnamese and nothing is saved.
        var client = await AdminClient.ForNewUserAsync(app, "bientap@dongnai.example", Role.Editor);
        var path = $"/admin/content/statements/{id}/vi/edit";
        var (_, form) = await client.GetAsync(path);
        var choices = form.QuerySelectorAll("select[name='s.agency'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("ubnd-tinh", choices);
        Assert.Contains("Ủy ban nhân dân tỉnh Đồng Nai", form.QuerySelector("select[name='s.agency']")!.TextContent, StringComparison.Ordinal);
        var (response, page) = await client.SubmitAsync(path, new Dictionary<string, string> { ["s.agency"] = "so-khong-ton-tai", ["action"] = "draft" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“so-khong-ton-tai”, đơn vị này không có trong danh sách đơn vị", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        await using var db = app.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<CmsDbContext>();
        var stored = await db.Items.AsNoTracking().SingleAsync(i => i.Id == id);
        Assert.Equal("ubnd-tinh", (string?)JsonNode.Parse(stored.SharedJson)!["agency"]);
    }
}
