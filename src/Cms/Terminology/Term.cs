using PromoSite.Cms.Content;

namespace PromoSite.Cms.Terminology;

/// <summary>
/// One entry of the termbase: the Vietnamese term, its approved form in each translation language,
/// the variants translators must not use, a domain (place, agency, programme, unit, investment…) and a
/// note. Forbidden variants are kept as one '|'-separated column per language: they are only ever
/// read and written as a whole, and the CSV file writes them the same way.
/// </summary>
public sealed class Term
{
    public const char Separator = '|';

    public long Id { get; set; }

    public required string Vi { get; set; }

    public string? En { get; set; }

    public string? Ko { get; set; }

    public string? Ja { get; set; }

    public string? Zh { get; set; }

    public string? ForbiddenVi { get; set; }

    public string? ForbiddenEn { get; set; }

    public string? ForbiddenKo { get; set; }

    public string? ForbiddenJa { get; set; }

    public string? ForbiddenZh { get; set; }

    public string Domain { get; set; } = "";

    public string? Note { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The approved form in a language (Vietnamese: the term itself); null when none is set.</summary>
    public string? Approved(string locale) => locale switch
    {
        "vi" => Vi,
        "en" => En,
        "ko" => Ko,
        "ja" => Ja,
        "zh" => Zh,
        _ => null,
    };

    public IReadOnlyList<string> Forbidden(string locale) => Split(locale switch
    {
        "vi" => ForbiddenVi,
        "en" => ForbiddenEn,
        "ko" => ForbiddenKo,
        "ja" => ForbiddenJa,
        "zh" => ForbiddenZh,
        _ => null,
    });

    public void Set(string locale, string? approved, IEnumerable<string> forbidden)
    {
        var joined = Join(forbidden);
        switch (locale)
        {
            case "vi": Vi = approved ?? ""; ForbiddenVi = joined; break;
            case "en": En = approved; ForbiddenEn = joined; break;
            case "ko": Ko = approved; ForbiddenKo = joined; break;
            case "ja": Ja = approved; ForbiddenJa = joined; break;
            case "zh": Zh = approved; ForbiddenZh = joined; break;
            default: throw new ArgumentOutOfRangeException(nameof(locale), locale, "Not a language of the site.");
        }
    }

    public static IReadOnlyList<string> Split(string? joined) =>
        string.IsNullOrWhiteSpace(joined) ? [] : [.. joined.Split(Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static string? Join(IEnumerable<string> variants)
    {
        var list = variants.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? null : string.Join(Separator, list);
    }

    /// <summary>The languages a term has, in the site's order.</summary>
    public static IReadOnlyList<string> Languages => Locales.All;
}
