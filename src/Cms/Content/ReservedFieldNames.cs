using System.Collections.Frozen;

namespace PromoSite.Cms.Content;

/// <summary>
/// Front matter keys of a content file that are about the file and its workflow (state, slug, SEO,
/// schedule, translation source, language plan) rather than the content: no field of a type may take these names.
/// Declared here, beside the types that must avoid them; the content-file parser reads them too.
/// </summary>
public static class ReservedFieldNames
{
    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal,
        "sample", "state", "slug", "seoTitle", "seoDescription", "publishAt", "unpublishAt", "translatedFrom", LanguagePlans.FrontMatterKey);
}
