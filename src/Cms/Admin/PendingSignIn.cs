using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace PromoSite.Cms.Admin;

/// <summary>Where a half-finished sign-in stands: the only step it may take next.</summary>
public enum PendingStage
{
    /// <summary>The password was right and the account has an authenticator: only /admin/code.</summary>
    Code,

    /// <summary>The password was right and the account has no authenticator but must have one: only /admin/enrol.</summary>
    Enrol,
}

/// <param name="Stamp">The account's security stamp at the password step; each step re-checks it and the stage against the database.</param>
/// <param name="Secret">During enrolment, the new secret shown to the user, until a code from it is confirmed.</param>
public sealed record PendingState(long UserId, PendingStage Stage, string Stamp, byte[]? Secret);

/// <summary>
/// Between the password and the second step, who is signing in and which step they may take is kept
/// in a short-lived, encrypted, HttpOnly cookie, not in a session: the password step grants nothing
/// by itself, and a cookie issued for the code step cannot be used to enrol a new authenticator.
/// </summary>
public sealed class PendingSignIn(IDataProtectionProvider protection)
{
    private const string CookieName = "promosite.pending";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("PromoSite.PendingSignIn.v2").ToTimeLimitedDataProtector();

    public void Start(HttpContext http, PendingState state) =>
        http.Response.Cookies.Append(
            CookieName,
            _protector.Protect(string.Join('|', state.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), state.Stage, state.Stamp, state.Secret is null ? "" : Convert.ToBase64String(state.Secret)), Lifetime),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/admin", MaxAge = Lifetime });

    public PendingState? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value))
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('|');
            return parts.Length == 4 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var id) && Enum.TryParse<PendingStage>(parts[1], out var stage)
                ? new PendingState(id, stage, parts[2], parts[3].Length > 0 ? Convert.FromBase64String(parts[3]) : null)
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // expired or tampered with: start again
        }
    }

    public void End(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/admin", Secure = http.Request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Strict });
}
