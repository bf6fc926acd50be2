using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

/// <summary>The content screens around editing: lists with per-language state, item view, history and the trash.</summary>
public sealed class ContentAdminTests
{
    private const string AdminEmail = "chief@dongnai.example";
    private const string AdminPassword = "river mango lantern 2026";

    private static Task<PromoSiteFactory> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        PromoSiteFactory.StartWithFixtureAsync(provider, new Dictionary<string, string> { ["Admin:Email"] = AdminEmail, ["Admin:Password"] = AdminPassword });

    [Theory, ClassData(typeof(Providers))]
    public async Task The_list_shows_each_languages_state_including_missing_and_drafts(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var viewer = await AdminClient.ForNewUserAsync(app, "viewer@dongnai.example", Role.Viewer);

        var (response, page) = await viewer.GetAsync("/admin/content/ocop-products");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("chom-chom", StringComparison.Ordinal));
        Assert.Equal(["published", "missing", "missing", "draft", "missing"], row.QuerySelectorAll("a.state").Select(a => a.GetAttribute("data-state")));
        Assert.Equal(["đã xuất bản", "chưa có", "chưa có", "bản nháp", "chưa có"], row.QuerySelectorAll("a.state").Select(a => a.TextContent)); // in words
    }

    [Fact]
    public async Task Trash_takes_an_item_off_the_site_with_410_restore_brings_it_back_and_only_administrators_purge()
    {
        await using var app = await StartAsync();
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var visitor = app.CreateClient();

        var (trashed, _) = await editor.SubmitAsync($"/admin/content/ocop-products/{id}/vi", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, trashed.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync(new Uri("/en/ocop/tan-trieu-pomelo", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync(new Uri("/api/v1/en/ocop-products/tan-trieu-pomelo", UriKind.Relative))).StatusCode);

        // An editor sees no purge button, and a forged purge is refused.
        var (_, trash) = await editor.GetAsync("/admin/trash");
        Assert.Single(trash.QuerySelectorAll("main form"));
        var token = trash.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await editor.Http.PostAsync(new Uri("/admin/trash?handler=Purge", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.StartsWith("http://localhost/admin/denied", forged.Headers.Location?.ToString(), StringComparison.Ordinal);

        var (restored, _) = await editor.SubmitAsync("/admin/trash", new Dictionary<string, string> { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(new Uri("/en/ocop/tan-trieu-pomelo", UriKind.Relative))).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().AuditLog.Where(e => e.Actor == "editor@dongnai.example").Select(e => e.Action).ToListAsync();
        Assert.Contains("delete", actions);
        Assert.Contains("restore", actions);
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.SingleOrDefaultAsync(i => i.Id == id));
    }

    [Fact]
    public async Task An_administrator_can_purge_a_trashed_item_for_good()
    {
        await using var app = await StartAsync();
        var admin = new AdminClient(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var id = await app.ItemIdAsync("hat-dieu");
        await admin.SubmitAsync($"/admin/content/ocop-products/{id}/vi", new Dictionary<string, string>());

        var (_, trash) = await admin.GetAsync("/admin/trash");
        Assert.Equal(2, trash.QuerySelectorAll("main form").Length);
        var (purged, _) = await admin.SubmitAsync("/admin/trash", new Dictionary<string, string> { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, form: 1);
        Assert.Equal(HttpStatusCode.Redirect, purged.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        Assert.False(await db.Items.AnyAsync(i => i.Id == id));
        Assert.False(await db.Revisions.AnyAsync(r => r.ItemId == id));
        Assert.True(await db.AuditLog.AnyAsync(e => e.Action == "purge"));
    }

    [Fact]
    public async Task A_viewer_cannot_trash_even_with_a_forged_request()
    {
        await using var app = await StartAsync();
        var viewer = await AdminClient.ForNewUserAsync(app, "viewer@dongnai.example", Role.Viewer);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var (_, page) = await viewer.GetAsync($"/admin/content/ocop-products/{id}/vi");
        Assert.Empty(page.QuerySelectorAll("main form"));

        var token = page.QuerySelector("header input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await viewer.Http.PostAsync(new Uri($"/admin/content/ocop-products/{id}/vi?handler=Trash", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(new Uri("/en/ocop/tan-trieu-pomelo", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task History_lists_every_revision_and_compares_two_field_by_field()
    {
        await using var app = await StartAsync();
        app.Content!.Write("ocop-products", "hat-dieu", "en", "---\ntitle: Salted roasted cashew nuts\nsummary: Roasted cashew nuts.\n---\nCashews.\n");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<PromoSite.Cms.Import.ContentImporter>().ImportAsync(app.Content!.Path);
            Assert.True(report.Succeeded, report.ToString());
        }

        var admin = new AdminClient(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var id = await app.ItemIdAsync("hat-dieu");
        var (response, page) = await admin.GetAsync($"/admin/content/ocop-products/{id}/history");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, page.QuerySelectorAll("table.revisions tbody tr").Length); // vi, en, en again
        var changed = page.QuerySelectorAll("tr.changed").Select(r => r.QuerySelector("th")!.TextContent).ToList();
        Assert.Equal(["Tiêu đề"], changed); // the field as the public strings name it
    }
}
