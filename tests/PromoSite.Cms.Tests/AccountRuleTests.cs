using PromoSite.Cms.Accounts;

namespace PromoSite.Cms.Tests;

public sealed class TotpTests
{
    private static readonly byte[] RfcSecret = "12345678901234567890"u8.ToArray();

    [Theory]
    [InlineData(59, "94287082")]
    [InlineData(1111111109, "07081804")]
    [InlineData(1234567890, "89005924")]
    [InlineData(2000000000, "69279037")]
    public void Codes_match_the_rfc_6238_test_vectors(long unixTime, string expected) =>
        Assert.Equal(expected, Totp.Code(RfcSecret, unixTime / Totp.StepSeconds, digits: 8));

    [Fact]
    public void A_code_is_accepted_once_within_a_step_of_drift_and_never_replayed()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepAt(now);
        var previous = Totp.Code(RfcSecret, step - 1);

        Assert.Equal(step - 1, Totp.Verify(RfcSecret, previous, now, lastUsedStep: 0));
        Assert.Null(Totp.Verify(RfcSecret, previous, now, lastUsedStep: step - 1));
        Assert.Null(Totp.Verify(RfcSecret, Totp.Code(RfcSecret, step - 2), now, 0));
        Assert.Null(Totp.Verify(RfcSecret, "12345", now, 0));
        Assert.Null(Totp.Verify(RfcSecret, "abcdef", now, 0));
    }

    [Fact]
    public void Secrets_are_written_in_rfc_4648_base32() =>
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.Base32(RfcSecret));
}

public sealed class SignInRuleTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(4, 0)]
    [InlineData(5, 30)]
    [InlineData(6, 60)]
    [InlineData(8, 240)]
    [InlineData(10, 900)]
    [InlineData(500, 900)]
    public void After_four_free_failures_an_address_waits_from_30_seconds_doubling_to_15_minutes(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SignInThrottle.WaitAfter(failures));

    [Fact]
    public void Recovery_codes_carry_80_random_bits_and_are_read_forgivingly()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => RecoveryCode.NewCode()).ToList();
        Assert.Equal(200, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$", c));
        var code = codes[0];
        Assert.Equal(RecoveryCode.Normalize(code), RecoveryCode.Normalize(" " + code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)));
        Assert.Null(RecoveryCode.Normalize("123456"));
        Assert.Equal(64, RecoveryCode.Hash(RecoveryCode.Normalize(code)!).Length);
    }
}

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("river mango lantern", true)]
    [InlineData("Tr4ngB0m!", true)]
    [InlineData("short", false)]
    [InlineData("password1", false)]
    [InlineData("PASSWORD1", false)]
    [InlineData("dongnai2026", false)]
    [InlineData("abababababab", false)]
    public void Passwords_are_judged_on_length_and_how_guessable_they_are(string password, bool acceptable) =>
        Assert.Equal(acceptable, PasswordPolicy.Check(password) is null);

    [Fact]
    public void Long_passwords_are_checked_in_full_up_to_the_limit()
    {
        Assert.Null(PasswordPolicy.Check(new string('x', 60) + "yz" + new string('w', 66)));
        Assert.NotNull(PasswordPolicy.Check(new string('x', 129) + "yz"));
    }
}
