using System.Security.Cryptography;

namespace PromoSite.Cms.Sharing;

/// <summary>
/// A short link for print and QR codes: /s/{code} to an item in a chosen language. Links are
/// never deleted and codes never reused, so a brochure printed today still works in ten years; the
/// redirect goes to the item's current URL, so slug changes do not break it.
/// </summary>
public sealed class ShortLink
{
    public long Id { get; set; }

    /// <summary>Upper case from an alphabet without 0/O and 1/I, so it can be read out and fits QR alphanumeric mode.</summary>
    public required string Code { get; set; }

    public long ItemId { get; set; }

    public required string Locale { get; set; }

    /// <summary>Where it was handed out, e.g. "Investment conference, Osaka, 2026".</summary>
    public required string Campaign { get; set; }

    /// <summary>qr, print, social, email or kit.</summary>
    public required string Channel { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
}

public static class ShortCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public const int Length = 5;

    /// <summary>"kit": the QR posters and one-pagers of an offline conference kit (/admin/kits).</summary>
    public static readonly IReadOnlyList<string> Channels = ["qr", "print", "social", "email", "kit"];

    public static string New() => string.Create(Length, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    });

    /// <summary>The stored form of a code as typed or scanned: upper case, so "abcde" and "ABCDE" are one link.</summary>
    public static string? Normalize(string? code)
    {
        var upper = code?.Trim().ToUpperInvariant();
        return upper is { Length: >= 4 and <= 12 } && upper.All(Alphabet.Contains) ? upper : null;
    }
}
