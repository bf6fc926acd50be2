using System.Collections.Frozen;
using System.Reflection;

namespace PromoSite.Cms.Content;

/// <summary>All content types, found once from the [ContentType] classes of this assembly.</summary>
public sealed class ContentTypeRegistry
{
    public ContentTypeRegistry()
        : this(typeof(ContentTypeRegistry).Assembly.GetTypes().Where(t => t.IsDefined(typeof(ContentTypeAttribute))))
    {
    }

    // Private: DI would otherwise pick this constructor and hand it an empty IEnumerable<Type>.
    private ContentTypeRegistry(IEnumerable<Type> types)
    {
        var definitions = types.Select(ContentTypeDefinition.FromClass).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var duplicates = definitions.GroupBy(d => d.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException($"Two content types share the name {string.Join(", ", duplicates)}.");
        }

        if (definitions.FirstOrDefault(d => d.PublicPath is not null && d.Name == SitemapSectionsPart) is { } reserved)
        {
            throw new InvalidOperationException(
                $"A content type with pages cannot be named '{reserved.Name}': a language's sitemap has a part of that name for its home and section pages, beside one part per type.");
        }

        All = definitions;
        WithPages = [.. definitions.Where(t => t.PublicPath is not null)];
        // Metadata tokens follow the order the classes are written in ContentTypes.cs.
        _declarationOrder = definitions.ToFrozenDictionary(d => d.Name, d => d.ClrType.MetadataToken, StringComparer.Ordinal);
        _byName = definitions.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);
        _byClr = definitions.ToFrozenDictionary(d => d.ClrType);
        foreach (var definition in definitions)
        {
            foreach (var field in definition.Fields.Where(f => f.RefType is not null))
            {
                if (!_byName.ContainsKey(field.RefType!))
                {
                    throw new InvalidOperationException($"{definition.Name}.{field.Name} refers to unknown type '{field.RefType}'.");
                }
            }
        }
    }

    /// <summary>A registry of chosen classes, for tests of the declaration rules.</summary>
    public static ContentTypeRegistry Of(params Type[] types) => new(types);

    /// <summary>The part of each language's sitemap that lists its home, section and list pages; the other parts are named after the types with pages.</summary>
    public const string SitemapSectionsPart = "sections";

    private readonly FrozenDictionary<string, ContentTypeDefinition> _byName;
    private readonly FrozenDictionary<Type, ContentTypeDefinition> _byClr;
    private readonly FrozenDictionary<string, int> _declarationOrder;

    public IReadOnlyList<ContentTypeDefinition> All { get; }

    /// <summary>The types whose items have public pages (a PublicPath), in <see cref="All"/>'s order: what sitemaps, search indexes and exports list.</summary>
    public IReadOnlyList<ContentTypeDefinition> WithPages { get; }

    public ContentTypeDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    public ContentTypeDefinition Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"Unknown content type '{name}'.");

    public ContentTypeDefinition Get<T>() => _byClr[typeof(T)];

    /// <summary>The types whose pages live in a section, in the order they are declared in (their order on the section's page).</summary>
    public IEnumerable<ContentTypeDefinition> InSection(string section) =>
        All.Where(t => t.Section == section).OrderBy(t => _declarationOrder[t.Name]);

    /// <summary>
    /// Every query parameter a public list may be filtered by: the filterable fields that a list form
    /// offers (choices, rated numbers and places; not references), across the types with public pages.
    /// The page cache varies by exactly these and the page number, so another parameter cannot make a
    /// new cache entry.
    /// </summary>
    public IReadOnlyList<string> PublicFilterNames =>
        [.. WithPages.SelectMany(t => t.Filters).Where(f => f.Kind is FieldKind.Enum or FieldKind.EnumList or FieldKind.Text or FieldKind.Integer || f.FilterAtLeast)
            .Select(f => f.Name).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The query parameters that name the items of a comparison ("parks"): the compare views vary by them.</summary>
    public IReadOnlyList<string> CompareParameters =>
        [.. All.Select(t => t.CompareParameter).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
}
