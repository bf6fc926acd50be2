using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using static PromoSite.Web.Tests.Agencies.AgencyTestWorld;

namespace PromoSite.Web.Tests.Agencies;

/// <summary>
/// Editors and reviewers change only what their agencies own, through the admin pages and the
/// management API alike; translators work across agencies; administrators everywhere; the audit log
/// names the agency.
/// </summary>
public sealed class AgencyOwnershipTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task An_editor_of_one_agency_gets_403_on_another_agencys_item_by_page_and_api_and_may_change_their_own(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var editor = await UserAsync(app, "bien-tap@ocop.example", Role.Editor, ["van-phong-ocop"]);
        var theirs = await app.ItemIdAsync("mo-co-hang-gon");
        var own = await app.ItemIdAsync("buoi-tan-trieu");

        var apiEdit = await PutAsync(editor, "heritage-sites", theirs, "en", "draft");
        Assert.Equal(HttpStatusCode.Forbidden, apiEdit.StatusCode);
        var problem = await apiEdit.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("ban-di-san", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(editor, "heritage-sites", theirs, "en", "published")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TrashAsync(editor, "heritage-sites", theirs)).StatusCode);
        AssertDenied(await PostEditAsync(app, editor, "heritage-sites", theirs, "en", "draft"));
        AssertDenied(await PostEditAsync(app, editor, "heritage-sites", theirs, "en", "publish"));

        var ownEdit = await PutAsync(editor, "ocop-products", own, "en", "draft");
        Assert.True(ownEdit.StatusCode == HttpStatusCode.OK, await ownEdit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(editor, "ocop-products", own, "en", "published")).StatusCode);
        var saved = await PostEditAsync(app, editor, "ocop-products", own, "en", "draft");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/admin/content/ocop-products/{own}/en", saved.Headers.Location?.OriginalString);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var heritage = await db.Localizations.AsNoTracking().SingleAsync(l => l.ItemId == theirs && l.Locale == "vi");
        Assert.DoesNotContain("Tiêu đề", heritage.FieldsJson, StringComparison.Ordinal);
        Assert.False(await db.Localizations.AnyAsync(l => l.ItemId == theirs && l.Locale == "en"));
        Assert.Null(await db.Items.Where(i => i.Id == theirs).Select(i => i.DeletedAt).SingleAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_reviewer_finds_their_agencys_work_in_the_review_queue_and_every_agencys_on_request(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var translator = await UserAsync(app, "dich@tinh.example", Role.Translator, [], "en");
        var reviewer = await UserAsync(app, "duyet@ocop.example", Role.Reviewer, ["van-phong-ocop"], "en");
        var pomelo = await app.ItemIdAsync("buoi-tan-trieu");
        var tomb = await app.ItemIdAsync("mo-co-hang-gon");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(translator, "ocop-products", pomelo, "en", "in-review")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(translator, "heritage-sites", tomb, "en", "in-review")).StatusCode);

        var (_, mine) = await reviewer.GetAsync("/admin/review");
        Assert.Equal([$"{pomelo}"], mine.QuerySelectorAll("#review-queue tr[data-item]").Select(r => r.GetAttribute("data-item")));
        Assert.Equal("mine", mine.QuerySelector("select[name=agency] option[selected]")?.GetAttribute("value"));

        var (_, every) = await reviewer.GetAsync("/admin/review?agency=all");
        Assert.Equal(new[] { $"{pomelo}", $"{tomb}" }.Order(), every.QuerySelectorAll("#review-queue tr[data-item]").Select(r => r.GetAttribute("data-item")).Order());

        // Seeing another agency's work is not deciding on it: approving is the item's own decision.
        Assert.Equal(HttpStatusCode.Forbidden, (await ApproveAsync(reviewer, "heritage-sites", tomb, "en")).StatusCode);
        var approved = await ApproveAsync(reviewer, "ocop-products", pomelo, "en");
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> ApproveAsync(Admin.AdminClient client, string type, long id, string locale)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/manage/{type}/{id}/{locale}/approve");
        request.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(await EtagAsync(client, type, id) ?? "\"0\""));
        return await client.Http.SendAsync(request);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Translators_work_across_agencies_and_administrators_everywhere(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var translator = await UserAsync(app, "dich@ocop.example", Role.Translator, ["van-phong-ocop"], "ko");
        var admin = await UserAsync(app, "quan-tri@tinh.example", Role.Editor, []);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // An administrator with no agency at all (role set directly: an administrator must enrol, which the test's sign-in does for them).
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == "quan-tri@tinh.example").ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, Role.Administrator));
        }

        var heritage = await app.ItemIdAsync("mo-co-hang-gon");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(translator, "heritage-sites", heritage, "ko", "draft")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(translator, "heritage-sites", heritage, "en", "draft")).StatusCode); // not their language, as before

        var adminClient = new Admin.AdminClient(app);
        await adminClient.SignInAsync("quan-tri@tinh.example", "first password for quan-tri@tinh.example");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(adminClient, "heritage-sites", heritage, "en", "draft")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(adminClient, "ocop-products", await app.ItemIdAsync("hat-dieu"), "en", "draft")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_audit_log_records_the_agency_that_owns_a_changed_item(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var editor = await UserAsync(app, "bien-tap@ocop.example", Role.Editor, ["van-phong-ocop"]);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(editor, "ocop-products", await app.ItemIdAsync("hat-dieu"), "en", "draft")).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().AuditLog.AsNoTracking()
            .Where(e => e.Actor == "bien-tap@ocop.example" && e.Target!.StartsWith("ocop-products/hat-dieu")).SingleAsync();
        Assert.Equal("van-phong-ocop", entry.Agency);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_owning_agency_and_its_contact_are_found_by_item_and_exposed_by_the_management_api(DatabaseProvider provider)
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var contact = await app.Services.GetRequiredService<IAgencyContacts>().ForItemAsync(id, "en");
        Assert.Equal(new AgencyContact("van-phong-ocop", "OCOP Office", "Văn phòng OCOP", null, "+84 251 000 0000", null, null), contact);
        Assert.Equal("Ban Di sản", (await app.Services.GetRequiredService<IAgencyContacts>().ForItemAsync(await app.ItemIdAsync("mo-co-hang-gon"), "vi"))!.Name);

        var viewer = await UserAsync(app, "xem@tinh.example", Role.Viewer, []);
        var item = await viewer.Http.GetFromJsonAsync<JsonObject>($"/api/v1/manage/ocop-products/{id}");
        Assert.Equal("van-phong-ocop", item!["agencies"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task An_agencies_file_naming_an_unknown_section_is_refused_with_the_agency_and_value_named()
    {
        using var content = Content("""
            - key: so-moi
              vi: Sở Mới
              en: New Department
              sections: [nowhere]
            """);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path));
        var message = failure.ToString();
        Assert.Contains("so-moi", message, StringComparison.Ordinal);
        Assert.Contains("'nowhere' is not a section", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_users_page_refuses_an_unknown_agency_key_and_changes_nothing()
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, new Dictionary<string, string> { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" });
        var root = new Admin.AdminClient(app);
        await root.SignInAsync("root@dongnai.example", "river mango lantern 2026");
        await UserAsync(app, "bien-tap@ocop.example", Role.Editor, ["van-phong-ocop"]);
        long userId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            userId = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == "bien-tap@ocop.example").Select(u => u.Id).SingleAsync();
        }

        var (response, page) = await root.SubmitAsync("/admin/users", new Dictionary<string, string>
        {
            ["id"] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = "Editor", ["agencyKeys"] = "khong-co",
        }, form: FormIndex(await root.GetAsync("/admin/users"), userId));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Không có đơn vị nào có mã “khong-co”", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        await using var check = app.Services.CreateAsyncScope();
        var agencies = await check.ServiceProvider.GetRequiredService<AgencyDirectory>().AgenciesOfUserAsync(userId);
        Assert.Single(agencies);
    }

    [Fact]
    public async Task The_users_page_puts_a_user_in_agencies_and_the_agencies_page_lists_them_in_vietnamese()
    {
        using var content = Content();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, new Dictionary<string, string> { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" });
        var root = new Admin.AdminClient(app);
        await root.SignInAsync("root@dongnai.example", "river mango lantern 2026");
        await UserAsync(app, "bien-tap@ocop.example", Role.Editor, []);
        long userId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            userId = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == "bien-tap@ocop.example").Select(u => u.Id).SingleAsync();
        }

        var (response, _) = await root.SubmitAsync("/admin/users", new Dictionary<string, string>
        {
            ["id"] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = "Reviewer", ["agencyKeys"] = "ban-di-san",
        }, form: FormIndex(await root.GetAsync("/admin/users"), userId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using (var check = app.Services.CreateAsyncScope())
        {
            var directory = check.ServiceProvider.GetRequiredService<AgencyDirectory>();
            var heritageOffice = (await directory.RulesAsync()).Agencies.Single(a => a.Key == "ban-di-san");
            Assert.Equal([heritageOffice.Id], await directory.AgenciesOfUserAsync(userId));
        }

        var (_, agencies) = await root.GetAsync("/admin/agencies");
        Assert.Equal("Đơn vị", agencies.QuerySelector("h1")!.TextContent);
        var row = agencies.QuerySelector("#agency-ban-di-san")!.TextContent;
        Assert.Contains("Ban Di sản", row, StringComparison.Ordinal);
        Assert.Contains("Chuyên mục:", row, StringComparison.Ordinal);

        // A new agency with an unknown content type is refused, keeping what was typed.
        var (refused, form) = await root.SubmitAsync("/admin/agencies", new Dictionary<string, string> { ["key"] = "so-moi", ["nameVi"] = "Sở Mới", ["nameEn"] = "New Department", ["ownedTypes"] = "khong-phai-loai" }, form: 2);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("“khong-phai-loai” không phải là loại nội dung", form.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Sở Mới", form.QuerySelector("input[name=nameVi]")!.GetAttribute("value"));
    }

    /// <summary>A refused page: the admin's "access denied" answer (a forbid on a cookie-signed page), never a save.</summary>
    internal static void AssertDenied(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/admin/denied", StringComparison.Ordinal)),
            $"{response.StatusCode} {response.Headers.Location}");

    /// <summary>The index among the page's main forms of the update form of one user.</summary>
    private static int FormIndex((HttpResponseMessage, AngleSharp.Html.Dom.IHtmlDocument Page) page, long userId) =>
        page.Page.QuerySelectorAll("main form").Select((f, i) => (f, i)).Single(x => x.f.Id == $"user-{userId}").i;
}
