using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

public sealed class PasswordModel(AccountService accounts, CmsDbContext db) : AdminPage
{
    public string? Problem { get; private set; }

    public bool MustChange => User.FindFirstValue(PasswordChangeFilter.Claim) == "1";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? next, CancellationToken ct)
    {
        var id = long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        Problem = await accounts.ChangePasswordAsync(id, current, next, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The stamp changed: every other session ends; this one gets a fresh cookie.
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AdminExtensions.PrincipalFor(user));
        return LocalRedirect("/admin");
    }
}
