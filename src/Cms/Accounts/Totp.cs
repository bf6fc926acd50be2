using OtpNet;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), as authenticator
/// apps compute them, through Otp.NET. What this class adds is the project's rule: one step of clock
/// drift either way, and a step at or before the last one used is refused so an observed code
/// cannot be used again.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(20);

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code of one time step (tests and the RFC vectors use it; sign-in uses <see cref="Verify"/>).</summary>
    public static string Code(byte[] secret, long step, int digits = 6) =>
        new OtpNet.Totp(secret, StepSeconds, OtpHashMode.Sha1, digits).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime);

    /// <summary>
    /// The step the code belongs to, allowing one step of clock drift either way, or null. A step at or
    /// before <paramref name="lastUsedStep"/> is refused, so an observed code cannot be used again.
    /// </summary>
    public static long? Verify(byte[] secret, string? code, DateTimeOffset now, long lastUsedStep)
    {
        code = code?.Replace(" ", "", StringComparison.Ordinal);
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        // Otp.NET compares in constant time and reports which step of the window matched.
        var totp = new OtpNet.Totp(secret, StepSeconds, OtpHashMode.Sha1, 6);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) && step > lastUsedStep ? step : null;
    }

    /// <summary>RFC 4648 base32 without padding, as authenticator apps expect the secret to be typed or scanned.</summary>
    public static string Base32(byte[] data) => Base32Encoding.ToString(data).TrimEnd('=');

    public static byte[] FromBase32(string text) => Base32Encoding.ToBytes(text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());

    public static string ProvisioningUri(string issuer, string account, byte[] secret) =>
        new OtpUri(OtpType.Totp, secret, account, issuer, OtpHashMode.Sha1, 6, StepSeconds).ToString();
}
