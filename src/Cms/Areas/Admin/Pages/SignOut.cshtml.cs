using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>Signing out revokes the session on the server, so a copy of the cookie is useless afterwards.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.SignedIn)]
public sealed class SignOutModel(StaffSessions sessions) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await sessions.SignOutAsync(HttpContext, ct);
        return LocalRedirect("/admin/sign-in");
    }
}
