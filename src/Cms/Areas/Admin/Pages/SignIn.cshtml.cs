using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>
/// The password step of sign-in. What comes next is decided from the account as it is in the
/// database and written into the pending cookie as the one step allowed: the code when the account
/// has an authenticator, enrolment only when it has none and must have one.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AdminExtensions.SignInRateLimit)]
public sealed class SignInModel(AccountService accounts, PendingSignIn pending, StaffSessions sessions) : PageModel
{
    /// <summary>The admin string key of the problem to show.</summary>
    public string? Problem { get; private set; }

    public string? Email { get; private set; }

    public string ReturnUrl { get; private set; } = "/admin";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturn(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl, CancellationToken ct)
    {
        Email = email is { Length: > 254 } ? email[..254] : email;
        ReturnUrl = SafeReturn(returnUrl);
        pending.End(HttpContext); // a new attempt forgets any half-finished one
        var outcome = await accounts.CheckPasswordAsync(email, password, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        switch (outcome.Status)
        {
            case SignInStatus.Succeeded:
                await sessions.SignInAsync(HttpContext, outcome.User!, ct);
                return LocalRedirect(ReturnUrl);
            case SignInStatus.NeedsCode:
                pending.Start(HttpContext, new PendingState(outcome.User!.Id, PendingStage.Code, outcome.User.SecurityStamp, null));
                return LocalRedirect("/admin/code?returnUrl=" + Uri.EscapeDataString(ReturnUrl));
            case SignInStatus.NeedsEnrolment:
                pending.Start(HttpContext, new PendingState(outcome.User!.Id, PendingStage.Enrol, outcome.User.SecurityStamp, null));
                return LocalRedirect("/admin/enrol?returnUrl=" + Uri.EscapeDataString(ReturnUrl));
            default:
                // Unknown account, wrong password and a throttled attempt get this same answer.
                Problem = "admin.signin.invalid";
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }

    /// <summary>
    /// Only plain paths inside the admin: a sign-in link cannot send anyone elsewhere, and a control
    /// character (a TAB, a line break), which browsers strip and LocalRedirect refuses, is unsafe too.
    /// </summary>
    public static string SafeReturn(string? url) =>
        url is { Length: > 0 and <= 2000 }
        && (url == "/admin" || url.StartsWith("/admin/", StringComparison.Ordinal) || url.StartsWith("/admin?", StringComparison.Ordinal))
        && !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url : "/admin";
}
