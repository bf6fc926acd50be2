using PromoSite.Cms.Content;

namespace PromoSite.Cms.Delivery;

/// <summary>
/// The one answer to "which item does this public path show", for the item page, the one-pager and
/// analytics alike. A path (below /{locale}/) is read back through the types' PublicPath templates,
/// the same ones the delivery uses to build URLs, so routes and links cannot drift apart. A type
/// whose template names a parent (an issue under its series) is found within that parent; nothing
/// here knows any type by name.
/// </summary>
public sealed class PublicPaths(ContentTypeRegistry types, IContentDelivery delivery)
{
    /// <summary>The type and slugs a path names, without looking anything up; null when no template matches.</summary>
    public ItemPath? Parse(string path) => ItemPath.Parse(types, path);

    /// <summary>
    /// What a path shows: Found with the item (and its parent, for a type that lives under one), Moved
    /// with the current path for an old slug or another locale's, Unavailable, Gone or NotFound.
    /// <see cref="PathLookup.Type"/> is set whenever a template matched, found or not (for the section
    /// a 404 page links back to).
    /// </summary>
    public async Task<PathLookup> ResolveAsync(string locale, string path, CancellationToken ct = default) =>
        Parse(path) is { } parsed ? await ResolveAsync(locale, parsed, ct) : PathLookup.NoMatch;

    public async Task<PathLookup> ResolveAsync(string locale, ItemPath path, CancellationToken ct = default)
    {
        if (path.ParentField is null)
        {
            var lookup = await delivery.GetAsync(locale, path.Type.Name, path.Slug, ct);
            return new PathLookup(path.Type, lookup.Status, lookup.Item, lookup.RedirectPath);
        }

        var parentType = path.Type.FieldsByName[path.ParentField].RefType
            ?? throw new InvalidOperationException($"{path.Type.Name}: the path segment {{{path.ParentField}}} must name a reference field.");
        var parent = await delivery.GetAsync(locale, parentType, path.ParentSlug!, ct);
        if (parent.Status != LookupStatus.Found)
        {
            // The parent's slug is an old one: the same child under the parent's current slug (the
            // child's own slug is checked there, and may move once more).
            var moved = parent.RedirectPath is { } to ? path.Build(locale, parentSlug: to[(to.LastIndexOf('/') + 1)..]) : null;
            return new PathLookup(path.Type, parent.Status, RedirectPath: moved);
        }

        var child = path.Type.SlugScope == path.ParentField
            ? await delivery.GetAsync(locale, path.Type.Name, path.Slug, parent.Item!.Key, ct)
            : await delivery.GetAsync(locale, path.Type.Name, path.Slug, ct);
        return new PathLookup(path.Type, child.Status, child.Item, child.RedirectPath, parent.Item);
    }
}

/// <summary>What a public path shows; see <see cref="PublicPaths.ResolveAsync(string, string, CancellationToken)"/>.</summary>
public sealed record PathLookup(ContentTypeDefinition? Type, LookupStatus Status, DeliveredItem? Item = null, string? RedirectPath = null, DeliveredItem? Parent = null)
{
    /// <summary>No type's template matches the path.</summary>
    public static readonly PathLookup NoMatch = new(null, LookupStatus.NotFound);
}

/// <summary>
/// A public path read back into a content type and slug, plus the parent's slug and field when the
/// type's template has a parent segment ("publications/{publication}/{slug}").
/// </summary>
public sealed record ItemPath(ContentTypeDefinition Type, string Slug, string? ParentSlug = null, string? ParentField = null)
{
    public static ItemPath? Parse(ContentTypeRegistry types, string path)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            return null;
        }

        // Longer templates first, so "publications/{publication}/{slug}" wins over "{slug}".
        foreach (var type in types.WithPages.OrderByDescending(t => t.PublicPath!.Count(c => c == '/')).ThenByDescending(t => t.PublicPath!.Length))
        {
            var template = type.PublicPath!.Split('/');
            if (template.Length != segments.Length)
            {
                continue;
            }

            string? slug = null, parent = null, parentField = null;
            var matched = true;
            for (var i = 0; i < template.Length && matched; i++)
            {
                switch (template[i])
                {
                    case "{slug}":
                        slug = segments[i];
                        break;
                    case ['{', .. var field, '}']:
                        (parent, parentField) = (segments[i], field);
                        break;
                    default:
                        matched = template[i] == segments[i];
                        break;
                }
            }

            // A page's slug may not be a word the site uses for a section ("news", "search"...): such a
            // one-segment path is that section's, never a page.
            if (matched && slug is not null && !(type.Name == SitePage.Key && Slugs.Reserved.Contains(slug)))
            {
                return new ItemPath(type, slug, parent, parentField);
            }
        }

        return null;
    }

    /// <summary>This path in a locale, with another parent slug: "/{locale}/" and the type's template filled in.</summary>
    public string Build(string locale, string? parentSlug = null)
    {
        var path = Type.PublicPath!.Replace("{slug}", Slug, StringComparison.Ordinal);
        if (ParentField is not null)
        {
            path = path.Replace('{' + ParentField + '}', parentSlug ?? ParentSlug, StringComparison.Ordinal);
        }

        return $"/{locale}/{path}";
    }
}
