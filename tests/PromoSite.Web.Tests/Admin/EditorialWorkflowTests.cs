using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

/// <summary>The week of an editorial team over HTTP: create and publish, translate, review, conflicts, and what each role may not do.</summary>
public sealed class EditorialWorkflowTests
{
    private static Task<PromoSiteFactory> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) => PromoSiteFactory.StartWithFixtureAsync(provider);

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    [Theory, ClassData(typeof(Providers))]
    public async Task An_editor_creates_a_product_a_korean_translator_translates_a_reviewer_publishes_it(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var reviewer = await AdminClient.ForNewUserAsync(app, "ko.reviewer@dongnai.example", Role.Reviewer, "ko");
        var visitor = app.CreateClient();

        var (created, _) = await editor.SubmitAsync("/admin/content/ocop-products/new/vi/edit", Fields(
            ("f.title", "Tiêu Lộc Ninh"), ("f.summary", "Hạt tiêu từ Lộc Ninh."), ("s.category", "food"), ("s.stars", "4"), ("action", "publish")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(new Uri("/vi/ocop/tieu-loc-ninh", UriKind.Relative))).StatusCode);
        var id = await app.ItemIdAsync("tieu-loc-ninh");

        // The translator sees the Vietnamese beside each field and can only save or ask for review.
        var (_, form) = await translator.GetAsync($"/admin/content/ocop-products/{id}/ko/edit");
        Assert.Contains("Tiêu Lộc Ninh", form.QuerySelector(".source")!.TextContent, StringComparison.Ordinal);
        Assert.Null(form.QuerySelector("button[value=publish]"));
        var (saved, _) = await translator.SubmitAsync($"/admin/content/ocop-products/{id}/ko/edit", Fields(("f.title", "록닌 후추"), ("f.summary", "록닌산 후추."), ("action", "review")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var korean = await visitor.GetStringAsync(new Uri("/ko/ocop/tieu-loc-ninh", UriKind.Relative));
        Assert.DoesNotContain("록닌 후추", korean, StringComparison.Ordinal); // in review is not live

        var (published, _) = await reviewer.SubmitAsync($"/admin/content/ocop-products/{id}/ko/edit", Fields(("action", "publish")));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var response = await visitor.GetAsync(new Uri("/ko/ocop/tieu-loc-ninh", UriKind.Relative));
        Assert.Contains("록닌 후추", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().AuditLog.Select(e => e.Actor + " " + e.Action).ToListAsync();
        Assert.Contains("editor@dongnai.example publish", audit);
        Assert.Contains("ko.translator@dongnai.example save", audit);
        Assert.Contains("ko.reviewer@dongnai.example publish", audit);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_refused_save_tells_the_editor_why_in_vietnamese_and_keeps_what_was_typed(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var (_, existing) = await editor.GetAsync($"/admin/content/ocop-products/{id}/vi/edit");
        var takenSlug = existing.QuerySelector("input[name=slug]")!.GetAttribute("value")!;

        var (refused, page) = await editor.SubmitAsync("/admin/content/ocop-products/new/vi/edit", Fields(
            ("f.title", "Tiêu Lộc Ninh"), ("f.summary", "Hạt tiêu từ Lộc Ninh."), ("s.category", "food"), ("s.stars", "4"),
            ("seoTitle", "Tiêu\nLộc Ninh"), ("action", "draft")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = page.QuerySelector(".error")!.TextContent;
        Assert.Contains("Tiêu đề SEO: chỉ được một dòng", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("single line", errors, StringComparison.Ordinal);
        Assert.Equal("Tiêu Lộc Ninh", page.QuerySelector("[name='f.title']")!.GetAttribute("value"));

        (refused, page) = await editor.SubmitAsync("/admin/content/ocop-products/new/vi/edit", Fields(
            ("f.title", "Tiêu Lộc Ninh"), ("f.summary", "Hạt tiêu từ Lộc Ninh."), ("s.category", "food"), ("s.stars", "4"),
            ("slug", takenSlug), ("action", "draft")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        errors = page.QuerySelector(".error")!.TextContent;
        Assert.Contains($"Đường dẫn “{takenSlug}” đã được mục “buoi-tan-trieu” dùng trong ngôn ngữ này.", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("already used", errors, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.AnyAsync(i => i.Type == "ocop-products" && i.Key == "tieu-loc-ninh"));
    }

    [Fact]
    public async Task Each_role_is_refused_what_it_may_not_do_even_with_a_forged_form()
    {
        await using var app = await StartAsync();
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var translator = await AdminClient.ForNewUserAsync(app, "ko.translator@dongnai.example", Role.Translator, "ko");
        var reviewer = await AdminClient.ForNewUserAsync(app, "ko.reviewer@dongnai.example", Role.Reviewer, "ko");
        var viewer = await AdminClient.ForNewUserAsync(app, "viewer@dongnai.example", Role.Viewer);

        // (who, path, action) that must be refused
        (AdminClient Client, string Locale, string Action)[] forbidden =
        [
            (translator, "ja", "draft"),      // a Korean translator editing Japanese
            (translator, "ko", "publish"),    // a translator publishing
            (translator, "vi", "draft"),      // a translator editing the source
            (reviewer, "ja", "publish"),      // a Korean reviewer publishing Japanese
            (viewer, "ko", "draft"),          // a viewer saving
        ];
        foreach (var (client, locale, action) in forbidden)
        {
            var (response, _) = await client.SubmitAsync($"/admin/content/ocop-products/{id}/{locale}/edit", Fields(("f.title", "FORGED"), ("f.summary", "x"), ("action", action)));
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{locale} {action} answered {(int)response.StatusCode}");
            Assert.StartsWith("http://localhost/admin/denied", response.Headers.Location?.ToString() ?? "http://localhost/admin/denied", StringComparison.Ordinal);
        }

        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.AnyAsync(l => l.FieldsJson.Contains("FORGED")));
        var anonymous = await app.CreateClient().GetAsync(new Uri("/api/v1/ja/ocop-products/chom-chom-long-khanh", UriKind.Relative));
        Assert.DoesNotContain("下書き", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal); // a draft never reaches the public API
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Two_editors_saving_the_same_item_the_second_gets_the_conflict_and_both_texts_survive(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var first = await AdminClient.ForNewUserAsync(app, "first@dongnai.example", Role.Editor);
        var second = await AdminClient.ForNewUserAsync(app, "second@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var path = $"/admin/content/ocop-products/{id}/en/edit";

        // Both open the form before either saves.
        var (_, secondForm) = await second.GetAsync(path);
        var staleVersion = secondForm.QuerySelector("input[name=version]")!.GetAttribute("value")!;
        var (firstSave, _) = await first.SubmitAsync(path, Fields(("f.title", "Tan Trieu pomelo (first editor)"), ("action", "publish")));
        Assert.Equal(HttpStatusCode.Redirect, firstSave.StatusCode);
        var (conflict, page) = await second.SubmitAsync(path, Fields(("f.title", "Tan Trieu pomelo (second editor)"), ("version", staleVersion), ("action", "publish")));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var table = page.QuerySelector("section.error table")!.TextContent;
        Assert.Contains("(first editor)", table, StringComparison.Ordinal);
        Assert.Contains("(second editor)", table, StringComparison.Ordinal);
        Assert.Equal("Tan Trieu pomelo (second editor)", page.QuerySelector("input[name='f.title']")!.GetAttribute("value"));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        Assert.Contains("(first editor)", (await db.Localizations.SingleAsync(l => l.ItemId == id && l.Locale == "en")).FieldsJson, StringComparison.Ordinal);
        Assert.False(await db.Revisions.AnyAsync(r => r.FieldsJson.Contains("(second editor)")));
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_what_is_wrong_and_nothing_changes()
    {
        await using var app = await StartAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var (response, page) = await editor.SubmitAsync($"/admin/content/ocop-products/{id}/vi/edit", Fields(("s.stars", "7"), ("publishAt", "tomorrow"), ("action", "publish")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = page.QuerySelector(".error")!.TextContent;
        Assert.Contains("“tomorrow” không phải là ngày giờ", errors, StringComparison.Ordinal);
        var (again, page2) = await editor.SubmitAsync($"/admin/content/ocop-products/{id}/vi/edit", Fields(("s.stars", "7"), ("action", "publish")));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Hạng OCOP", page2.QuerySelector(".error")!.TextContent, StringComparison.Ordinal); // the field as the form labels it
        Assert.Equal(5, (int)(await app.Services.GetRequiredService<PromoSite.Cms.Delivery.IContentDelivery>().GetByIdAsync("vi", id))!.Fields["stars"]!);
    }

    [Fact]
    public async Task A_scheduled_publish_is_entered_in_the_editors_time_zone_and_stored_in_utc()
    {
        await using var app = await StartAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("hat-dieu");
        var (response, _) = await editor.SubmitAsync($"/admin/content/ocop-products/{id}/en/edit", Fields(("publishAt", "2030-01-01T08:00"), ("action", "publish")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var localization = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.SingleAsync(l => l.ItemId == id && l.Locale == "en");
        Assert.Equal(new DateTime(2030, 1, 1, 1, 0, 0, DateTimeKind.Utc), localization.PublishAt); // Asia/Ho_Chi_Minh is UTC+7
        var api = await app.CreateClient().GetStringAsync(new Uri("/api/v1/en/ocop-products?stars=4", UriKind.Relative));
        Assert.Contains("\"resolvedLocale\":\"en\"", api, StringComparison.Ordinal); // the English published before stays live until 2030
        var (_, list) = await editor.GetAsync("/admin/content/ocop-products?q=hat-dieu");
        Assert.Equal("scheduled", list.QuerySelectorAll("tbody tr a.state")[1].GetAttribute("data-state"));
        Assert.Equal("hẹn giờ xuất bản", list.QuerySelectorAll("tbody tr a.state")[1].TextContent); // in words, in the editor's language
    }

    [Fact]
    public async Task Restoring_an_old_revision_adds_a_draft_and_leaves_the_live_version_until_published()
    {
        await using var app = await StartAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("hat-dieu");
        var edit = $"/admin/content/ocop-products/{id}/en/edit";
        await editor.SubmitAsync(edit, Fields(("f.title", "Cashews, second wording"), ("action", "publish")));

        var (_, history) = await editor.GetAsync($"/admin/content/ocop-products/{id}/history");
        var forms = history.QuerySelectorAll("table.revisions form").ToList();
        var firstEnglish = forms.FindIndex(f => f.ParentElement!.ParentElement!.QuerySelectorAll("td")[0].TextContent == "2"); // revision 2: the imported English
        var mainForms = history.QuerySelectorAll("main form").ToList();
        var (restored, _) = await editor.SubmitAsync($"/admin/content/ocop-products/{id}/history", new Dictionary<string, string>(), form: mainForms.IndexOf(forms[firstEnglish]));
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);

        var delivery = app.Services.GetRequiredService<PromoSite.Cms.Delivery.IContentDelivery>();
        Assert.Equal("Cashews, second wording", (await delivery.GetByIdAsync("en", id))!.Title);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var en = await db.Localizations.SingleAsync(l => l.ItemId == id && l.Locale == "en");
            Assert.Equal((LocalizationStatus.Draft, true), (en.Status, en.FieldsJson.Contains("Salted roasted cashews", StringComparison.Ordinal)));
            Assert.Equal(4, await db.Revisions.CountAsync(r => r.ItemId == id));
        }

        await editor.SubmitAsync(edit, Fields(("action", "publish")));
        Assert.Equal("Salted roasted cashews", (await delivery.GetByIdAsync("en", id))!.Title);
    }

    [Fact]
    public async Task Editors_preview_a_draft_in_the_public_template_and_nobody_else_can()
    {
        await using var app = await StartAsync();
        var id = await app.ItemIdAsync("chom-chom");
        var visitor = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var anonymous = await visitor.GetAsync(new Uri($"/admin/preview/ja/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode); // to sign in; the address says nothing about the item
        Assert.StartsWith("http://localhost/admin/sign-in", anonymous.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ロンカイン", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var viewer = await AdminClient.ForNewUserAsync(app, "viewer@dongnai.example", Role.Viewer);
        var (response, page) = await viewer.GetAsync($"/admin/preview/ja/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ロンカインのランブータン", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("ja", page.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(page.QuerySelector(".preview-banner"));
        Assert.Equal("noindex, follow", page.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("noindex", response.Headers.GetValues("X-Robots-Tag").Single(), StringComparison.Ordinal);

        // The old address (earlier XLIFF files, bookmarks) leads there; the item page links there.
        var old = await visitor.GetAsync(new Uri($"/ja/preview/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/admin/preview/ja/{id}", old.Headers.Location?.ToString());
        Assert.DoesNotContain("ロンカイン", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (_, admin) = await viewer.GetAsync($"/admin/content/ocop-products/{id}/ja");
        Assert.Contains(admin.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == $"/admin/preview/ja/{id}");
    }

    [Fact]
    public async Task An_editor_in_tokyo_schedules_in_tokyo_time()
    {
        await using var app = await StartAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "tokyo@dongnai.example", Role.Editor);
        var (saved, _) = await editor.SubmitAsync("/admin/password", Fields(("timeZone", "Asia/Tokyo")), form: 1);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var id = await app.ItemIdAsync("hat-dieu");
        await editor.SubmitAsync($"/admin/content/ocop-products/{id}/en/edit", Fields(("publishAt", "2030-01-01T08:00"), ("action", "publish")));
        var (_, form) = await editor.GetAsync($"/admin/content/ocop-products/{id}/en/edit");

        Assert.Equal("2030-01-01T08:00", form.QuerySelector("input[name=publishAt]")!.GetAttribute("value"));
        await using var scope = app.Services.CreateAsyncScope();
        var localization = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Localizations.SingleAsync(l => l.ItemId == id && l.Locale == "en");
        Assert.Equal(new DateTime(2029, 12, 31, 23, 0, 0, DateTimeKind.Utc), localization.PublishAt); // Tokyo is UTC+9
    }
}
