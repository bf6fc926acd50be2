using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

public sealed class AccountTests
{
    private const string AdminEmail = "chief@dongnai.example";
    private const string AdminPassword = "river mango lantern 2026";

    private static Task<PromoSiteFactory> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        PromoSiteFactory.StartAsync(provider, new ContentFolder().Path, new Dictionary<string, string> { ["Admin:Email"] = AdminEmail, ["Admin:Password"] = AdminPassword });

    private static async Task<AdminClient> AddUserAsync(PromoSiteFactory app, AdminClient admin, string email, Role role, string locales = "")
    {
        var fields = new Dictionary<string, string> { ["email"] = email, ["displayName"] = email, ["role"] = role.ToString(), ["password"] = "first password for " + email };
        var content = locales.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var (response, _) = await admin.SubmitAsync("/admin/users", fields, form: await CreateFormIndexAsync(admin));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.Locales, string.Join(',', content)).SetProperty(u => u.MustChangePassword, false));
        }

        var client = new AdminClient(app);
        await client.SignInAsync(email, "first password for " + email);
        return client;
    }

    private static async Task<int> CreateFormIndexAsync(AdminClient admin)
    {
        var (_, page) = await admin.GetAsync("/admin/users");
        return page.QuerySelectorAll("main form").Length - 1;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_first_administrator_from_configuration_must_enrol_an_authenticator_before_anything_else(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var admin = new AdminClient(app);

        var secret = await admin.SignInAsync(AdminEmail, AdminPassword);
        Assert.NotNull(secret);
        var (dashboard, page) = await admin.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(AdminEmail, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // Next time the password alone is not enough: a code is asked for.
        var again = new AdminClient(app);
        var (response, _) = await again.SubmitAsync("/admin/sign-in", new Dictionary<string, string> { ["email"] = AdminEmail, ["password"] = AdminPassword });
        Assert.StartsWith("/admin/code", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/admin")).Response.StatusCode);
    }

    [Fact]
    public async Task Without_configuration_the_first_administrator_gets_a_one_time_password_that_must_be_changed()
    {
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, new ContentFolder().Path);
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.SingleAsync();

        Assert.Equal((Role.Administrator, true), (user.Role, user.MustChangePassword));
        Assert.StartsWith("AQAAAA", user.PasswordHash, StringComparison.Ordinal); // PasswordHasher v3 (PBKDF2), never plain
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_every_admin_page()
    {
        await using var app = await StartAsync();
        var client = new AdminClient(app);
        foreach (var path in new[] { "/admin", "/admin/users", "/admin/audit", "/admin/password" })
        {
            var (response, _) = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("http://localhost/admin/sign-in", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_administrators_manage_users_and_a_forged_request_is_refused_like_the_interface_would()
    {
        await using var app = await StartAsync();
        var admin = new AdminClient(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var editor = await AddUserAsync(app, admin, "editor@dongnai.example", Role.Editor);

        Assert.Equal(HttpStatusCode.Redirect, (await editor.GetAsync("/admin/users")).Response.StatusCode); // to /admin/denied
        // The editor crafts the administrator's form by hand, with a valid antiforgery token of their own.
        var (_, dashboard) = await editor.GetAsync("/admin/password");
        var token = dashboard.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await editor.Http.PostAsync(new Uri("/admin/users?handler=Create", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["email"] = "mallory@example.org", ["role"] = "Administrator", ["password"] = "a strong enough password",
        }));

        Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.AnyAsync(u => u.Email == "mallory@example.org"));
    }

    [Fact]
    public async Task A_role_change_ends_that_users_sessions()
    {
        await using var app = await StartAsync();
        var admin = new AdminClient(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var translator = await AddUserAsync(app, admin, "ko@dongnai.example", Role.Translator, "ko");
        Assert.Equal(HttpStatusCode.OK, (await translator.GetAsync("/admin")).Response.StatusCode);

        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == "ko@dongnai.example").Select(u => u.Id).SingleAsync();
        }

        var (_, users) = await admin.GetAsync("/admin/users");
        var formIndex = users.QuerySelectorAll("main form").Select((f, i) => (f, i)).Single(p => p.f.Id == $"user-{id}").i;
        var (saved, _) = await admin.SubmitAsync("/admin/users", new Dictionary<string, string> { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = "Reviewer", ["locales"] = "ko" }, form: formIndex);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await translator.GetAsync("/admin")).Response.StatusCode);
        await using var check = app.Services.CreateAsyncScope();
        Assert.True(await check.ServiceProvider.GetRequiredService<CmsDbContext>().AuditLog.AnyAsync(e => e.Action == "role-change" && e.Target == "ko@dongnai.example"));
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_but_keeps_this_one()
    {
        await using var app = await StartAsync();
        var admin = new AdminClient(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var laptop = await AddUserAsync(app, admin, "editor@dongnai.example", Role.Editor);
        var phone = new AdminClient(app);
        await phone.SignInAsync("editor@dongnai.example", "first password for editor@dongnai.example");

        var (changed, _) = await laptop.SubmitAsync("/admin/password", new Dictionary<string, string> { ["current"] = "first password for editor@dongnai.example", ["next"] = "a brand new passphrase" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/admin")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/admin")).Response.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var app = await StartAsync();
        var admin = new AdminClient(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var (response, _) = await admin.SubmitAsync("/admin/password", new Dictionary<string, string> { ["current"] = AdminPassword, ["next"] = "another fine passphrase" }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var signIn = new AdminClient(app);
        var (ok, _) = await signIn.SubmitAsync("/admin/sign-in", new Dictionary<string, string> { ["email"] = AdminEmail, ["password"] = AdminPassword });
        Assert.StartsWith("/admin/code", ok.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", "ít nhất 8")]
    [InlineData("password123", "kẻ tấn công")]
    [InlineData("aaaaaaaaaaaa", "kẻ tấn công")]
    [InlineData("chief@dongnai.example", "e-mail")]
    public async Task A_weak_new_password_is_refused_with_the_reason(string password, string reason)
    {
        await using var app = await StartAsync();
        var admin = new AdminClient(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var (response, page) = await admin.SubmitAsync("/admin/password", new Dictionary<string, string> { ["current"] = AdminPassword, ["next"] = password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, page.QuerySelector(".error")!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task One_address_hammering_the_sign_in_page_is_slowed_down_with_429()
    {
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, new ContentFolder().Path);
        var client = new AdminClient(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            statuses.Add((await client.GetAsync("/admin/sign-in")).Response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}

public sealed class SignOutTests
{
    [Fact]
    public async Task Signing_out_from_the_header_ends_the_session()
    {
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, new ContentFolder().Path, new Dictionary<string, string> { ["Admin:Email"] = "chief@dongnai.example", ["Admin:Password"] = "river mango lantern 2026" });
        var admin = new AdminClient(app);
        await admin.SignInAsync("chief@dongnai.example", "river mango lantern 2026");
        var (_, dashboard) = await admin.GetAsync("/admin");
        var form = dashboard.QuerySelector("header form.sign-out")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await admin.Http.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin")).Response.StatusCode);
    }
}
