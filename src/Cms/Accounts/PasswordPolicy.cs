namespace PromoSite.Cms.Accounts;

/// <summary>
/// Length 8 to 128, checked in full (nothing is truncated), not one of the passwords attackers
/// try first, and not the account's own e-mail. No composition rules: they push people to
/// predictable patterns (NIST SP 800-63B).
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    // The most common passwords in public breach corpora, and the obvious local ones.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd", "p@ssword", "12345678", "123456789",
        "1234567890", "12345678910", "87654321", "11111111", "00000000", "88888888", "66666666", "99999999", "12341234", "11223344",
        "qwertyui", "qwertyuiop", "qwerty123", "qwerty12", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx", "asdfghjk", "asdfasdf",
        "iloveyou", "iloveyou1", "sunshine", "princess", "football", "baseball", "superman", "starwars", "whatever", "trustno1",
        "letmein1", "welcome1", "welcome123", "admin123", "administrator", "adminadmin", "changeme", "changeme1", "default1", "abc12345",
        "abcd1234", "aa123456", "a1234567", "123qweasd", "qweasdzxc", "computer", "internet", "michael1", "jennifer", "dragon12",
        "monkey12", "master12", "shadow12", "sunshine1", "football1", "charlie1", "matrix12", "freedom1", "q1w2e3r4", "zxcvbnm1",
        "secret12", "test1234", "testtest", "guest123", "root1234", "toor1234", "hello123", "hellohello", "loveyou1", "123abc12",
        "promosite", "promosite1", "promosite123", "dongnai1", "dongnai123", "dongnai2026", "vietnam1", "vietnam123", "vietnam2026", "matkhau1",
        "matkhau123", "anhyeuem", "anhyeuem1", "saigon123", "hochiminh", "bienhoa1", "bienhoa123",
    };

    /// <summary>Null when acceptable; otherwise what is wrong, in English words a person can act on (configuration errors, the users page).</summary>
    public static string? Check(string? password, string? email = null) => Problem(password, email) switch
    {
        null => null,
        TooShortKey => $"The password must have at least {MinLength} characters.",
        TooLongKey => $"The password may have at most {MaxLength} characters.",
        CommonKey => "This password is among the first ones attackers try; choose another (a few unrelated words work well).",
        _ => "The password must not be your e-mail address.",
    };

    public const string TooShortKey = "admin.signin.passwordTooShort";
    public const string TooLongKey = "admin.signin.passwordTooLong";
    public const string CommonKey = "admin.signin.passwordCommon";
    public const string EmailKey = "admin.signin.passwordIsEmail";

    /// <summary>Null when acceptable; otherwise the admin string key saying what is wrong (with MinLength or MaxLength as {0}).</summary>
    public static string? Problem(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return TooShortKey;
        }

        if (password.Length > MaxLength)
        {
            return TooLongKey;
        }

        if (Common.Contains(password) || password.Distinct().Count() <= 2)
        {
            return CommonKey;
        }

        if (email is not null && (password.Equals(email, StringComparison.OrdinalIgnoreCase) || password.Equals(email.Split('@')[0], StringComparison.OrdinalIgnoreCase)))
        {
            return EmailKey;
        }

        return null;
    }
}
