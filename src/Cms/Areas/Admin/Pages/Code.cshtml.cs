using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>
/// The second step for an account with an authenticator: a current code, or one of the recovery
/// codes (spent on use; how many are left is shown). Only a pending cookie at the code stage gets here.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AdminExtensions.SignInRateLimit)]
public sealed class CodeModel(AccountService accounts, PendingSignIn pending, StaffSessions sessions) : PageModel
{
    public string? Problem { get; private set; }

    public string ReturnUrl { get; private set; } = "/admin";

    /// <summary>Set after signing in with a recovery code.</summary>
    public int? RecoveryCodesLeft { get; private set; }

    public IActionResult OnGet(string? returnUrl)
    {
        ReturnUrl = SignInModel.SafeReturn(returnUrl);
        return pending.Read(HttpContext) is { Stage: PendingStage.Code } ? Page() : LocalRedirect("/admin/sign-in");
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = SignInModel.SafeReturn(returnUrl);
        if (pending.Read(HttpContext) is not { Stage: PendingStage.Code } state)
        {
            return LocalRedirect("/admin/sign-in");
        }

        var outcome = await accounts.CheckCodeAsync(state.UserId, state.Stamp, code, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (outcome.Status != SignInStatus.Succeeded)
        {
            Problem = "admin.signin.codeInvalid";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        pending.End(HttpContext);
        await sessions.SignInAsync(HttpContext, outcome.User!, ct);
        if (outcome.RecoveryCodesLeft is { } left)
        {
            RecoveryCodesLeft = left;
            return Page();
        }

        return LocalRedirect(ReturnUrl);
    }
}
