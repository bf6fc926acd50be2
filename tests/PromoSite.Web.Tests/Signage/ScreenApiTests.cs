using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Signage;

/// <summary>Issue #21: screens through /api/v1/manage/screens with If-Match, each change in the audit log.</summary>
public sealed class ScreenApiTests
{
    private const string RootEmail = "root@dongnai.example";
    private const string RootPassword = "river mango lantern 2026";

    private static object Body(string name, string orientation = "landscape") => new
    {
        name, place = "Trung tâm Hành chính công tỉnh", orientation, locales = new[] { "vi", "en" },
        slideSeconds = 12, rules = new[] { "events", "ocop" }, itemsPerRule = 4,
    };

    private static async Task<string> TokenAsync(AdminClient client, params string[] scopes)
    {
        var (_, page) = await client.GetAsync("/admin/tokens");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", page.QuerySelector("#create-token input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("name", "Screens script " + Guid.NewGuid().ToString("N")[..6]),
            new("days", "30"),
        };
        fields.AddRange(scopes.Select(s => new KeyValuePair<string, string>("scopes", s)));
        var response = await client.Http.PostAsync(new Uri("/admin/tokens?handler=Create", UriKind.Relative), new FormUrlEncodedContent(fields));
        var html = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return html.QuerySelector("#new-token")?.TextContent ?? throw new InvalidOperationException("no token shown");
    }

    private static HttpClient Bearer(PromoSiteFactory app, string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static HttpRequestMessage With(HttpMethod method, string url, string? etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return request;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Screens_are_listed_created_changed_and_deleted_over_the_api_with_if_match_and_every_change_is_audited(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, new Dictionary<string, string> { ["Admin:Email"] = RootEmail, ["Admin:Password"] = RootPassword });
        var root = new AdminClient(app);
        await root.SignInAsync(RootEmail, RootPassword);
        using var script = Bearer(app, await TokenAsync(root, Scopes.ManageScreens));
        using var readOnly = Bearer(app, await TokenAsync(root, Scopes.Read));
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.GetAsync(new Uri("/api/v1/manage/screens", UriKind.Relative))).StatusCode);

        var refused = await script.PostAsJsonAsync("/api/v1/manage/screens", new { name = "", orientation = "square", locales = new[] { "fr" }, slideSeconds = 1, itemsPerRule = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["locales", "name", "orientation", "rules", "slideSeconds"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        var created = await script.PostAsJsonAsync("/api/v1/manage/screens", Body("Sảnh UBND tỉnh"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var screen = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (long)screen["id"]!;
        Assert.Equal($"/api/v1/manage/screens/{id}", created.Headers.Location!.OriginalString);
        Assert.StartsWith("/signage/", (string?)screen["url"], StringComparison.Ordinal);
        var etag = created.Headers.ETag!.Tag;

        var list = (await script.GetFromJsonAsync<JsonArray>("/api/v1/manage/screens"))!;
        Assert.Equal("Sảnh UBND tỉnh", (string?)Assert.Single(list)!["name"]);
        var got = await script.GetAsync(new Uri($"/api/v1/manage/screens/{id}", UriKind.Relative));
        Assert.Equal(etag, got.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await script.GetAsync(new Uri("/api/v1/manage/screens/999999", UriKind.Relative))).StatusCode);

        var url = $"/api/v1/manage/screens/{id}";
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await script.SendAsync(With(HttpMethod.Put, url, null, Body("Không được lưu")))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await script.SendAsync(With(HttpMethod.Put, url, "\"stale\"", Body("Không được lưu")))).StatusCode);
        var badUpdate = await script.SendAsync(With(HttpMethod.Put, url, etag, Body("Sảnh UBND tỉnh", orientation: "sideways")));
        Assert.Equal(HttpStatusCode.BadRequest, badUpdate.StatusCode);
        var updated = await script.SendAsync(With(HttpMethod.Put, url, etag, Body("Sảnh UBND tỉnh", orientation: "portrait")));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("portrait", (string?)(await updated.Content.ReadFromJsonAsync<JsonObject>())!["orientation"]);
        var newEtag = updated.Headers.ETag!.Tag;
        Assert.NotEqual(etag, newEtag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await script.SendAsync(With(HttpMethod.Delete, url, etag))).StatusCode);
        Assert.Equal("Sảnh UBND tỉnh", (string?)(await script.GetFromJsonAsync<JsonObject>(url))!["name"]); // refused changes lost nothing
        Assert.Equal(HttpStatusCode.NoContent, (await script.SendAsync(With(HttpMethod.Delete, url, newEtag))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await script.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var log = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().AuditLog.AsNoTracking()
                .Where(e => e.Action.StartsWith("screen-")).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([AuditActions.ScreenCreate, AuditActions.ScreenUpdate, AuditActions.ScreenDelete], log.Select(e => e.Action));
            Assert.All(log, e => Assert.Equal(RootEmail, e.Actor));
            Assert.All(log, e => Assert.EndsWith("(API)", e.Detail, StringComparison.Ordinal));
            Assert.Contains("orientation=landscape", log[1].Detail, StringComparison.Ordinal);
            Assert.Contains("→", log[1].Detail, StringComparison.Ordinal);
            Assert.Contains("orientation=portrait", log[1].Detail, StringComparison.Ordinal);
        }

        // The admin's audit page shows them like any other admin change.
        var (_, audit) = await root.GetAsync("/admin/audit");
        Assert.Equal(3, audit.QuerySelectorAll("main tr").Count(r => r.TextContent.Contains("Sảnh UBND tỉnh", StringComparison.Ordinal)));

        var openApi = await app.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Contains("\"/api/v1/manage/screens/{id}\"", openApi, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_screen_changed_in_the_admin_form_is_audited_too(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, new Dictionary<string, string> { ["Admin:Email"] = RootEmail, ["Admin:Password"] = RootPassword });
        var root = new AdminClient(app);
        await root.SignInAsync(RootEmail, RootPassword);
        var (response, _) = await root.SubmitAsync("/admin/screens", new Dictionary<string, string>
        {
            ["Form.Name"] = "Màn hình sảnh", ["Form.Orientation"] = "Landscape", ["Form.Locales"] = "vi", ["Form.SlideSeconds"] = "12", ["Form.Rules"] = "events", ["Form.ItemsPerRule"] = "4",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().AuditLog.AsNoTracking().SingleAsync(e => e.Action == AuditActions.ScreenCreate);
        Assert.Equal(RootEmail, entry.Actor);
        Assert.Contains("Màn hình sảnh", entry.Target, StringComparison.Ordinal);
    }
}
