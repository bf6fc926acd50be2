using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

/// <summary>
/// Personal access tokens: made on /admin/tokens and shown once, stored as a hash, used as
/// <c>Authorization: Bearer</c> on the management API only, refused once revoked, expired or when the
/// owner is disabled; and what machines use them for: XLIFF, the coverage matrix, webhooks.
/// </summary>
public sealed class ApiTokenTests
{
    private const string RootEmail = "root@dongnai.example";
    private const string RootPassword = "river mango lantern 2026";

    private static Dictionary<string, string> Settings() => new()
    {
        ["Admin:Email"] = RootEmail,
        ["Admin:Password"] = RootPassword,
        ["Webhooks:AllowPrivateTargets"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.1",
        ["Webhooks:RetryDelays:0"] = "00:00:00.2",
        ["Webhooks:RetryDelays:1"] = "00:01:00",
    };

    /// <summary>Makes a token through the page, as a person would; returns the page's answer and the token text.</summary>
    private static async Task<(HttpResponseMessage Response, string? Token)> CreateAsync(AdminClient client, string name, string[] scopes, string[] writeLocales, string days = "90")
    {
        var (_, page) = await client.GetAsync("/admin/tokens");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", page.QuerySelector("#create-token input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("name", name),
            new("days", days),
        };
        fields.AddRange(scopes.Select(s => new KeyValuePair<string, string>("scopes", s)));
        fields.AddRange(writeLocales.Select(l => new KeyValuePair<string, string>("writeLocales", l)));
        var response = await client.Http.PostAsync(new Uri("/admin/tokens?handler=Create", UriKind.Relative), new FormUrlEncodedContent(fields));
        var html = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return (response, html.QuerySelector("#new-token")?.TextContent);
    }

    private static async Task<string> TokenAsync(AdminClient client, string[] scopes, params string[] writeLocales)
    {
        var (response, token) = await CreateAsync(client, "Script " + Guid.NewGuid().ToString("N")[..6], scopes, writeLocales);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return token ?? throw new InvalidOperationException("no token shown");
    }

    /// <summary>A client with no cookies at all: what a script is.</summary>
    private static HttpClient Bearer(PromoSiteFactory app, string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static HttpRequestMessage Put(string url, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return request;
    }

    private static async Task<T> WithDbAsync<T>(PromoSiteFactory app, Func<CmsDbContext, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CmsDbContext>());
    }

    private static string PublicId(string token) => token.Split('_')[1];

    private static async Task AssertInvalidTokenAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_token_made_on_the_page_is_shown_once_and_only_its_hash_is_stored(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);

        var (created, token) = await CreateAsync(editor, "National portal sync", [Scopes.Read], ["ko", "ja"]);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Matches("^pst_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", token);

        var (_, later) = await editor.GetAsync("/admin/tokens");
        Assert.Null(later.QuerySelector("#new-token"));
        Assert.DoesNotContain(token!, later.Source.Text, StringComparison.Ordinal);
        var row = Assert.Single(later.QuerySelectorAll("#own-tokens tbody tr"));
        Assert.Contains("National portal sync", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("read, write:ko, write:ja", row.TextContent, StringComparison.Ordinal);

        var stored = await WithDbAsync(app, db => db.ApiTokens.AsNoTracking().SingleAsync());
        var secret = token![("pst_".Length + 16 + 1)..];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret))), stored.SecretHash);
        Assert.Equal(PublicId(token), stored.PublicId);
        Assert.DoesNotContain(secret, stored.SecretHash + stored.Name + stored.Scopes + stored.PublicId, StringComparison.Ordinal);
        Assert.InRange((stored.ExpiresAt - stored.CreatedAt).TotalDays, 89, 91);
        Assert.True(await WithDbAsync(app, db => db.AuditLog.AnyAsync(a => a.Action == "token-create" && a.Actor == "editor@dongnai.example")));

        // Bad input: a clear message in Vietnamese (the default), nothing stored.
        var (refused, none) = await CreateAsync(editor, "", [], [], days: "9999");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(none);
        var page = await new HtmlParser().ParseDocumentAsync(await refused.Content.ReadAsStringAsync());
        Assert.Equal(3, page.QuerySelectorAll("[role=alert] li").Length);
        Assert.Equal(1, await WithDbAsync(app, db => db.ApiTokens.CountAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_bearer_token_works_without_cookies_or_antiforgery_and_its_use_is_recorded(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var token = await TokenAsync(editor, [Scopes.Read], "en");
        using var script = Bearer(app, token);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var url = $"/api/v1/manage/ocop-products/{id}";

        var read = await script.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(read.Headers.Contains("Set-Cookie"));
        var saved = await script.SendAsync(Put(url + "/en", new { fields = new JsonObject { ["title"] = "Tan Trieu pomelos", ["summary"] = "Sweet." }, status = "draft" }, read.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var used = await WithDbAsync(app, db => db.ApiTokens.AsNoTracking().SingleAsync());
        Assert.NotNull(used.LastUsedAt);
        Assert.True(await WithDbAsync(app, db => db.AuditLog.AnyAsync(a => a.Action == "token-first-use")));
        var revision = await WithDbAsync(app, db => db.Revisions.AsNoTracking().Where(r => r.ItemId == id && r.Locale == "en").OrderByDescending(r => r.Id).FirstAsync());
        Assert.Equal("editor@dongnai.example", revision.Author); // saved as its owner

        // Written at most once a minute: a second request leaves the time as it was.
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
        Assert.Equal(used.LastUsedAt, (await WithDbAsync(app, db => db.ApiTokens.AsNoTracking().SingleAsync())).LastUsedAt);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Revoked_expired_malformed_and_disabled_owners_tokens_get_401_with_invalid_token(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var translator = await AdminClient.ForNewUserAsync(app, "ko@dongnai.example", Role.Translator, "ko");
        var url = "/api/v1/manage/translations/coverage";
        var revoked = await TokenAsync(editor, [Scopes.Read]);
        var expired = await TokenAsync(editor, [Scopes.Read]);
        var disabled = await TokenAsync(translator, [Scopes.Read]);
        foreach (var token in new[] { revoked, expired, disabled })
        {
            Assert.Equal(HttpStatusCode.OK, (await Bearer(app, token).GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
        }

        var (_, page) = await editor.GetAsync("/admin/tokens");
        var revokeForm = page.QuerySelectorAll("#own-tokens tbody tr").Single(r => r.TextContent.Contains(PublicId(revoked), StringComparison.Ordinal)).QuerySelector("form")!;
        var revoke = await editor.Http.PostAsync(new Uri("/admin/tokens?handler=Revoke", UriKind.Relative), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", revokeForm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("id", revokeForm.QuerySelector("input[name=id]")!.GetAttribute("value")!),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        await WithDbAsync(app, db => db.ApiTokens.Where(t => t.PublicId == PublicId(expired)).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        await WithDbAsync(app, db => db.Users.Where(u => u.Email == "ko@dongnai.example").ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true)));

        await AssertInvalidTokenAsync(Bearer(app, revoked), url);
        await AssertInvalidTokenAsync(Bearer(app, expired), url);
        await AssertInvalidTokenAsync(Bearer(app, disabled), url);
        await AssertInvalidTokenAsync(Bearer(app, revoked[..^2] + "xx"), url); // a wrong secret
        await AssertInvalidTokenAsync(Bearer(app, "pst_nonsense"), url);
        Assert.True(await WithDbAsync(app, db => db.AuditLog.AnyAsync(a => a.Action == "token-revoke")));
        var (_, after) = await editor.GetAsync("/admin/tokens");
        Assert.Empty(after.QuerySelectorAll("#own-tokens tbody tr").Single(r => r.TextContent.Contains(PublicId(revoked), StringComparison.Ordinal)).QuerySelectorAll("form"));
    }

    [Fact]
    public async Task Administrators_see_and_revoke_everyones_tokens_others_cannot()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite, Settings());
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var token = await TokenAsync(editor, [Scopes.Read]);
        var (_, editorsPage) = await editor.GetAsync("/admin/tokens");
        Assert.Null(editorsPage.QuerySelector("#all-tokens"));
        var id = editorsPage.QuerySelector("#own-tokens input[name=id]")!.GetAttribute("value")!;
        var antiforgery = editorsPage.QuerySelector("#create-token input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var denied = await editor.Http.PostAsync(new Uri("/admin/tokens?handler=RevokeAny", UriKind.Relative), new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery), new("id", id)]));
        Assert.NotEqual("/admin/tokens?done=revoked", denied.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await Bearer(app, token).GetAsync(new Uri("/api/v1/manage/translations/coverage", UriKind.Relative))).StatusCode);

        var root = new AdminClient(app);
        await root.SignInAsync(RootEmail, RootPassword);
        var (_, rootsPage) = await root.GetAsync("/admin/tokens");
        var row = Assert.Single(rootsPage.QuerySelectorAll("#all-tokens tbody tr"));
        Assert.Contains("editor@dongnai.example", row.TextContent, StringComparison.Ordinal);
        var form = row.QuerySelector("form")!;
        var revoked = await root.Http.PostAsync(new Uri("/admin/tokens?handler=RevokeAny", UriKind.Relative), new FormUrlEncodedContent(
            [new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), new("id", id)]));
        Assert.Equal("/admin/tokens?done=revoked", revoked.Headers.Location?.ToString());
        await AssertInvalidTokenAsync(Bearer(app, token), "/api/v1/manage/translations/coverage");
        Assert.Equal(RootEmail, (await WithDbAsync(app, db => db.ApiTokens.AsNoTracking().SingleAsync())).RevokedBy);
    }

    [Fact]
    public async Task A_token_never_opens_an_admin_page()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        using var script = Bearer(app, await TokenAsync(editor, [Scopes.Read, Scopes.ReadAnalytics], "vi", "en"));
        foreach (var path in new[] { "/admin", "/admin/tokens", "/admin/translations", "/admin/analytics" })
        {
            var response = await script.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var post = await script.PostAsync(new Uri("/admin/tokens?handler=Create", UriKind.Relative), new FormUrlEncodedContent([new("name", "from a token"), new("scopes", "read"), new("days", "30")]));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(1, await WithDbAsync(app, db => db.ApiTokens.CountAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_translation_agency_exports_xliff_fills_it_and_imports_it_with_a_token(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var translator = await AdminClient.ForNewUserAsync(app, "ko@dongnai.example", Role.Translator, "ko");
        using var agency = Bearer(app, await TokenAsync(translator, [Scopes.Read], "ko"));
        using var readOnly = Bearer(app, await TokenAsync(translator, [Scopes.Read]));

        var export = await agency.GetAsync(new Uri("/api/v1/manage/xliff?locale=ko&type=ocop-products&needsWork=true", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/xliff+xml", export.Content.Headers.ContentType?.MediaType);
        var xml = await export.Content.ReadAsStringAsync();
        Assert.Empty(XliffSchemas.Errors20(xml));
        Assert.Contains("ocop-products:hat-dieu:title", xml, StringComparison.Ordinal);
        var filled = XliffSchemas.Fill(xml, XliffVersion.V20, text => "KO " + text);
        static StringContent Body(string text) => new(text, Encoding.UTF8, "application/xliff+xml");

        var refused = await readOnly.PostAsync(new Uri("/api/v1/manage/xliff", UriKind.Relative), Body(filled));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(await WithDbAsync(app, db => db.Localizations.AsNoTracking().FirstOrDefaultAsync(l => l.Item.Key == "hat-dieu" && l.Locale == "ko")));

        var broken = await agency.PostAsync(new Uri("/api/v1/manage/xliff", UriKind.Relative), Body(filled.Replace("</xliff>", "", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var problem = await broken.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull((int?)problem!["errors"]![0]!["line"]);

        var checkedOnly = await agency.PostAsync(new Uri("/api/v1/manage/xliff?check=true", UriKind.Relative), Body(filled));
        Assert.Equal(HttpStatusCode.OK, checkedOnly.StatusCode);
        Assert.Null(await WithDbAsync(app, db => db.Localizations.AsNoTracking().FirstOrDefaultAsync(l => l.Item.Key == "hat-dieu" && l.Locale == "ko")));

        var imported = await agency.PostAsync(new Uri("/api/v1/manage/xliff", UriKind.Relative), Body(filled));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var report = await imported.Content.ReadFromJsonAsync<XliffImportDto>();
        Assert.True(report!.Applied > 0);
        var korean = await WithDbAsync(app, db => db.Localizations.AsNoTracking().FirstAsync(l => l.Item.Key == "hat-dieu" && l.Locale == "ko"));
        Assert.Equal(LocalizationStatus.InReview, korean.Status);
        Assert.StartsWith("KO ", (string?)JsonNode.Parse(korean.FieldsJson)!["title"], StringComparison.Ordinal);
        Assert.Null(korean.PublishedRevisionId); // an import never publishes

        var bad = await agency.GetAsync(new Uri("/api/v1/manage/xliff?locale=vi", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_coverage_matrix_is_json_with_the_admins_filters(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        using var portal = Bearer(app, await TokenAsync(editor, [Scopes.Read]));
        using var analyticsOnly = Bearer(app, await TokenAsync(editor, [Scopes.ReadAnalytics]));

        var coverage = await portal.GetFromJsonAsync<JsonObject>("/api/v1/manage/translations/coverage?type=ocop-products&locale=ko");
        var rows = coverage!["rows"]!.AsArray();
        Assert.Equal((int)coverage["totalRows"]!, rows.Count);
        Assert.Equal("missing", (string?)rows.Single(r => (string?)r!["key"] == "hat-dieu")!["cells"]!["ko"]!["state"]);
        Assert.Equal("published", (string?)rows.Single(r => (string?)r!["key"] == "buoi-tan-trieu")!["cells"]!["ko"]!["state"]);
        Assert.Equal("ko", (string?)Assert.Single(coverage["counts"]!.AsArray())!["locale"]);

        var needsWork = await portal.GetFromJsonAsync<JsonObject>("/api/v1/manage/translations/coverage?type=ocop-products&locale=ko&state=needs-work");
        Assert.DoesNotContain(needsWork!["rows"]!.AsArray(), r => (string?)r!["key"] == "buoi-tan-trieu");

        Assert.Equal(HttpStatusCode.BadRequest, (await portal.GetAsync(new Uri("/api/v1/manage/translations/coverage?state=finished", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyticsOnly.GetAsync(new Uri("/api/v1/manage/translations/coverage", UriKind.Relative))).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Webhooks_and_their_delivery_log_are_managed_over_the_api_with_the_admins_rules(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, Settings());
        var root = new AdminClient(app);
        await root.SignInAsync(RootEmail, RootPassword);
        using var portal = Bearer(app, await TokenAsync(root, [Scopes.ManageWebhooks]));
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        using var editorsScript = Bearer(app, await TokenAsync(editor, [Scopes.ManageWebhooks]));
        using var rootReadOnly = Bearer(app, await TokenAsync(root, [Scopes.Read]));

        Assert.Equal(HttpStatusCode.Forbidden, (await editorsScript.GetAsync(new Uri("/api/v1/manage/webhooks", UriKind.Relative))).StatusCode); // the role
        Assert.Equal(HttpStatusCode.Forbidden, (await rootReadOnly.GetAsync(new Uri("/api/v1/manage/webhooks", UriKind.Relative))).StatusCode); // the scope

        var invalid = await portal.PostAsJsonAsync("/api/v1/manage/webhooks", new { url = "ftp://portal.example.gov.vn/hook", events = new[] { "published", "deleted" }, locales = new[] { "fr" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(3, (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["webhook"]!.AsArray().Count);

        // Nothing listens on port 9: every attempt fails and is logged.
        var created = await portal.PostAsJsonAsync("/api/v1/manage/webhooks", new { url = "http://127.0.0.1:9/hook", description = "National portal", events = new[] { "published" }, locales = new[] { "ko" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.StartsWith("whsec_", (string?)body["secret"], StringComparison.Ordinal);
        var id = (long)body["webhook"]!["id"]!;
        var list = await portal.GetFromJsonAsync<JsonArray>("/api/v1/manage/webhooks") ?? [];
        Assert.Equal("National portal", (string?)Assert.Single(list)!["description"]);
        Assert.DoesNotContain("whsec_", list.ToJsonString(), StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cashews = await app.ItemIdAsync("hat-dieu");
            var input = new LocalizationInput("ko", new JsonObject { ["title"] = "캐슈너트", ["summary"] = "요약." }, LocalizationStatus.Published);
            Assert.True((await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(cashews, null, null, input, "test")).Succeeded);
        }

        JsonArray deliveries = [];
        for (var i = 0; i < 100 && (deliveries.Count == 0 || deliveries[0]!["log"]!.AsArray().Count == 0); i++)
        {
            await Task.Delay(100);
            deliveries = (await portal.GetFromJsonAsync<JsonArray>($"/api/v1/manage/webhooks/deliveries?subscription={id}"))!;
        }

        var delivery = Assert.Single(deliveries)!;
        Assert.Equal(("published", "ko"), ((string?)delivery["event"], (string?)delivery["locale"]));
        Assert.NotNull((string?)delivery["log"]![0]!["error"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await portal.GetAsync(new Uri("/api/v1/manage/webhooks/deliveries?state=lost", UriKind.Relative))).StatusCode);

        var resent = await portal.PostAsync(new Uri($"/api/v1/manage/webhooks/deliveries/{(long)delivery["id"]!}/resend", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.PostAsync(new Uri("/api/v1/manage/webhooks/deliveries/999999/resend", UriKind.Relative), null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await portal.DeleteAsync(new Uri($"/api/v1/manage/webhooks/{id}", UriKind.Relative))).StatusCode);
        Assert.Empty((await portal.GetFromJsonAsync<JsonArray>("/api/v1/manage/webhooks"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.DeleteAsync(new Uri($"/api/v1/manage/webhooks/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(3, await WithDbAsync(app, db => db.AuditLog.CountAsync(a => a.Action == "webhook-create" || a.Action == "webhook-resend" || a.Action == "webhook-delete")));
    }

    [Fact]
    public async Task The_openapi_document_declares_the_bearer_scheme_on_management_operations()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite);
        var document = await app.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var scheme = document!["components"]!["securitySchemes"]!["apiToken"]!;
        Assert.Equal(("http", "bearer"), ((string?)scheme["type"], (string?)scheme["scheme"]));
        foreach (var (path, method) in new[] { ("/api/v1/manage/xliff", "post"), ("/api/v1/manage/translations/coverage", "get"), ("/api/v1/manage/webhooks", "get"), ("/api/v1/manage/{type}/{id}", "get") })
        {
            var security = document["paths"]![path]![method]!["security"]!.AsArray();
            Assert.Contains(security, r => r!.AsObject().ContainsKey("apiToken"));
        }

        Assert.Null(document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/api/v1/en", StringComparison.Ordinal)).SelectMany(p => p.Value!.AsObject()).Select(o => o.Value!["security"]).FirstOrDefault(s => s is not null));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_token_gets_the_intersection_of_its_scopes_and_its_owners_role(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var translator = await AdminClient.ForNewUserAsync(app, "ko@dongnai.example", Role.Translator, "ko");
        using var japaneseOnly = Bearer(app, await TokenAsync(editor, [Scopes.Read], "ja"));
        using var translatorsScript = Bearer(app, await TokenAsync(translator, [Scopes.Read], "vi", "ko"));
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var url = $"/api/v1/manage/ocop-products/{id}";
        var etag = (await japaneseOnly.GetAsync(new Uri(url, UriKind.Relative))).Headers.ETag!.ToString();
        var korean = new { fields = new JsonObject { ["title"] = "자몽", ["summary"] = "자몽." }, status = "draft" };

        // An editor may write Korean, but this token was given Japanese only.
        Assert.Equal(HttpStatusCode.Forbidden, (await japaneseOnly.SendAsync(Put(url + "/ko", korean, etag))).StatusCode);
        // The token says write:vi, but a translator never changes the source.
        var source = new { fields = new JsonObject { ["title"] = "Bưởi", ["summary"] = "Bưởi." }, status = "draft" };
        Assert.Equal(HttpStatusCode.Forbidden, (await translatorsScript.SendAsync(Put(url + "/vi", source, etag))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await translatorsScript.SendAsync(Put(url + "/ko", korean, etag))).StatusCode);
    }
}
