using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

/// <summary>
/// Authorization is declared once and applied everywhere: every endpoint the app maps says who may
/// use it, account state closes the API as it closes the pages, and publishing is not a way to edit.
/// </summary>
public sealed class StaffAuthorizationTests
{
    private static readonly Dictionary<string, string> Root = new() { ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" };

    /// <summary>Staff addresses that are open by design: the steps of signing in.</summary>
    private static readonly string[] OpenStaffRoutes = ["admin/sign-in", "admin/code", "admin/enrol"];

    [Fact]
    public async Task Every_endpoint_the_app_maps_declares_who_may_use_it_and_staff_endpoints_are_never_open()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, Root);
        // Razor pages are compiled on first use, and only then carry the metadata their conventions
        // add: load each one as the first request would.
        var loader = app.Services.GetRequiredService<PageLoader>();
        var endpoints = new List<RouteEndpoint>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page && page is not CompiledPageActionDescriptor)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                endpoints.Add(new RouteEndpoint(endpoint.RequestDelegate!, endpoint.RoutePattern, endpoint.Order, new EndpointMetadataCollection(compiled.EndpointMetadata), endpoint.DisplayName));
            }
            else
            {
                endpoints.Add(endpoint);
            }
        }

        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");

        var undeclared = new List<string>();
        var openStaff = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern.RawText?.TrimStart('/') ?? "";
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (!anonymous && (policies.Count == 0 || policies.Any(string.IsNullOrEmpty)))
            {
                undeclared.Add($"{route} ({endpoint.DisplayName})");
            }

            var staff = route.StartsWith("admin", StringComparison.Ordinal) || route.StartsWith("api/v1/manage", StringComparison.Ordinal);
            if (staff && anonymous && !OpenStaffRoutes.Contains(route))
            {
                openStaff.Add(route);
            }
        }

        Assert.True(undeclared.Count == 0, "Endpoints without an explicit policy or [AllowAnonymous]:\n" + string.Join("\n", undeclared));
        Assert.True(openStaff.Count == 0, "Staff endpoints open to anyone:\n" + string.Join("\n", openStaff));
    }

    [Fact]
    public void Every_admin_page_handler_that_changes_something_runs_under_a_declared_policy()
    {
        var pages = typeof(AdminPage).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PageModel)) && t.Namespace?.StartsWith("PromoSite.Cms.Areas.Admin", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(pages);
        var missing = new List<string>();
        foreach (var page in pages)
        {
            var pageDeclares = page.GetCustomAttributes<AuthorizeAttribute>(inherit: false).Any(a => !string.IsNullOrEmpty(a.Policy)) || page.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
            foreach (var handler in page.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
            {
                // A handler without its own declaration runs under its page's: acceptable only when the
                // page declares one itself (the staff convention alone is too weak for a change).
                if (handler.GetCustomAttribute<HandlerPolicyAttribute>() is null && !pageDeclares && !ChangesOnlyUnderResourceChecks.Contains($"{page.Name}.{handler.Name}"))
                {
                    missing.Add($"{page.Name}.{handler.Name}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Handlers that change something with only the staff policy:\n" + string.Join("\n", missing));
    }

    /// <summary>Handlers whose right depends on the item's language: they ask the resource handler (LanguageVersionHandler), or change nothing.</summary>
    private static readonly string[] ChangesOnlyUnderResourceChecks =
    [
        "EditModel.OnPostAsync", "EditModel.OnPostRender", "HistoryModel.OnPostRestoreAsync", "AssetModel.OnPostReplaceAsync",
        "XliffModel.OnPostExportAsync", "XliffModel.OnPostImportAsync",
        "ItemModel.OnPostPlanAsync", // the language plan: the item's facts, so the source's shared-facts check (agency included)
    ];

    [Fact]
    public async Task An_endpoint_that_declares_nothing_is_refused_to_anyone_not_signed_in()
    {
        var handler = new StaffRuleHandler();
        var http = new DefaultHttpContext();
        http.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(), "forgotten"));
        var anonymous = new AuthorizationHandlerContext([StaffRule.Fallback], new ClaimsPrincipal(new ClaimsIdentity()), http);
        await handler.HandleAsync(anonymous);
        Assert.False(anonymous.HasSucceeded);

        var notFound = new AuthorizationHandlerContext([StaffRule.Fallback], new ClaimsPrincipal(new ClaimsIdentity()), new DefaultHttpContext());
        await handler.HandleAsync(notFound);
        Assert.True(notFound.HasSucceeded); // no endpoint: a public 404 stays a 404
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_user_who_must_still_choose_a_password_can_use_no_staff_endpoint_until_they_do(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, Root);
        const string email = "new.editor@dongnai.example";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (_, problem) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("test", email, "New editor", Role.Editor, [], "first password for " + email, null);
            Assert.Null(problem);
        }

        var client = new AdminClient(app);
        await client.SignInAsync(email, "first password for " + email);
        var id = await app.ItemIdAsync("buoi-tan-trieu");

        using var read = await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Contains("password", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/vi") { Content = JsonContent.Create(new { fields = new JsonObject { ["title"] = "Hijacked" }, status = "published" }) };
        put.Headers.IfMatch.Add(EntityTagHeaderValue.Parse("\"1\""));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.SendAsync(put)).StatusCode);
        using var create = await client.Http.PostAsJsonAsync("/api/v1/manage/ocop-products", new { key = "sneaky", source = new { fields = new JsonObject { ["title"] = "Sneaky", ["summary"] = "S." }, status = "draft" } });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        var (page, _) = await client.GetAsync("/admin/content/ocop-products");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/admin/password", page.Headers.Location?.OriginalString);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.AnyAsync(i => i.Key == "sneaky"));
        }

        // Choosing the password opens everything the role allows.
        var (changed, _) = await client.SubmitAsync("/admin/password", new Dictionary<string, string> { ["current"] = "first password for " + email, ["next"] = "a much better passphrase 2026" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Staff_answers_are_never_stored_by_any_cache()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, Root);
        var client = await AdminClient.ForNewUserAsync(app, "cache.editor@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        foreach (var path in new[] { $"/api/v1/manage/ocop-products/{id}", "/admin", $"/admin/content/ocop-products/{id}/vi/edit", $"/admin/preview/en/{id}" })
        {
            using var response = await client.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control {response.Headers.CacheControl}");
            Assert.False(response.Headers.CacheControl?.Public == true, $"{path} is called public");
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_administrator_without_an_authenticator_is_sent_to_set_one_up_and_the_api_stays_closed(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, Root);
        var client = await AdminClient.ForNewUserAsync(app, "second.admin@dongnai.example", Role.Administrator);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).StatusCode);

        // The secret disappears while the session lives on (same security stamp): the state, read on every request, closes the door.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == "second.admin@dongnai.example").ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpSecret, (string?)null));
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).StatusCode);
        var (page, _) = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/admin/enrol", page.Headers.Location?.OriginalString);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_reviewer_of_Vietnamese_publishes_the_stored_version_exactly_and_cannot_rewrite_it(DatabaseProvider provider)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, Root);
        var reviewer = await AdminClient.ForNewUserAsync(app, "reviewer.vi@dongnai.example", Role.Reviewer, "vi");
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var before = await StoredAsync(app, id);

        // Through the API: a body that changes anything is refused; the status alone is taken.
        var etag = (await reviewer.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).Headers.ETag!;
        using (var hijack = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/vi")
        {
            Content = JsonContent.Create(new { fields = new JsonObject { ["title"] = "Hijacked", ["summary"] = "Rewritten." }, status = "published", slug = "hijacked", seoTitle = "Hijacked" }),
        })
        {
            hijack.Headers.IfMatch.Add(etag);
            Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.Http.SendAsync(hijack)).StatusCode);
        }

        using (var shared = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/vi")
        {
            Content = JsonContent.Create(new { status = "published", shared = new JsonObject { ["stars"] = 3, ["category"] = "food" } }),
        })
        {
            shared.Headers.IfMatch.Add(etag);
            Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.Http.SendAsync(shared)).StatusCode);
        }

        using (var publish = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/vi") { Content = JsonContent.Create(new { status = "published" }) })
        {
            publish.Headers.IfMatch.Add(etag);
            Assert.Equal(HttpStatusCode.OK, (await reviewer.Http.SendAsync(publish)).StatusCode);
        }

        Assert.Equal(before, await StoredAsync(app, id));

        // Through the form: posted slug, SEO fields, schedule and text are ignored for someone who may only publish.
        var (response, _) = await reviewer.SubmitAsync($"/admin/content/ocop-products/{id}/vi/edit", new Dictionary<string, string>
        {
            ["action"] = "publish", ["slug"] = "hijacked", ["seoTitle"] = "Hijacked", ["seoDescription"] = "Hijacked", ["f.title"] = "Hijacked", ["publishAt"] = "2030-01-01T00:00",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before, await StoredAsync(app, id));
    }

    public static TheoryData<Role, string> Pages() => new()
    {
        // role, then for each page in AdminPages: 1 shown, 0 refused
        { Role.Viewer,        "1 1 1 1 1 1 1 0 0 0 0 0" },
        { Role.Translator,    "1 1 1 1 1 1 1 0 0 0 0 0" },
        { Role.Reviewer,      "1 1 1 1 1 1 1 0 0 0 0 0" },
        { Role.Editor,        "1 1 1 1 1 1 1 1 1 0 0 0" },
        { Role.Administrator, "1 1 1 1 1 1 1 1 1 1 1 1" },
    };

    private static readonly string[] AdminPages =
    [
        "/admin", "/admin/content/ocop-products", "/admin/translations", "/admin/translations/xliff", "/admin/links", "/admin/media", "/admin/analytics",
        "/admin/trash", "/admin/enquiries", "/admin/users", "/admin/audit", "/admin/webhooks",
    ];

    [Theory, MemberData(nameof(Pages))]
    public async Task Each_role_opens_exactly_the_admin_pages_it_may(Role role, string expected)
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, Root);
        var client = await AdminClient.ForNewUserAsync(app, $"{role.ToString().ToLowerInvariant()}@dongnai.example", role, "ko");
        var wanted = expected.Split(' ').Select(v => v == "1").ToList();
        var wrong = new List<string>();
        for (var i = 0; i < AdminPages.Length; i++)
        {
            var (response, _) = await client.GetAsync(AdminPages[i]);
            var shown = response.StatusCode == HttpStatusCode.OK;
            var refused = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/admin/denied", StringComparison.Ordinal) == true;
            if (shown != wanted[i] || (!shown && !refused))
            {
                wrong.Add($"{AdminPages[i]} → {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(wrong.Count == 0, $"{role}: " + string.Join(", ", wrong));
    }

    private static async Task<string> StoredAsync(PromoSiteFactory app, long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var l = await db.Localizations.AsNoTracking().SingleAsync(l => l.ItemId == id && l.Locale == "vi");
        var shared = await db.Items.AsNoTracking().Where(i => i.Id == id).Select(i => i.SharedJson).SingleAsync();
        return $"{l.Slug}|{l.SeoTitle}|{l.SeoDescription}|{l.PublishAt:O}|{l.UnpublishAt:O}|{l.FieldsJson}|{shared}";
    }
}
