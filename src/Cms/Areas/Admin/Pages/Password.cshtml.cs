using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.SignedIn)] // a first password can be chosen before anything else
public sealed class PasswordModel(AccountService accounts, StaffSessions sessions, CmsDbContext db) : PageModel
{
    /// <summary>The admin string key of the problem to show.</summary>
    public string? Problem { get; private set; }

    /// <summary>Where the province's staff and partners work; more can be added when needed.</summary>
    public static readonly string[] Zones = ["Asia/Ho_Chi_Minh", "Asia/Seoul", "Asia/Tokyo", "Asia/Shanghai", "Asia/Singapore", "Europe/Paris", "Europe/London", "America/New_York", "UTC"];

    public bool MustChange => StaffAuthorization.StateOf(User) == AccountState.MustChangePassword;

    public string TimeZone { get; private set; } = "";

    public bool Saved { get; private set; }

    private long UserId => long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);

    public string Language { get; private set; } = AdminCulture.Default;

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        (TimeZone, Language) = await db.Users.Where(u => u.Id == UserId).Select(u => new ValueTuple<string, string>(u.TimeZone, u.AdminLanguage)).FirstAsync(ct);
        Saved = saved;
    }

    /// <summary>
    /// The admin's language and time zone (a form without a language keeps the current one). Then a
    /// redirect: this answer was already being written in the language the request started with.
    /// </summary>
    public async Task<IActionResult> OnPostTimeZoneAsync(string? timeZone, string? language, CancellationToken ct)
    {
        if (!Zones.Contains(timeZone) || (language is not null && !AdminCulture.IsSupported(language)))
        {
            return BadRequest();
        }

        await db.Users.Where(u => u.Id == UserId).ExecuteUpdateAsync(
            s => s.SetProperty(u => u.TimeZone, timeZone).SetProperty(u => u.AdminLanguage, u => language ?? u.AdminLanguage), ct);
        return LocalRedirect("/admin/password?saved=true");
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? next, CancellationToken ct)
    {
        var id = UserId;
        (TimeZone, Language) = await db.Users.Where(u => u.Id == id).Select(u => new ValueTuple<string, string>(u.TimeZone, u.AdminLanguage)).FirstAsync(ct);
        Problem = await accounts.ChangePasswordAsync(id, current, next, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The stamp changed and every session was revoked: this browser gets a fresh one.
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, ct);
        await sessions.SignInAsync(HttpContext, user, ct);
        return LocalRedirect("/admin");
    }
}
