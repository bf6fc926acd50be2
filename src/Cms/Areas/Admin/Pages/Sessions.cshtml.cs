using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>
/// The signed-in user's open sessions: where and when, ending one, or all ("sign out everywhere").
/// Only one's own sessions, so any signed-in account may, whatever its state (like signing out).
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.SignedIn)]
public sealed class SessionsModel(StaffSessions sessions, AccountService accounts, CmsDbContext db, IOptions<SessionOptions> options) : PageModel
{
    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    public string TimeZone { get; private set; } = "UTC";

    public string? Message { get; private set; }

    public int IdleMinutes => (int)options.Value.IdleTimeout.TotalMinutes;

    public int AbsoluteHours => (int)options.Value.AbsoluteTimeout.TotalHours;

    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    private long UserId => long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        var current = (await sessions.ActiveAsync(UserId, ct)).FirstOrDefault(s => s.Id == id) is { } target && StaffSessions.IsCurrent(HttpContext, target);
        if (await sessions.RevokeAsync(UserId, id, "revoked", ct) > 0)
        {
            await accounts.AuditAsync(User.Identity!.Name!, AuditActions.SessionsRevoked, User.Identity.Name, "one session", Address, ct);
            await db.SaveChangesAsync(ct);
        }

        if (current)
        {
            await StaffSessions.ForgetAsync(HttpContext);
            return LocalRedirect("/admin/sign-in");
        }

        Message = "admin.sessions.revoked";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEverywhereAsync(CancellationToken ct)
    {
        var count = await sessions.RevokeAllAsync(UserId, "sign-out-everywhere", ct);
        await accounts.AuditAsync(User.Identity!.Name!, AuditActions.SessionsRevoked, User.Identity.Name, $"signed out everywhere ({count})", Address, ct);
        await db.SaveChangesAsync(ct);
        await StaffSessions.ForgetAsync(HttpContext);
        return LocalRedirect("/admin/sign-in");
    }

    public bool IsCurrent(UserSession session) => StaffSessions.IsCurrent(HttpContext, session);

    public string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone).ToString("g", System.Globalization.CultureInfo.CurrentCulture);

    /// <summary>"Chrome · Windows" from the User-Agent: enough to recognise one's own devices, nothing more.</summary>
    public static string Device(string? userAgent)
    {
        var ua = userAgent ?? "";
        var browser = ua.Contains("Edg/", StringComparison.Ordinal) ? "Edge"
            : ua.Contains("OPR/", StringComparison.Ordinal) ? "Opera"
            : ua.Contains("Firefox/", StringComparison.Ordinal) ? "Firefox"
            : ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("Chromium/", StringComparison.Ordinal) ? "Chrome"
            : ua.Contains("Safari/", StringComparison.Ordinal) ? "Safari"
            : ua.Length > 0 ? (ua.Length > 40 ? ua[..40] + "…" : ua) : "?";
        var system = ua.Contains("Android", StringComparison.Ordinal) ? "Android"
            : ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) ? "iOS"
            : ua.Contains("Windows", StringComparison.Ordinal) ? "Windows"
            : ua.Contains("Mac OS X", StringComparison.Ordinal) ? "macOS"
            : ua.Contains("CrOS", StringComparison.Ordinal) ? "ChromeOS"
            : ua.Contains("Linux", StringComparison.Ordinal) ? "Linux"
            : null;
        return system is null ? browser : $"{browser} · {system}";
    }

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task LoadAsync(CancellationToken ct)
    {
        TimeZone = await db.Users.Where(u => u.Id == UserId).Select(u => u.TimeZone).FirstAsync(ct);
        _zone = TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
        Sessions = await sessions.ActiveAsync(UserId, ct);
    }
}
