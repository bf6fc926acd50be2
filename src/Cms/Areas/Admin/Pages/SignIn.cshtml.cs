using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;

namespace PromoSite.Cms.Areas.Admin.Pages;

[EnableRateLimiting(AdminExtensions.SignInRateLimit)]
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class SignInModel(AccountService accounts, PendingSignIn pending) : PageModel
{
    public string? Problem { get; private set; }

    public string? Email { get; private set; }

    public string ReturnUrl { get; private set; } = "/admin";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturn(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl, CancellationToken ct)
    {
        Email = email;
        ReturnUrl = SafeReturn(returnUrl);
        var outcome = await accounts.CheckPasswordAsync(email, password, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        switch (outcome.Status)
        {
            case SignInStatus.Succeeded:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AdminExtensions.PrincipalFor(outcome.User!));
                return LocalRedirect(ReturnUrl);
            case SignInStatus.NeedsCode:
                pending.Start(HttpContext, outcome.User!.Id);
                return LocalRedirect("/admin/code?returnUrl=" + Uri.EscapeDataString(ReturnUrl));
            case SignInStatus.NeedsEnrolment:
                pending.Start(HttpContext, outcome.User!.Id);
                return LocalRedirect("/admin/enrol");
            case SignInStatus.LockedOut:
                Problem = $"Too many failed attempts: this account is locked until {outcome.LockedUntil:HH:mm} UTC.";
                break;
            default:
                Problem = "The e-mail address or the password is not right.";
                break;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    /// <summary>Only paths inside the admin: a sign-in link cannot send anyone elsewhere.</summary>
    public static string SafeReturn(string? url) =>
        url is { Length: > 0 } && url.StartsWith("/admin", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal) ? url : "/admin";
}
