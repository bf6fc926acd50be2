namespace PromoSite.Cms.Accounts;

/// <summary>What a person may do; checked on the server for every action (<see cref="Permissions"/>).</summary>
public enum Role
{
    /// <summary>Reads drafts and previews only.</summary>
    Viewer,

    /// <summary>Edits the locales assigned to them; reads the source; cannot publish.</summary>
    Translator,

    /// <summary>Approves and publishes the locales assigned to them.</summary>
    Reviewer,

    /// <summary>All content in all locales, including publishing.</summary>
    Editor,

    /// <summary>Everything, including users and settings.</summary>
    Administrator,
}

/// <summary>A person who signs in to the admin.</summary>
public sealed class User
{
    public long Id { get; set; }

    /// <summary>Lowercase; the sign-in name.</summary>
    public required string Email { get; set; }

    public required string DisplayName { get; set; }

    public string PasswordHash { get; set; } = "";

    public Role Role { get; set; }

    /// <summary>Comma-separated locales a translator or reviewer works on ("ko,ja").</summary>
    public string Locales { get; set; } = "";

    /// <summary>The TOTP secret, encrypted with the data-protection keys; null until enrolled (or reset by an administrator).</summary>
    public string? TotpSecret { get; set; }

    /// <summary>The last TOTP time step used, so a code cannot be replayed.</summary>
    public long LastTotpStep { get; set; }

    /// <summary>Changes whenever the password, role or account changes; cookies carrying an old one are refused.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public bool Disabled { get; set; }

    /// <summary>Set for a one-time password: the next sign-in must choose a new one.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>IANA time zone the admin shows times in (scheduled publishing is stored in UTC).</summary>
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    /// <summary>The language the admin speaks to this user: "vi" (the default for the province's staff) or "en".</summary>
    public string AdminLanguage { get; set; } = "vi";

    public DateTime CreatedAt { get; set; }

    public IReadOnlyList<string> LocaleList => Locales.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One line of the audit log: who did what to which item, when.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>The user's e-mail, or "anonymous" / "import" / "system".</summary>
    public required string Actor { get; set; }

    /// <summary>sign-in, sign-in-failed, sign-in-recovery-code, totp-enrol, totp-reset, sessions-revoked, save, publish, unpublish, delete, restore, purge, role-change, user-create...</summary>
    public required string Action { get; set; }

    public string? Target { get; set; }

    public string? Detail { get; set; }

    public string? Address { get; set; }

    /// <summary>The key of the agency owning the item the entry concerns (filled in when it is saved, see Agencies/AuditAgencyInterceptor).</summary>
    public string? Agency { get; set; }
}
