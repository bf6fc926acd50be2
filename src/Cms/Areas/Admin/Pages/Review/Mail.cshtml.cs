using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Review;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Review;

/// <summary>
/// One's own choice to receive the workflow's e-mail notices or not (shown on the profile). The
/// staff policy is declared on purpose: everyone with an account in good standing decides this
/// for themselves, and it changes nothing but their own mail.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class MailModel(CmsDbContext db, TimeProvider clock) : AdminPage
{
    public IActionResult OnGet() => LocalRedirect("/admin/password");

    public async Task<IActionResult> OnPostAsync(bool notices, CancellationToken ct)
    {
        var id = long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        var optedOut = await db.ReviewMailOptOuts.FirstOrDefaultAsync(o => o.UserId == id, ct);
        if (notices && optedOut is not null)
        {
            db.ReviewMailOptOuts.Remove(optedOut);
        }
        else if (!notices && optedOut is null)
        {
            db.ReviewMailOptOuts.Add(new ReviewMailOptOut { UserId = id, At = clock.GetUtcNow().UtcDateTime });
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect("/admin/password?saved=true");
    }
}

/// <summary>The profile's checkbox for the workflow's e-mail notices.</summary>
public sealed class ReviewMailChoiceViewComponent(CmsDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var id = long.Parse(HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        return View(!await db.ReviewMailOptOuts.AnyAsync(o => o.UserId == id, HttpContext.RequestAborted));
    }
}
