using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace PromoSite.Cms.Admin;

/// <summary>
/// Between the password and the authenticator code, who is signing in is kept in a short-lived,
/// encrypted, HttpOnly cookie, not in a session: the password step grants nothing by itself.
/// </summary>
public sealed class PendingSignIn(IDataProtectionProvider protection)
{
    private const string CookieName = "promosite.pending";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("PromoSite.PendingSignIn").ToTimeLimitedDataProtector();

    public void Start(HttpContext http, long userId, string? totpSecret = null) =>
        http.Response.Cookies.Append(CookieName, _protector.Protect($"{userId}|{totpSecret}", Lifetime), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/admin",
            MaxAge = Lifetime,
        });

    public (long UserId, string? TotpSecret)? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value))
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('|');
            return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1].Length > 0 ? parts[1] : null);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // expired or tampered with: start again
        }
    }

    public void End(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/admin" });
}
