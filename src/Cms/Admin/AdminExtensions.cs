using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Admin;

/// <summary>
/// The admin at /admin: cookie sign-in (HttpOnly, SameSite=Strict, limited to /admin and the
/// management API), a security stamp checked on every request so that a password, role or account
/// change ends the user's other sessions, and a per-address rate limit on sign-in.
/// </summary>
public static class AdminExtensions
{
    public const string SignInRateLimit = "sign-in";

    public static IHostApplicationBuilder AddCmsAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PendingSignIn>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "promosite.admin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/admin/sign-in";
                options.LogoutPath = "/admin/sign-out";
                options.AccessDeniedPath = "/admin/denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ValidateStampAsync;

                // The API answers with status codes, not with a redirect to the sign-in page.
                options.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
            });
        builder.AddApiTokens();
        builder.Services.AddStaffAuthorization();
        // 20 requests a minute per address to the sign-in pages (showing the form counts too):
        // about ten password or code attempts, on top of the per-account lockout.
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
        // An oversized XLIFF upload is answered before anything reads its body (antiforgery
        // would, and fail on it with no word to the user): a clear page, nothing changed.
        app.UseWhen(
            context => HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/admin/translations/xliff")
                && context.Request.ContentLength > Translation.XliffExchange.MaxUploadBytes + (64 * 1024),
            tooLarge => tooLarge.Run(async context =>
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    $"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>File too large</title><h1>File too large</h1><p>The file is {context.Request.ContentLength / 1024 / 1024} MB; "
                    + $"at most {Translation.XliffExchange.MaxUploadBytes / 1024 / 1024} MB can be imported at once. Nothing was imported. Split it by language or section.</p>"
                    + "<p><a href=\"/admin/translations/xliff\">Back to XLIFF import</a></p>");
            }));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapManagementApi();
        return app;
    }

    /// <summary>Builds the cookie principal for a user; the stamp ties it to the account as it is now.</summary>
    public static ClaimsPrincipal PrincipalFor(User user) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Email),
            new Claim(ClaimTypes.GivenName, user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(Permissions.LocalesClaim, user.Locales),
            new Claim(Permissions.StampClaim, user.SecurityStamp),
            new Claim(AccountStates.Claim, AccountStates.Of(user).ToString()),
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

    private static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        var id = long.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var value) ? value : 0;
        var stamp = context.Principal?.FindFirstValue(Permissions.StampClaim);
        var db = context.HttpContext.RequestServices.GetRequiredService<CmsDbContext>();
        var current = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, context.HttpContext.RequestAborted);
        if (current is null || current.Disabled || current.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        // The account's state as it is now (a first password chosen, an authenticator reset), which
        // every staff policy reads; the cookie itself is not rewritten.
        context.ReplacePrincipal(PrincipalFor(current));
    }
}
