using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;
using PromoSite.Testing;
using static PromoSite.Web.Tests.Agencies.AgencyTestWorld;

namespace PromoSite.Web.Tests.Agencies;

/// <summary>
/// Language plans: an item, or a series for all its issues, says which languages it is meant to have;
/// only those count as missing, the others read "not planned"; both APIs expose the plan; content
/// files declare it and a wrong one is refused.
/// </summary>
public sealed class LanguagePlanTests
{
    /// <summary>The fixture, with hat-dieu planned Vietnamese–English and a Vietnamese–English series with one issue that has no plan of its own.</summary>
    private static ContentFolder PlannedContent(string plan = "[vi, en]")
    {
        var content = Content();
        var hatDieu = File.ReadAllText(Path.Combine(content.Path, "ocop-products", "hat-dieu", "vi.md"));
        content.Write("ocop-products", "hat-dieu", "vi", hatDieu.Replace("---\n", $"---\nlanguages: {plan}\n", StringComparison.Ordinal).TrimEnd() + "\n");
        content.Write("publications", "huu-nghi", "vi", """
            ---
            languages: [vi, en]
            title: Hữu nghị Đồng Nai
            summary: Ấn phẩm song ngữ Việt – Anh hằng quý.
            frequency: quarterly
            ---
            """);
        content.Write("publication-issues", "huu-nghi-2026-q1", "vi", """
            ---
            slug: "2026-q1"
            title: Hữu nghị Đồng Nai – Quý I/2026
            publication: huu-nghi
            number: 1
            period: "2026-Q1"
            issueDate: 2026-03-31
            ---
            """);
        content.Write("publication-issues", "huu-nghi-2026-q1", "en", """
            ---
            slug: "2026-q1"
            title: Dong Nai Friendship – Q1 2026
            ---
            """);
        return content;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_coverage_counts_only_planned_languages_and_shows_the_others_as_not_planned(DatabaseProvider provider)
    {
        using var content = PlannedContent();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        await using var scope = app.Services.CreateAsyncScope();
        var coverage = scope.ServiceProvider.GetRequiredService<TranslationCoverage>();
        var report = await coverage.BuildAsync(new CoverageFilter(), 1, int.MaxValue, default);

        var hatDieu = report.Rows.Single(r => r.Key == "hat-dieu");
        Assert.Equal(["vi", "en"], hatDieu.PlannedLocales);
        Assert.Equal(CellStates.NotPlanned, hatDieu.Cells["ko"].State);
        Assert.Equal("missing", report.Rows.Single(r => r.Key == "chom-chom").Cells["ko"].State);
        var issue = report.Rows.Single(r => r.Key == "huu-nghi-2026-q1");
        Assert.Equal(["vi", "en"], issue.PlannedLocales); // from its series
        Assert.Equal(CellStates.NotPlanned, issue.Cells["zh"].State);

        var korean = report.Counts.Single(c => c.Locale == "ko");
        Assert.Equal(report.TotalRows - 3, korean.Total); // hat-dieu, the series and its issue plan no Korean
        Assert.Equal(report.Rows.Count(r => r.PlannedLocales.Contains("ko") && r.Cells["ko"].State == "missing"), korean.States["missing"]);

        var needsWork = await coverage.BuildAsync(new CoverageFilter(Locale: "ko", State: "needs-work"), 1, int.MaxValue, default);
        Assert.DoesNotContain(needsWork.Rows, r => r.Key is "hat-dieu" or "huu-nghi-2026-q1");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_delivery_and_management_apis_expose_the_plan(DatabaseProvider provider)
    {
        using var content = PlannedContent();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var client = app.CreateClient();
        var list = await client.GetFromJsonAsync<JsonObject>("/api/v1/en/ocop-products");
        var items = list!["items"]!.AsArray();
        Assert.True(items.Any(i => i!["key"]!.GetValue<string>() == "hat-dieu"), list.ToJsonString());
        Assert.Equal(["vi", "en"], items.Single(i => i!["key"]!.GetValue<string>() == "hat-dieu")!["plannedLocales"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(5, items.Single(i => i!["key"]!.GetValue<string>() == "buoi-tan-trieu")!["plannedLocales"]!.AsArray().Count);
        var issue = await client.GetFromJsonAsync<JsonObject>("/api/v1/ko/publications/huu-nghi-dong-nai/2026-q1");
        Assert.Equal(["vi", "en"], issue!["issue"]!["plannedLocales"]!.AsArray().Select(l => l!.GetValue<string>()));

        var viewer = await UserAsync(app, "xem@tinh.example", Role.Viewer, []);
        var managed = await viewer.Http.GetFromJsonAsync<JsonObject>($"/api/v1/manage/publication-issues/{await app.ItemIdAsync("huu-nghi-2026-q1")}");
        Assert.Equal(["vi", "en"], managed!["plannedLocales"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Null(managed["languagePlan"]); // its own: none, it follows the series
    }

    [Fact]
    public async Task A_content_file_planning_an_unknown_language_is_refused_with_the_file_and_language_named()
    {
        using var content = PlannedContent("[vi, fr]");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path));
        var message = failure.ToString();
        Assert.Contains("hat-dieu", message, StringComparison.Ordinal);
        Assert.Contains("unknown language 'fr'", message, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_item_page_edits_the_plan_refuses_an_unknown_language_and_another_agencys_editor(DatabaseProvider provider)
    {
        using var content = PlannedContent();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var editor = await UserAsync(app, "bien-tap@ocop.example", Role.Editor, ["van-phong-ocop"]);
        var other = await UserAsync(app, "bien-tap@disan.example", Role.Editor, ["ban-di-san"]);
        var id = await app.ItemIdAsync("chom-chom");
        var path = $"/admin/content/ocop-products/{id}/vi";

        var planForm = (await editor.GetAsync(path)).Page.QuerySelectorAll("main form").Select((f, i) => (f, i)).Single(x => x.f.Id == "plan-form").i;
        var (refused, page) = await editor.SubmitAsync(path, new Dictionary<string, string> { ["planned"] = "xx" }, form: planForm);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Không rõ ngôn ngữ “xx”", page.QuerySelector("#plan [role=alert]")!.TextContent, StringComparison.Ordinal);

        var (_, before) = await editor.GetAsync(path);
        Assert.Contains("Văn phòng OCOP", before.QuerySelector("#owner")!.TextContent, StringComparison.Ordinal);
        var (saved, _) = await editor.SubmitAsync(path, new Dictionary<string, string> { ["planned"] = "ja" }, form: planForm);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, saved.StatusCode + (await saved.Content.ReadAsStringAsync()));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<TranslationCoverage>().BuildAsync(new CoverageFilter(Text: "chom-chom"), 1, 10, default);
            Assert.Equal(["vi", "ja"], report.Rows.Single().PlannedLocales);
        }

        var (_, otherPage) = await other.GetAsync(path);
        Assert.Null(otherPage.QuerySelector("[data-testid=save-plan]"));
        Assert.NotNull(otherPage.QuerySelector("#not-yours"));
        var token = otherPage.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await other.GetAsync("/admin/password")).Page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await other.Http.PostAsync(new Uri(path + "?handler=Plan", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["planned"] = "en" }));
        AgencyOwnershipTests.AssertDenied(forged);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_dashboard_filters_by_my_agencies_and_counts_only_planned_languages_as_missing(DatabaseProvider provider)
    {
        using var content = PlannedContent();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var editor = await UserAsync(app, "bien-tap@ocop.example", Role.Editor, ["van-phong-ocop"]);

        var (_, mine) = await editor.GetAsync("/admin");
        var types = mine.QuerySelectorAll("tbody th a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/admin/content/ocop-products", types);
        Assert.DoesNotContain(types, t => t!.StartsWith("/admin/content/heritage-sites", StringComparison.Ordinal));
        Assert.Contains("Văn phòng OCOP", mine.QuerySelector("#my-agencies")!.TextContent, StringComparison.Ordinal);
        // Three OCOP products: chom-chom has no Korean (missing), hat-dieu plans none (not planned).
        var korean = mine.QuerySelector("tbody tr td[data-locale=ko]")!;
        Assert.Equal("1", korean.GetAttribute("data-missing"));
        Assert.Equal("1", korean.GetAttribute("data-not-planned"));

        var (_, all) = await editor.GetAsync("/admin?agency=all");
        Assert.Contains(all.QuerySelectorAll("tbody th a"), a => a.GetAttribute("href")!.StartsWith("/admin/content/heritage-sites", StringComparison.Ordinal));

        var (_, list) = await editor.GetAsync("/admin/content/heritage-sites");
        Assert.Empty(list.QuerySelectorAll("tbody tr"));
        var (_, desk) = await editor.GetAsync("/admin/translations?agency=ban-di-san");
        Assert.All(desk.QuerySelectorAll("table.matrix tbody th a"), a => Assert.Contains("/heritage-sites/", a.GetAttribute("href")!, StringComparison.Ordinal));
    }
}
