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
public sealed class CodeModel(AccountService accounts, PendingSignIn pending) : PageModel
{
    public string? Problem { get; private set; }

    public string ReturnUrl { get; private set; } = "/admin";

    public IActionResult OnGet(string? returnUrl)
    {
        ReturnUrl = SignInModel.SafeReturn(returnUrl);
        return pending.Read(HttpContext) is null ? LocalRedirect("/admin/sign-in") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = SignInModel.SafeReturn(returnUrl);
        if (pending.Read(HttpContext) is not { } who)
        {
            return LocalRedirect("/admin/sign-in");
        }

        var outcome = await accounts.CheckCodeAsync(who.UserId, code, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (outcome.Status == SignInStatus.Succeeded)
        {
            pending.End(HttpContext);
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AdminExtensions.PrincipalFor(outcome.User!));
            return LocalRedirect(ReturnUrl);
        }

        Problem = outcome.Status == SignInStatus.LockedOut
            ? $"Too many failed attempts: this account is locked until {outcome.LockedUntil:HH:mm} UTC."
            : "That code is not right (or was already used). Codes change every 30 seconds; check your phone's clock.";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
