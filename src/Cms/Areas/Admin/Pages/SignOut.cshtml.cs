using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;

namespace PromoSite.Cms.Areas.Admin.Pages;

[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.SignedIn)]
public sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/admin/sign-in");
    }
}
