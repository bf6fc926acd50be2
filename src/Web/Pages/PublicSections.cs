using PromoSite.Cms.Content;

namespace PromoSite.Web.Pages;

/// <summary>
/// The sections of the public site: the same words in every language, the first segment of every
/// item's PublicPath, and the keys of their names (nav.{section}) in locales/*.json.
/// </summary>
public static class PublicSections
{
    public static readonly IReadOnlyList<string> All = ["investment", "ocop", "tourism", "heritage", "publications", "news"];

    /// <summary>The section a type's pages live in; null for types at the top level (static pages) or with no pages.</summary>
    public static string? Of(ContentTypeDefinition? type) =>
        type?.PublicPath?.Split('/')[0] is { } first && All.Contains(first) ? first : null;
}
