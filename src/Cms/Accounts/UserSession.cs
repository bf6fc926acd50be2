using System.Security.Cryptography;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// A signed-in browser, kept on the server so that signing out, "sign out everywhere", an
/// administrator's action or a timeout ends it for good: the cookie only carries the session's id,
/// and a cookie whose session is revoked or expired is refused even if it was copied.
/// </summary>
public sealed class UserSession
{
    public long Id { get; set; }

    public long UserId { get; set; }

    /// <summary>Hex SHA-256 of the random id in the cookie; the id itself is never stored.</summary>
    public required string TokenHash { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Updated at most once a minute, so a busy editor does not write on every request.</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>Without a request before this time, the session ends (Admin:IdleTimeout after the last one seen).</summary>
    public DateTime IdleExpiresAt { get; set; }

    /// <summary>The session ends at this time however active it is (Admin:AbsoluteTimeout after sign-in).</summary>
    public DateTime AbsoluteExpiresAt { get; set; }

    /// <summary>The browser's User-Agent as sent (cut to 300 characters), to tell sessions apart in the list.</summary>
    public string? UserAgent { get; set; }

    public string? Address { get; set; }

    public DateTime? RevokedAt { get; set; }

    /// <summary>sign-out, sign-out-everywhere, revoked, administrator, password-change, account-change, authenticator-reset.</summary>
    public string? RevokedReason { get; set; }

    public bool IsActiveAt(DateTime now) => RevokedAt is null && now < IdleExpiresAt && now < AbsoluteExpiresAt;

    /// <summary>A new random id for the cookie (256 bits).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
