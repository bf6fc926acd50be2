using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

/// <summary>Sign-in as a state machine (issue 13, hole 1), recovery codes, and the administrator's reset.</summary>
public sealed class SignInStateTests
{
    internal const string AdminEmail = "chief@dongnai.example";
    internal const string AdminPassword = "river mango lantern 2026";

    internal static Task<PromoSiteFactory> StartAsync(DatabaseProvider provider) =>
        PromoSiteFactory.StartAsync(provider, new ContentFolder().Path, new Dictionary<string, string> { ["Admin:Email"] = AdminEmail, ["Admin:Password"] = AdminPassword });

    internal static async Task<T> WithDbAsync<T>(PromoSiteFactory app, Func<CmsDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CmsDbContext>());
    }

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [Theory, ClassData(typeof(Providers))]
    public async Task A_cookie_from_the_code_step_cannot_enrol_a_new_authenticator_and_the_owners_codes_still_work(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var owner = new AdminClient(app);
        var secret = await owner.SignInAsync(AdminEmail, AdminPassword);
        var stored = await WithDbAsync(app, db => db.Users.Where(u => u.Email == AdminEmail).Select(u => u.TotpSecret).SingleAsync());

        // The attacker knows the password, not the authenticator.
        var attacker = new AdminClient(app);
        var (password, _) = await attacker.SubmitAsync("/admin/sign-in", Fields(("email", AdminEmail), ("password", AdminPassword)));
        Assert.StartsWith("/admin/code", password.Headers.Location?.ToString(), StringComparison.Ordinal);

        var (enrol, page) = await attacker.GetAsync("/admin/enrol");
        Assert.Equal(HttpStatusCode.Redirect, enrol.StatusCode);
        Assert.StartsWith("/admin/code", enrol.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("code.key"));

        // Posting a code of a secret of their own, with a valid antiforgery token, changes nothing.
        var (_, code) = await attacker.GetAsync("/admin/code");
        var own = Totp.NewSecret();
        var (posted, _) = await attacker.PostFormAsync(code, "/admin/enrol", Fields(("code", Totp.Code(own, Totp.StepAt(DateTimeOffset.UtcNow)))));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/admin/sign-in", posted.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.GetAsync("/admin")).Response.StatusCode);
        Assert.Equal(stored, await WithDbAsync(app, db => db.Users.Where(u => u.Email == AdminEmail).Select(u => u.TotpSecret).SingleAsync()));

        // The owner's authenticator still signs them in.
        var later = new AdminClient(app);
        await later.SignInAsync(AdminEmail, AdminPassword, secret: secret);
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/admin")).Response.StatusCode);
        Assert.Equal(1, await WithDbAsync(app, db => db.AuditLog.CountAsync(e => e.Action == "totp-enrol")));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Replacing_the_authenticator_while_signed_in_needs_the_password_and_a_current_code(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var admin = new AdminClient(app);
        var secret = await admin.SignInAsync(AdminEmail, AdminPassword);
        var now = DateTimeOffset.UtcNow;

        var (noPassword, page) = await admin.SubmitAsync("/admin/enrol", Fields(("password", "not the password"), ("code", AdminClient.NextCode(secret!, now))));
        Assert.Equal(HttpStatusCode.BadRequest, noPassword.StatusCode);
        Assert.Null(page.QuerySelector("code.key"));

        var (noCode, page2) = await admin.SubmitAsync("/admin/enrol", Fields(("password", AdminPassword), ("code", "000000")));
        Assert.Equal(HttpStatusCode.BadRequest, noCode.StatusCode);
        Assert.Null(page2.QuerySelector("code.key"));

        // A forged proof is refused too.
        var (_, verify) = await admin.GetAsync("/admin/enrol");
        var (forged, _) = await admin.PostFormAsync(verify, "/admin/enrol?handler=Confirm", Fields(("enrolment", "forged"), ("code", "123456")));
        Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);

        var (verified, scan) = await admin.SubmitAsync("/admin/enrol", Fields(("password", AdminPassword), ("code", AdminClient.NextCode(secret!, now))));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var fresh = Totp.FromBase32(scan.QuerySelector("code.key")!.TextContent);
        var (done, codes) = await admin.PostFormAsync(scan, "/admin/enrol", Fields(("code", Totp.Code(fresh, Totp.StepAt(now)))));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(RecoveryCode.PerUser, codes.QuerySelectorAll(".recovery-codes code").Length);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).Response.StatusCode); // a fresh session for this browser

        // The old phone no longer signs in; the new one does.
        var oldPhone = new AdminClient(app).From("198.51.100.20"); // other addresses: the sign-in pages allow 20 requests a minute per address
        var (step, _) = await oldPhone.SubmitAsync("/admin/sign-in", Fields(("email", AdminEmail), ("password", AdminPassword)));
        var (refused, _) = await oldPhone.SubmitAsync(step.Headers.Location!.ToString(), Fields(("code", Totp.Code(secret!, Totp.StepAt(now) + 1))));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var newPhone = new AdminClient(app).From("198.51.100.21");
        await newPhone.SignInAsync(AdminEmail, AdminPassword, secret: fresh);
        Assert.Equal(2, await WithDbAsync(app, db => db.AuditLog.CountAsync(e => e.Action == "totp-enrol")));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_recovery_code_signs_in_once_only_and_says_how_many_are_left(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var admin = new AdminClient(app);
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var recovery = admin.RecoveryCodes[3];
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", recovery);
        Assert.DoesNotContain(await WithDbAsync(app, db => db.RecoveryCodes.Select(c => c.CodeHash).ToListAsync()), h => h.Contains(recovery.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

        var lostPhone = new AdminClient(app);
        var (step, _) = await lostPhone.SubmitAsync("/admin/sign-in", Fields(("email", AdminEmail), ("password", AdminPassword)));
        var (used, page) = await lostPhone.SubmitAsync(step.Headers.Location!.ToString(), Fields(("code", recovery.ToLowerInvariant())));
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Contains("9", page.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await lostPhone.GetAsync("/admin")).Response.StatusCode);

        var again = new AdminClient(app);
        var (step2, _) = await again.SubmitAsync("/admin/sign-in", Fields(("email", AdminEmail), ("password", AdminPassword)));
        var (refused, _) = await again.SubmitAsync(step2.Headers.Location!.ToString(), Fields(("code", recovery)));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, await WithDbAsync(app, db => db.AuditLog.CountAsync(e => e.Action == "sign-in-recovery-code" && e.Actor == AdminEmail)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_administrator_resets_another_users_authenticator_audited_and_their_sessions_end(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var root = new AdminClient(app);
        await root.SignInAsync(AdminEmail, AdminPassword);
        var deputy = await AdminClient.ForNewUserAsync(app, "deputy@dongnai.example", Role.Administrator);
        Assert.Equal(HttpStatusCode.OK, (await deputy.GetAsync("/admin")).Response.StatusCode);
        var id = await WithDbAsync(app, db => db.Users.Where(u => u.Email == "deputy@dongnai.example").Select(u => u.Id).SingleAsync());

        var (_, users) = await root.GetAsync("/admin/users");
        var form = users.QuerySelectorAll("main form").Select((f, i) => (f, i)).Single(p => p.f.GetAttribute("action")!.Contains("ResetAuthenticator", StringComparison.Ordinal) && p.f.QuerySelector("input[name=id]")!.GetAttribute("value") == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).i;
        var (reset, _) = await root.SubmitAsync("/admin/users", Fields(), form);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await deputy.GetAsync("/admin")).Response.StatusCode);
        Assert.True(await WithDbAsync(app, db => db.AuditLog.AnyAsync(e => e.Action == "totp-reset" && e.Actor == AdminEmail && e.Target == "deputy@dongnai.example")));
        Assert.Null(await WithDbAsync(app, db => db.Users.Where(u => u.Id == id).Select(u => u.TotpSecret).SingleAsync()));
        Assert.Equal(0, await WithDbAsync(app, db => db.RecoveryCodes.CountAsync(c => c.UserId == id)));

        // With the password, the deputy now sets up a new authenticator.
        var (again, _) = await new AdminClient(app).SubmitAsync("/admin/sign-in", Fields(("email", "deputy@dongnai.example"), ("password", "first password for deputy@dongnai.example")));
        Assert.StartsWith("/admin/enrol", again.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_administrator_ends_another_users_sessions_from_the_users_page(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var root = new AdminClient(app);
        await root.SignInAsync(AdminEmail, AdminPassword);
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var id = await WithDbAsync(app, db => db.Users.Where(u => u.Email == "editor@dongnai.example").Select(u => u.Id).SingleAsync());

        var (_, users) = await root.GetAsync("/admin/users");
        var form = users.QuerySelectorAll("main form").Select((f, i) => (f, i)).Single(p => p.f.GetAttribute("action")!.Contains("EndSessions", StringComparison.Ordinal) && p.f.QuerySelector("input[name=id]")!.GetAttribute("value") == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).i;
        var (ended, _) = await root.SubmitAsync("/admin/users", Fields(), form);

        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.GetAsync("/admin")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await root.GetAsync("/admin")).Response.StatusCode);
        Assert.True(await WithDbAsync(app, db => db.AuditLog.AnyAsync(e => e.Action == "sessions-revoked" && e.Target == "editor@dongnai.example")));
    }
}

/// <summary>Server-side sessions, timeouts and the cookie's paths (issue 13, hole 4).</summary>
public sealed class SessionTests
{
    private const string EditorEmail = "editor@dongnai.example";
    private const string EditorPassword = "first password for editor@dongnai.example";

    private static string AdminCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("promosite.admin=", StringComparison.Ordinal)).Split(';')[0];

    [Theory, ClassData(typeof(Providers))]
    public async Task Signing_out_makes_a_copied_cookie_useless(DatabaseProvider provider)
    {
        await using var app = await SignInStateTests.StartAsync(provider);
        await AdminClient.ForNewUserAsync(app, EditorEmail, Role.Editor);
        var editor = new AdminClient(app);
        var (signedIn, _) = await editor.SubmitAsync("/admin/sign-in", new Dictionary<string, string> { ["email"] = EditorEmail, ["password"] = EditorPassword });
        var copied = AdminCookie(signedIn);

        var thief = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        thief.DefaultRequestHeaders.Add("Cookie", copied);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode);

        var (signedOut, _) = await editor.SubmitAsync("/admin/sign-out", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var replay = await thief.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("http://localhost/admin/sign-in", replay.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync(new Uri("/api/v1/manage/articles/1", UriKind.Relative))).StatusCode);
        Assert.Equal("sign-out", await SignInStateTests.WithDbAsync(app, db => db.UserSessions.Where(s => s.RevokedAt != null).Select(s => s.RevokedReason).FirstAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_session_ends_after_the_idle_timeout_and_after_the_absolute_timeout(DatabaseProvider provider)
    {
        await using var started = await SignInStateTests.StartAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = started.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("test", EditorEmail, EditorEmail, Role.Editor, [], EditorPassword, null);
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == EditorEmail).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false));
        }

        async Task<(HttpClient Client, Func<Task<HttpStatusCode>> Dashboard)> SignInAsync()
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var page = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri("/admin/sign-in", UriKind.Relative)), CancellationToken.None);
            var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var response = await client.PostAsync(new Uri("/admin/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["email"] = EditorEmail, ["password"] = EditorPassword }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return (client, async () => (await client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode);
        }

        // Idle: 30 minutes by default, each request moving the deadline on.
        var (_, idle) = await SignInAsync();
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await idle());
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await idle());
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Redirect, await idle());

        // Absolute: 12 hours however busy.
        var (_, busy) = await SignInAsync();
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, await busy());
        }

        clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal(HttpStatusCode.Redirect, await busy());
    }

    [Fact]
    public async Task The_admin_cookie_is_written_for_the_admin_and_the_management_api_only()
    {
        await using var app = await SignInStateTests.StartAsync(DatabaseProvider.Sqlite);
        await AdminClient.ForNewUserAsync(app, EditorEmail, Role.Editor);
        var (signedIn, _) = await new AdminClient(app).SubmitAsync("/admin/sign-in", new Dictionary<string, string> { ["email"] = EditorEmail, ["password"] = EditorPassword });

        var cookies = signedIn.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("promosite.admin=", StringComparison.Ordinal)).ToList();
        Assert.Equal(["path=/admin", "path=/api/v1/manage"], cookies.Select(c => c.Split("; ").Single(a => a.StartsWith("path=", StringComparison.Ordinal))).Order());
        Assert.All(cookies, c => Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("samesite=strict", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.DoesNotContain("expires=", c, StringComparison.OrdinalIgnoreCase)); // a browser-session cookie; the server decides expiry

        // The staff marker that keeps staff out of analytics goes everywhere but carries nothing.
        var marker = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("promosite.staff=", StringComparison.Ordinal));
        Assert.Contains("path=/;", marker + ";", StringComparison.Ordinal);
        Assert.StartsWith("promosite.staff=1;", marker, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_sessions_page_lists_the_users_sessions_and_signs_out_one_or_everywhere(DatabaseProvider provider)
    {
        await using var app = await SignInStateTests.StartAsync(provider);
        var laptop = await AdminClient.ForNewUserAsync(app, EditorEmail, Role.Editor);
        var phone = new AdminClient(app);
        phone.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36");
        await phone.SignInAsync(EditorEmail, EditorPassword);
        var tablet = new AdminClient(app);
        await tablet.SignInAsync(EditorEmail, EditorPassword);

        var (response, page) = await laptop.GetAsync("/admin/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("table.sessions tbody tr");
        Assert.Equal(3, rows.Length);
        Assert.Contains(rows, r => r.TextContent.Contains("Chrome · Android", StringComparison.Ordinal));
        Assert.Single(rows, r => r.QuerySelector("strong") is not null); // this browser

        var phoneRow = page.QuerySelectorAll("main form").Select((f, i) => (f, i)).First(p => p.f.Closest("tr")?.TextContent.Contains("Android", StringComparison.Ordinal) == true).i;
        var (revoked, _) = await laptop.SubmitAsync("/admin/sessions", new Dictionary<string, string>(), phoneRow);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/admin")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tablet.GetAsync("/admin")).Response.StatusCode);

        var (_, again) = await laptop.GetAsync("/admin/sessions");
        var (everywhere, _) = await laptop.SubmitAsync("/admin/sessions", new Dictionary<string, string>(), again.QuerySelectorAll("main form").Length - 1);
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await tablet.GetAsync("/admin")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/admin")).Response.StatusCode);
    }
}

/// <summary>One answer for unknown, wrong and throttled sign-ins, and no targeted lock-out (issue 13, holes 6 and 9).</summary>
public sealed class SignInThrottleTests
{
    private const string EditorEmail = "editor@dongnai.example";
    private const string EditorPassword = "first password for editor@dongnai.example";

    private static async Task<(HttpStatusCode Status, string Heading, string Error)> TryAsync(AdminClient client, string email, string password)
    {
        var (response, page) = await client.SubmitAsync("/admin/sign-in", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        return (response.StatusCode, page.QuerySelector("main h1")?.TextContent ?? "", page.QuerySelector(".error")?.TextContent ?? "");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Unknown_wrong_and_throttled_sign_ins_get_the_same_page_and_status(DatabaseProvider provider)
    {
        await using var app = await SignInStateTests.StartAsync(provider);
        await AdminClient.ForNewUserAsync(app, EditorEmail, Role.Editor);
        var client = new AdminClient(app).From("203.0.113.9");

        var unknown = await TryAsync(client, "nobody@dongnai.example", "some password");
        var wrong = await TryAsync(client, EditorEmail, "wrong password 0");
        for (var i = 1; i < 5; i++)
        {
            Assert.Equal(wrong, await TryAsync(client, EditorEmail, "wrong password " + i));
        }

        var throttled = await TryAsync(client, EditorEmail, EditorPassword); // the right password, refused unchecked
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, throttled);
        Assert.True(await SignInStateTests.WithDbAsync(app, db => db.AuditLog.AnyAsync(e => e.Action == SignInThrottle.ThrottledAction && e.Actor == EditorEmail)));
        Assert.Equal(5, await SignInStateTests.WithDbAsync(app, db => db.AuditLog.CountAsync(e => e.Action == SignInThrottle.FailedAction && e.Actor == EditorEmail)));

        // An unknown account is throttled exactly the same way, so throttling reveals nothing either
        // (from another address, to stay inside the per-address rate limit of the sign-in pages).
        var other = new AdminClient(app).From("203.0.113.10");
        for (var i = 0; i < 5; i++)
        {
            await TryAsync(other, "nobody@dongnai.example", "some password " + i);
        }

        Assert.Equal(throttled, await TryAsync(other, "nobody@dongnai.example", "some password"));
        Assert.Equal(1, await SignInStateTests.WithDbAsync(app, db => db.AuditLog.CountAsync(e => e.Action == SignInThrottle.ThrottledAction && e.Actor == "nobody@dongnai.example")));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_attackers_failures_from_one_address_do_not_stop_the_owner_signing_in_from_another(DatabaseProvider provider)
    {
        await using var app = await SignInStateTests.StartAsync(provider);
        var attacker = new AdminClient(app).From("203.0.113.9");
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync(attacker, SignInStateTests.AdminEmail, "guess " + i)).Status);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync(attacker, SignInStateTests.AdminEmail, SignInStateTests.AdminPassword)).Status);

        // The administrator, from the office, signs in as usual: no lock-out.
        var owner = new AdminClient(app).From("198.51.100.7");
        Assert.NotNull(await owner.SignInAsync(SignInStateTests.AdminEmail, SignInStateTests.AdminPassword));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/admin")).Response.StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_return_address_with_a_control_character_is_unsafe_and_falls_back_to_the_admin(DatabaseProvider provider)
    {
        await using var app = await SignInStateTests.StartAsync(provider);
        await AdminClient.ForNewUserAsync(app, EditorEmail, Role.Editor);
        var client = new AdminClient(app);

        var (form, page) = await client.GetAsync("/admin/sign-in?returnUrl=%2Fadmin%2Fusers%09x");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal("/admin", page.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));

        foreach (var unsafeUrl in new[] { "/admin/users\tx", "/admin\r\nLocation: https://evil.example", "/admin/\u0001", "//evil.example/admin", "/adminx" })
        {
            var (response, _) = await new AdminClient(app).SubmitAsync("/admin/sign-in", new Dictionary<string, string> { ["email"] = EditorEmail, ["password"] = EditorPassword, ["returnUrl"] = unsafeUrl });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/admin", response.Headers.Location?.ToString());
        }
    }
}
