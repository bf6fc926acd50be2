using System.Globalization;
using System.Text;

namespace PromoSite.Cms.Content;

/// <summary>
/// URL slugs: lowercase ASCII letters, digits and single hyphens. Vietnamese is folded by dropping
/// diacritics (đ becomes d), so "Đồng Nai" gives "dong-nai". Text with no Latin letters at all
/// (Korean, Japanese, Chinese) gives an empty slug: those locales take the English slug instead.
/// </summary>
public static class Slugs
{
    public const int MaxLength = 80;

    public static string FromTitle(string title)
    {
        var folded = title.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(folded.Length);
        var pendingHyphen = false;
        foreach (var c in folded)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(lower);
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }

        var slug = builder.ToString();
        if (slug.Length > MaxLength)
        {
            var cut = slug.LastIndexOf('-', MaxLength);
            slug = slug[..(cut > MaxLength / 2 ? cut : MaxLength)].TrimEnd('-');
        }

        return slug;
    }

    public static bool IsValid(string? slug) =>
        !string.IsNullOrEmpty(slug)
        && slug.Length <= MaxLength
        && slug[0] != '-' && slug[^1] != '-'
        && !slug.Contains("--", StringComparison.Ordinal)
        && slug.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    /// <summary>Path words the public site uses for its own sections, so a page may not take them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(
        [.. SiteSections.All, "search", "preview", "feed.xml", "sitemap.xml", "api", "admin", "s", "media", "static", "print"],
        StringComparer.Ordinal);
}
