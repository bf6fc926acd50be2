namespace PromoSite.Cms.Content;

/// <summary>
/// The sections of the public site. A section's word is the same in every language and is the
/// first segment of the PublicPath of the types that live in it, so a type's section is read from
/// its declaration (<see cref="ContentTypeDefinition.Section"/>), never listed again elsewhere.
/// Its name in each language is the text "nav.{section}".
/// </summary>
public static class SiteSections
{
    public const string Investment = "investment";
    public const string Ocop = "ocop";
    public const string Tourism = "tourism";
    public const string Heritage = "heritage";
    public const string Publications = "publications";
    public const string News = "news";
    public const string Press = "press";

    /// <summary>In the order of the site's navigation.</summary>
    public static readonly IReadOnlyList<string> All = [Investment, Ocop, Tourism, Heritage, Publications, News, Press];

    /// <summary>The section a public path template belongs to: its first segment when that is a section.</summary>
    public static string? OfPath(string? publicPath) =>
        publicPath?.Split('/')[0] is { } first && All.Contains(first) ? first : null;
}
