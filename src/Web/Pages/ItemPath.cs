using PromoSite.Cms.Content;

namespace PromoSite.Web.Pages;

/// <summary>
/// Reads a public path (below /{locale}/) back into a content type and slug, using the same
/// PublicPath templates the CMS uses to build URLs, so routes and links cannot drift apart.
/// </summary>
public sealed record ItemPath(ContentTypeDefinition Type, string Slug, string? ParentSlug)
{
    public static ItemPath? Parse(ContentTypeRegistry types, string path)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            return null;
        }

        // Longer templates first, so "publications/{publication}/{slug}" wins over "{slug}".
        foreach (var type in types.All.Where(t => t.PublicPath is not null).OrderByDescending(t => t.PublicPath!.Count(c => c == '/')).ThenByDescending(t => t.PublicPath!.Length))
        {
            var template = type.PublicPath!.Split('/');
            if (template.Length != segments.Length)
            {
                continue;
            }

            string? slug = null, parent = null;
            var matched = true;
            for (var i = 0; i < template.Length && matched; i++)
            {
                switch (template[i])
                {
                    case "{slug}":
                        slug = segments[i];
                        break;
                    case ['{', .., '}']:
                        parent = segments[i];
                        break;
                    default:
                        matched = template[i] == segments[i];
                        break;
                }
            }

            if (matched && slug is not null && !(type.Name == SitePage.Key && Slugs.Reserved.Contains(slug)))
            {
                return new ItemPath(type, slug, parent);
            }
        }

        return null;
    }
}
