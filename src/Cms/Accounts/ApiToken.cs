using System.Security.Cryptography;
using System.Text;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// A personal access token: a machine (the national portal, a script, a translation agency's tool)
/// acting for its owner on the management API with <c>Authorization: Bearer pst_…</c>. Only the
/// SHA-256 of the secret is stored; the text is shown once, when it is made.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }

    public long UserId { get; set; }

    /// <summary>What the owner calls it ("National portal sync"), so they know which one to revoke.</summary>
    public required string Name { get; set; }

    /// <summary>The public part of the text (<c>pst_{PublicId}_…</c>): finds the row without scanning hashes, safe to show and log.</summary>
    public required string PublicId { get; set; }

    /// <summary>SHA-256 of the secret part, lowercase hex.</summary>
    public required string SecretHash { get; set; }

    /// <summary>Comma-separated <see cref="Accounts.Scopes"/>.</summary>
    public required string Scopes { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Always set: a forgotten token stops working on its own.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>Updated at most once a minute, so a busy script does not write on every request.</summary>
    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    /// <summary>Who revoked it: the owner, or an administrator's e-mail.</summary>
    public string? RevokedBy { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool IsUsableAt(DateTime now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>
/// The token text, <c>pst_{id}_{secret}</c>: a fixed prefix so secret scanners (and people) recognise
/// it, a public id of 16 hex digits, and 256 random bits as base64url. High-entropy secrets need no
/// slow password hash: SHA-256 cannot be reversed and guessing 2^256 is out of reach.
/// </summary>
public static class ApiTokenText
{
    public const string Prefix = "pst_";
    public const int PublicIdLength = 16;

    public static (string Text, string PublicId, string SecretHash) New()
    {
        var publicId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PublicIdLength / 2));
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{publicId}_{secret}", publicId, Hash(secret));
    }

    /// <summary>Splits a presented token; false for anything that is not shaped like one (nothing is looked up then).</summary>
    public static bool TryParse(string? text, out string publicId, out string secret)
    {
        publicId = secret = "";
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + PublicIdLength + 1 + 43 || text[Prefix.Length + PublicIdLength] != '_')
        {
            return false;
        }

        publicId = text.Substring(Prefix.Length, PublicIdLength);
        secret = text[(Prefix.Length + PublicIdLength + 1)..];
        return publicId.All(char.IsAsciiHexDigitLower) && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    /// <summary>Constant time, so the time a wrong secret takes to refuse says nothing about the right one.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
