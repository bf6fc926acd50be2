using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// Issue #19, finding 1: visitors are told a translation is outdated only when the Vietnamese they
/// can read changed; an unpublished Vietnamese draft is the editors' business.
/// </summary>
public sealed class OutdatedAgainstPublishedSourceTests
{
    private static Dictionary<string, string> Fields(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    [Theory, ClassData(typeof(Providers))]
    public async Task A_vietnamese_draft_leaves_the_korean_page_current_for_visitors_and_the_desk_warns_until_it_is_published(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var visitor = app.CreateClient();
        var pomelo = await app.ItemIdAsync("buoi-tan-trieu");
        const string api = "/api/v1/ko/ocop-products/tan-trieu-pomelo";
        Assert.False((bool)(await visitor.GetFromJsonAsync<JsonObject>(api))!["isOutdated"]!);

        var (_, sourceForm) = await editor.GetAsync($"/admin/content/ocop-products/{pomelo}/vi/edit");
        var oldSummary = sourceForm.QuerySelector("textarea[name='f.summary'], input[name='f.summary']")!;
        var summary = (oldSummary.GetAttribute("value") ?? oldSummary.TextContent) + " Thêm một câu.";
        var (draft, _) = await editor.SubmitAsync($"/admin/content/ocop-products/{pomelo}/vi/edit", Fields(("f.summary", summary), ("action", "draft")));
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);

        // Visitors: the live Vietnamese has not changed, so neither the API nor the page says outdated.
        Assert.False((bool)(await visitor.GetFromJsonAsync<JsonObject>(api))!["isOutdated"]!);
        var page = await new HtmlParser().ParseDocumentAsync(await visitor.GetStringAsync(new Uri("/ko/ocop/tan-trieu-pomelo", UriKind.Relative)));
        Assert.DoesNotContain("원문이 번역 이후 변경되었습니다", page.Body!.TextContent, StringComparison.Ordinal);

        // The desk still warns, and says why: a Vietnamese draft is waiting.
        var (_, matrix) = await editor.GetAsync("/admin/translations?locale=ko");
        var cell = matrix.QuerySelector($"input[value='{pomelo}:ko']")!.Closest("td")!;
        Assert.Equal("outdated (source-draft)", cell.QuerySelector("[data-state]")!.GetAttribute("data-state"));
        Assert.Contains("bản nháp tiếng Việt chưa xuất bản", cell.TextContent, StringComparison.Ordinal);

        // Publishing the Vietnamese makes the Korean outdated for visitors too.
        var (published, _) = await editor.SubmitAsync($"/admin/content/ocop-products/{pomelo}/vi/edit", Fields(("f.summary", summary), ("action", "publish")));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.True((bool)(await visitor.GetFromJsonAsync<JsonObject>(api))!["isOutdated"]!);
        var (_, after) = await editor.GetAsync("/admin/translations?locale=ko");
        Assert.Equal("outdated", after.QuerySelector($"input[value='{pomelo}:ko']")!.Closest("td")!.QuerySelector("[data-state]")!.GetAttribute("data-state"));
    }
}
