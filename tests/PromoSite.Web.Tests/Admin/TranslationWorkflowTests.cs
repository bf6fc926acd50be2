using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

/// <summary>The translation desk: the coverage matrix against a known fixture, handing out work, outdated detection with the source's changes, side-by-side copying.</summary>
public sealed class TranslationWorkflowTests
{
    private static Dictionary<string, string> Fields(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private static IEnumerable<string> Rows(IHtmlDocument page, string table) =>
        page.QuerySelectorAll($"#{table} tbody tr").Select(r => string.Join(' ', r.Children.Select(c => c.TextContent.Trim())));

    /// <summary>Posts the matrix's assignment form with several ticked cells, as a browser sends repeated checkbox values.</summary>
    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> AssignAsync(AdminClient client, IEnumerable<string> cells, long? assignee, string? due = null, bool clear = false)
    {
        var (_, page) = await client.GetAsync("/admin/translations");
        var token = page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        values.AddRange(cells.Select(c => new KeyValuePair<string, string>("cells", c)));
        values.Add(new("assigneeId", assignee?.ToString(CultureInfo.InvariantCulture) ?? ""));
        values.Add(new("due", due ?? ""));
        if (clear)
        {
            values.Add(new("clear", "1"));
        }

        var response = await client.Http.PostAsync(new Uri("/admin/translations?handler=Assign", UriKind.Relative), new FormUrlEncodedContent(values));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<long> UserIdAsync(PromoSiteFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_matrix_counts_every_language_of_the_fixture_and_shows_what_visitors_see_instead(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);

        var (response, page) = await editor.GetAsync("/admin/translations");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // missing outdated draft in-review scheduled unpublished published, then the share up to date
        Assert.Equal(
            ["en 2 0 0 0 0 0 2 50 %", "ko 3 0 0 0 0 0 1 25 %", "ja 3 0 1 0 0 0 0 0 %", "zh 4 0 0 0 0 0 0 0 %"],
            Rows(page, "counts"));
        Assert.NotNull(page.QuerySelector("svg.chart.stacked title"));

        var cashews = await app.ItemIdAsync("hat-dieu");
        var rambutan = await app.ItemIdAsync("chom-chom");
        Assert.Contains("hiển thị en", Cell(page, cashews, "ko"), StringComparison.Ordinal); // Korean falls back to English
        Assert.Contains("hiển thị vi", Cell(page, rambutan, "ja"), StringComparison.Ordinal); // a Japanese draft is not public; no English either
        Assert.DoesNotContain("hiển thị", Cell(page, cashews, "en"), StringComparison.Ordinal);

        var (_, japanese) = await editor.GetAsync("/admin/translations?locale=ja&state=draft");
        Assert.Equal(["ja 0 0 1 0 0 0 0 0 %"], Rows(japanese, "counts"));
        Assert.Single(japanese.QuerySelectorAll("table.matrix tbody tr"));
    }

    private static string Cell(IHtmlDocument page, long itemId, string locale) =>
        page.QuerySelector($"input[value='{itemId}:{locale}']")!.Closest("td")!.TextContent;

    [Theory, ClassData(typeof(Providers))]
    public async Task An_editor_hands_korean_work_to_a_translator_who_finds_it_in_their_queue_and_nothing_is_given_to_the_wrong_language(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var koId = await UserIdAsync(app, "ko.translator@dongnai.example");
        var cashews = await app.ItemIdAsync("hat-dieu");
        var rambutan = await app.ItemIdAsync("chom-chom");

        var (refused, refusedPage) = await AssignAsync(editor, [$"{cashews}:ko", $"{rambutan}:ja"], koId, "2026-12-15");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("không dịch sang ja", refusedPage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CmsDbContext>().TranslationAssignments.CountAsync()); // all or nothing
        }

        var (assigned, _) = await AssignAsync(editor, [$"{cashews}:ko", $"{rambutan}:ko"], koId, "2026-12-15");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);

        var (_, dashboard) = await translator.GetAsync("/admin");
        Assert.Equal("Việc dịch được giao cho bạn: 2 ô", dashboard.QuerySelector("#my-queue")!.TextContent.Trim());
        var (_, queue) = await translator.GetAsync("/admin/translations?assignee=me");
        var rows = queue.QuerySelectorAll("table.matrix tbody tr").Select(r => r.QuerySelector("th a")!.TextContent).ToList();
        Assert.Equal(["Chôm chôm Long Khánh", "Hạt điều rang muối"], rows.Order(StringComparer.Ordinal));
        Assert.Contains("hạn 15/12/2026", queue.QuerySelector("table.matrix")!.TextContent, StringComparison.Ordinal);
        Assert.Null(queue.QuerySelector("input[name=cells]")); // translators do not hand out work

        var (forged, _) = await AssignAsync(translator, [$"{cashews}:ko"], koId);
        Assert.StartsWith("http://localhost/admin/denied", forged.Headers.Location?.ToString(), StringComparison.Ordinal);

        var (cleared, _) = await AssignAsync(editor, [$"{cashews}:ko"], null, clear: true);
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        var (_, after) = await translator.GetAsync("/admin/translations?assignee=me");
        Assert.Single(after.QuerySelectorAll("table.matrix tbody tr"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Changing_the_vietnamese_makes_the_korean_outdated_and_its_editor_shows_what_changed_word_by_word(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var pomelo = await app.ItemIdAsync("buoi-tan-trieu");
        var (_, before) = await editor.GetAsync("/admin/translations");
        Assert.StartsWith("đã xuất bản", Cell(before, pomelo, "ko").Trim(), StringComparison.Ordinal);

        var (_, sourceForm) = await editor.GetAsync($"/admin/content/ocop-products/{pomelo}/vi/edit");
        var oldTitle = sourceForm.QuerySelector("input[name='f.title']")!.GetAttribute("value")!;
        Assert.Contains("trang công khai bằng vi, en, ko", sourceForm.QuerySelector("#shared-reach")!.TextContent, StringComparison.Ordinal); // said before saving
        var (saved, _) = await editor.SubmitAsync($"/admin/content/ocop-products/{pomelo}/vi/edit", Fields(("f.title", oldTitle + " Biên Hòa"), ("action", "publish")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var (_, matrix) = await editor.GetAsync("/admin/translations?state=outdated&locale=ko");
        Assert.Equal(["ko 0 1 0 0 0 0 0 0 %"], Rows(matrix, "counts")); // counted over the items shown
        Assert.StartsWith("lỗi thời", Cell(matrix, pomelo, "ko").Trim(), StringComparison.Ordinal);

        var (_, form) = await translator.GetAsync($"/admin/content/ocop-products/{pomelo}/ko/edit");
        Assert.Contains("Bản tiếng Việt đã thay đổi", form.QuerySelector("[role=note]")!.TextContent, StringComparison.Ordinal);
        var titleSide = form.QuerySelector(".field.pair .source-side")!;
        Assert.Contains("đã thay đổi từ khi dịch", titleSide.TextContent, StringComparison.Ordinal);
        Assert.Equal("Biên Hòa", titleSide.QuerySelector(".diff ins")!.TextContent.Trim());
        Assert.Null(titleSide.QuerySelector(".diff del"));
        Assert.Equal(1, form.QuerySelectorAll(".state-outdated").Length); // only the title changed

        // Saving new Korean text makes it up to date again.
        var (translated, _) = await translator.SubmitAsync($"/admin/content/ocop-products/{pomelo}/ko/edit", Fields(("f.title", "비엔호아 떤찌에우 자몽"), ("action", "review")));
        Assert.Equal(HttpStatusCode.Redirect, translated.StatusCode);
        var (_, later) = await editor.GetAsync("/admin/translations");
        Assert.StartsWith("chờ duyệt", Cell(later, pomelo, "ko").Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_from_vietnamese_fills_the_form_for_one_field_or_all_and_saves_nothing()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var cashews = await app.ItemIdAsync("hat-dieu");
        int Revisions()
        {
            using var scope = app.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<CmsDbContext>().Revisions.Count();
        }

        var before = Revisions();
        var (one, page) = await translator.SubmitAsync($"/admin/content/ocop-products/{cashews}/ko/edit", Fields(("copy", "title"), ("f.summary", "내가 쓴 요약")));
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("Hạt điều rang muối", page.QuerySelector("input[name='f.title']")!.GetAttribute("value"));
        Assert.Equal("내가 쓴 요약", page.QuerySelector("input[name='f.summary']")?.GetAttribute("value") ?? page.QuerySelector("textarea[name='f.summary']")!.TextContent); // what was typed stays

        var (_, all) = await translator.SubmitAsync($"/admin/content/ocop-products/{cashews}/ko/edit", Fields(("copy", "*")));
        Assert.Equal(all.QuerySelector(".source-side .source")!.TextContent.Trim(), all.QuerySelector("input[name='f.title']")!.GetAttribute("value"));
        Assert.Equal(before, Revisions());

        var viewer = await AdminClient.ForNewUserAsync(app, "viewer@dongnai.example", Role.Viewer);
        var (forbidden, _) = await viewer.SubmitAsync($"/admin/content/ocop-products/{cashews}/ko/edit", Fields(("copy", "*")));
        Assert.StartsWith("http://localhost/admin/denied", forbidden.Headers.Location?.ToString(), StringComparison.Ordinal);
    }
}
