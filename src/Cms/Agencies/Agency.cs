namespace PromoSite.Cms.Agencies;

/// <summary>
/// A provincial agency (đơn vị) that owns part of the content: its editors and reviewers change only
/// what it owns (<see cref="AgencyOwnershipHandler"/>), and its contact is printed where its content is
/// handed out. Names in Vietnamese and English are required; the other languages fall back to English.
/// </summary>
public sealed class Agency
{
    public long Id { get; set; }

    /// <summary>Stable, language-neutral key ("so-ngoai-vu"): what content files and the API name it by.</summary>
    public required string Key { get; set; }

    public required string NameVi { get; set; }

    public required string NameEn { get; set; }

    public string? NameKo { get; set; }

    public string? NameJa { get; set; }

    public string? NameZh { get; set; }

    public string? Address { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<AgencyOwnership> Owns { get; } = [];

    /// <summary>The name in a language: its own when given, else English (the translations' fallback), Vietnamese for vi.</summary>
    public string NameIn(string locale) => locale switch
    {
        "vi" => NameVi,
        "ko" when !string.IsNullOrWhiteSpace(NameKo) => NameKo,
        "ja" when !string.IsNullOrWhiteSpace(NameJa) => NameJa,
        "zh" when !string.IsNullOrWhiteSpace(NameZh) => NameZh,
        _ => NameEn,
    };
}

/// <summary>What an agency owns: a whole section, a content type, or a publication series (with all its issues).</summary>
public sealed class AgencyOwnership
{
    public long Id { get; set; }

    public long AgencyId { get; set; }

    /// <summary>One of <see cref="OwnershipKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The section word, the type name or the series key.</summary>
    public required string Value { get; set; }
}

/// <summary>A member of staff working for an agency (an editor or reviewer may belong to several).</summary>
public sealed class AgencyMember
{
    public long UserId { get; set; }

    public long AgencyId { get; set; }
}

/// <summary>
/// The kinds of ownership, from the most specific: a series rule beats a type rule, which beats a
/// section rule, so the Department of Foreign Affairs can own "Bản tin đối ngoại" inside a section
/// another agency owns.
/// </summary>
public static class OwnershipKinds
{
    public const string Series = "series";
    public const string Type = "type";
    public const string Section = "section";

    public static readonly IReadOnlyList<string> All = [Series, Type, Section];
}
