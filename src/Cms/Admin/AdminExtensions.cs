using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Admin;

/// <summary>
/// The admin at /admin: cookie sign-in (HttpOnly, SameSite=Strict, written for /admin and
/// /api/v1/manage only), a server-side session and the account checked on every request (so
/// sign-out, timeouts and a password, role or account change end sessions for good), and a
/// per-address rate limit on sign-in. The cookie is Secure whenever the request is HTTPS
/// (SameAsRequest): behind a TLS-terminating proxy that is true only when the proxy's
/// X-Forwarded-Proto is trusted (ForwardedHeaders with the proxy's address configured).
/// </summary>
public static class AdminExtensions
{
    public const string SignInRateLimit = "sign-in";

    public static IHostApplicationBuilder AddCmsAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PendingSignIn>();
        builder.Services.AddScoped<StaffSessions>();
        builder.Services.Configure<SessionOptions>(builder.Configuration.GetSection("Admin"));
        var absolute = builder.Configuration.GetSection("Admin").Get<SessionOptions>()?.AbsoluteTimeout ?? new SessionOptions().AbsoluteTimeout;
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "promosite.admin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.Path = AdminCookieManager.Paths[0];
                options.CookieManager = new AdminCookieManager();
                options.LoginPath = "/admin/sign-in";
                options.LogoutPath = "/admin/sign-out";
                options.AccessDeniedPath = "/admin/denied";

                // The server-side session decides idle and absolute expiry; the cookie only has to
                // outlive it. No sliding: a cookie is never re-issued just because it was used.
                options.ExpireTimeSpan = absolute;
                options.SlidingExpiration = false;
                options.Events.OnValidatePrincipal = ValidatePrincipalAsync;

                // The API answers with status codes, not with a redirect to the sign-in page.
                options.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
            });
        builder.AddApiTokens();
        builder.Services.AddStaffAuthorization();
        // 20 requests a minute per address to the sign-in pages (showing the form counts too):
        // about ten password or code attempts, on top of SignInThrottle's per-account-and-address waits.
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    public static WebApplication UseCmsAdmin(this WebApplication app)
    {
        if (!NodeRoles.Read(app.Configuration).ServesStaff())
        {
            // A site node answers the admin and the management API as unknown paths (404, the
            // site's own page), before anything reads a cookie or a token: no sign-in form that leads
            // to a node that must not write, and nothing for a scanner to try passwords on.
            app.UseWhen(
                context => context.Request.Path.StartsWithSegments("/admin") || context.Request.Path.StartsWithSegments("/api/v1/manage"),
                absent => absent.Run(context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }));
        }

        // An oversized XLIFF upload is answered before anything reads its body (antiforgery
        // would, and fail on it with no word to the user): a clear page, nothing changed.
        app.UseWhen(
            context => HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/admin/translations/xliff")
                && context.Request.ContentLength > Translation.XliffExchange.MaxUploadBytes + (64 * 1024),
            tooLarge => tooLarge.Run(async context =>
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                context.Response.ContentType = "text/html; charset=utf-8";

                // Answered before authentication: the language comes from the switch or the browser.
                var language = AdminCulture.Choose(context);
                System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = AdminCulture.CultureOf(language);
                var a = context.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<AdminText>>();
                var encode = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All); // Vietnamese as letters, not entities
                await context.Response.WriteAsync(
                    $"<!doctype html><html lang=\"{language}\"><meta charset=\"utf-8\"><title>{encode.Encode(a["admin.xliff.tooLargeTitle"])}</title><h1>{encode.Encode(a["admin.xliff.tooLargeTitle"])}</h1>"
                    + $"<p>{encode.Encode(a["admin.xliff.error.tooLarge", context.Request.ContentLength / 1024 / 1024 ?? 0, Translation.XliffExchange.MaxUploadBytes / 1024 / 1024])}</p>"
                    + $"<p><a href=\"/admin/translations/xliff\">{encode.Encode(a["admin.xliff.back"])}</a></p>");
            }));
        // Staff answers carry working copies and personal data: no cache, shared or private, keeps them.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/admin") || context.Request.Path.StartsWithSegments("/api/v1/manage"),
            staff => staff.Use((context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                });
                return next(context);
            }));
        app.UseAuthentication();
        app.UseAdminCulture();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseManagementLimits();
        app.MapManagementApi();
        return app;
    }

    /// <summary>
    /// The cookie principal for a user: the stamp ties it to the account as it is now, the session
    /// claim to a row of <see cref="StaffSessions"/>, and the account state is what the policies read
    /// (recomputed from the database on every request by <see cref="ValidatePrincipalAsync"/>).
    /// </summary>
    public static ClaimsPrincipal PrincipalFor(User user, string sessionToken) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Email),
            new Claim(ClaimTypes.GivenName, user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(Permissions.LocalesClaim, user.Locales),
            new Claim(Permissions.StampClaim, user.SecurityStamp),
            new Claim(StaffSessions.Claim, sessionToken),
            new Claim(AccountStates.Claim, AccountStates.Of(user).ToString()),
            new Claim(AdminCulture.Claim, user.AdminLanguage),
            new Claim(StaffClock.Claim, user.TimeZone),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    private static Task ApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Every request with the admin cookie: the user must exist, be enabled and still have the
    /// cookie's security stamp, and the cookie's session must be open (not signed out, revoked,
    /// idle too long or past its absolute end). The principal is then rebuilt from the database, so
    /// the account state claim the policies read is never older than this request.
    /// </summary>
    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var id = long.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var value) ? value : 0;
        var stamp = context.Principal?.FindFirstValue(Permissions.StampClaim);
        var token = context.Principal?.FindFirstValue(StaffSessions.Claim);
        var db = http.RequestServices.GetRequiredService<CmsDbContext>();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, http.RequestAborted);
        if (user is null || user.Disabled || user.SecurityStamp != stamp
            || await http.RequestServices.GetRequiredService<StaffSessions>().ValidateAsync(token, user.Id, http.RequestAborted) is null)
        {
            context.RejectPrincipal();
            await StaffSessions.ForgetAsync(http);
            return;
        }

        context.ReplacePrincipal(PrincipalFor(user, token!));
        context.ShouldRenew = false;
    }
}
