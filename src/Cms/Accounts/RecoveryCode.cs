using System.Security.Cryptography;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// One of a user's ten one-time recovery codes, for signing in when the phone with the
/// authenticator is lost. Only a hash is kept: each code has 80 random bits, so a plain SHA-256
/// cannot be reversed by guessing (a slow password hash is needed only for what people choose).
/// </summary>
public sealed class RecoveryCode
{
    public const int PerUser = 10;

    public long Id { get; set; }

    public long UserId { get; set; }

    /// <summary>Hex SHA-256 of the normalized code (<see cref="Normalize"/>).</summary>
    public required string CodeHash { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Set when the code is spent; a used code never works again.</summary>
    public DateTime? UsedAt { get; set; }

    /// <summary>A new code: 16 base32 characters (80 bits) shown as four groups, e.g. "K7QX-M2PA-9RTB-W4HN".</summary>
    public static string NewCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols, no I/O/0/1 to misread on paper
        var bytes = RandomNumberGenerator.GetBytes(16);
        var chars = bytes.Select(b => alphabet[b & 31]).ToArray();
        return string.Join('-', chars.Chunk(4).Select(c => new string(c)));
    }

    /// <summary>What the person typed, without separators or case, or null when it cannot be a recovery code.</summary>
    public static string? Normalize(string? typed)
    {
        var text = new string((typed ?? "").Where(c => c is not ('-' or ' ')).ToArray()).ToUpperInvariant();
        return text.Length == 16 && text.All(char.IsAsciiLetterOrDigit) ? text : null;
    }

    public static string Hash(string normalized) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(normalized)));
}
