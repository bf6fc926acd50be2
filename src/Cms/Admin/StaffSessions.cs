using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Admin;

/// <summary>
/// Admin:IdleTimeout and Admin:AbsoluteTimeout. The defaults are NIST SP 800-63B's for AAL2 (what
/// a government site's staff accounts need): 30 minutes without a request, 12 hours in all. The
/// editor's live preview makes requests while someone types, so writing a long text does not count
/// as idle.
/// </summary>
public sealed class SessionOptions
{
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>
/// Server-side sessions behind the admin cookie: made at sign-in, checked on every request
/// (<see cref="AdminExtensions"/>), ended by sign-out, "sign out everywhere", an administrator, an
/// account change or a timeout. The cookie carries the session's random id; the table keeps its hash.
/// </summary>
public sealed class StaffSessions(CmsDbContext db, TimeProvider clock, IOptions<SessionOptions> options)
{
    public const string Claim = "promosite:session";

    /// <summary>
    /// A marker at path "/" without any authority: the admin cookie no longer travels with public
    /// pages, so analytics needs another way to leave staff out (a visitor who sets it by hand
    /// only removes themselves from the counts).
    /// </summary>
    public const string StaffMarker = "promosite.staff";

    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Starts a session for a user who passed every step of sign-in, and sets the cookies.</summary>
    public async Task SignInAsync(HttpContext http, User user, CancellationToken ct = default)
    {
        var token = UserSession.NewToken();
        var now = Now;
        var agent = http.Request.Headers.UserAgent.ToString();
        var session = new UserSession
        {
            UserId = user.Id,
            TokenHash = UserSession.Hash(token),
            CreatedAt = now,
            LastSeenAt = now,
            IdleExpiresAt = now + options.Value.IdleTimeout,
            AbsoluteExpiresAt = now + options.Value.AbsoluteTimeout,
            UserAgent = agent.Length > 300 ? agent[..300] : agent,
            Address = http.Connection.RemoteIpAddress?.ToString(),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        await http.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            AdminExtensions.PrincipalFor(user, token),
            new AuthenticationProperties { IsPersistent = false, IssuedUtc = clock.GetUtcNow(), ExpiresUtc = new DateTimeOffset(session.AbsoluteExpiresAt, TimeSpan.Zero) });
        http.Response.Cookies.Append(StaffMarker, "1", new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = options.Value.AbsoluteTimeout,
        });
    }

    /// <summary>Ends this browser's session on the server, then removes its cookies.</summary>
    public async Task SignOutAsync(HttpContext http, CancellationToken ct = default)
    {
        if (http.User.FindFirstValue(Claim) is { } token)
        {
            var hash = UserSession.Hash(token);
            await Revoke(db.UserSessions.Where(s => s.TokenHash == hash), "sign-out", ct);
        }

        await ForgetAsync(http);
    }

    /// <summary>Removes the admin cookie and the staff marker from the browser (the session row is untouched).</summary>
    public static async Task ForgetAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        http.Response.Cookies.Delete(StaffMarker, new CookieOptions { Path = "/", Secure = http.Request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Lax });
    }

    /// <summary>
    /// The open session the cookie's id names, for this user, or null (revoked, idle too long, past
    /// its absolute end, or never existed). Moves the idle deadline on at most once a minute.
    /// </summary>
    public async Task<UserSession?> ValidateAsync(string? token, long userId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var hash = UserSession.Hash(token);
        var session = await db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, ct);
        var now = Now;
        if (session is null || session.UserId != userId || !session.IsActiveAt(now))
        {
            return null;
        }

        if (now - session.LastSeenAt >= TouchEvery)
        {
            var idle = now + options.Value.IdleTimeout;
            await db.UserSessions.Where(s => s.Id == session.Id && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now).SetProperty(x => x.IdleExpiresAt, idle), ct);
            session.LastSeenAt = now;
            session.IdleExpiresAt = idle;
        }

        return session;
    }

    /// <summary>A user's open sessions, most recently seen first.</summary>
    public async Task<IReadOnlyList<UserSession>> ActiveAsync(long userId, CancellationToken ct = default)
    {
        var now = Now;
        return await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.IdleExpiresAt > now && s.AbsoluteExpiresAt > now)
            .OrderByDescending(s => s.LastSeenAt).ToListAsync(ct);
    }

    /// <summary>Ends one of the user's own sessions (another user's id is simply not found).</summary>
    public Task<int> RevokeAsync(long userId, long sessionId, string reason, CancellationToken ct = default) =>
        Revoke(db.UserSessions.Where(s => s.UserId == userId && s.Id == sessionId), reason, ct);

    /// <summary>Ends every session of the user ("sign out everywhere", or an administrator's action).</summary>
    public Task<int> RevokeAllAsync(long userId, string reason, CancellationToken ct = default) =>
        Revoke(db.UserSessions.Where(s => s.UserId == userId), reason, ct);

    /// <summary>Whether this session row is the one of the current request.</summary>
    public static bool IsCurrent(HttpContext http, UserSession session) =>
        http.User.FindFirstValue(Claim) is { } token && UserSession.Hash(token) == session.TokenHash;

    private Task<int> Revoke(IQueryable<UserSession> sessions, string reason, CancellationToken ct)
    {
        var now = Now;
        return sessions.Where(s => s.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, reason), ct);
    }
}

/// <summary>
/// The admin cookie belongs to /admin and /api/v1/manage only, so it never travels with public
/// pages. A cookie has one path, so it is written (and deleted) once for each. A cookie of the
/// old path "/" is deleted too, so no copy is left behind after an upgrade.
/// </summary>
internal sealed class AdminCookieManager : ICookieManager
{
    public static readonly string[] Paths = ["/admin", "/api/v1/manage"];
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, key);

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options)
    {
        foreach (var path in Paths)
        {
            _inner.AppendResponseCookie(context, key, value, new CookieOptions(options) { Path = path });
        }
    }

    public void DeleteCookie(HttpContext context, string key, CookieOptions options)
    {
        foreach (var path in Paths.Append("/"))
        {
            _inner.DeleteCookie(context, key, new CookieOptions(options) { Path = path });
        }
    }
}
