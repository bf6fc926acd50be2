using System.Text.Json.Nodes;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Delivery;

/// <summary>
/// The one way the public site reads content, and exactly what the JSON delivery API serves.
/// Only published content is visible; a missing translation resolves along the locale's fallback
/// chain and says so (<see cref="DeliveredItem.IsFallback"/>).
/// </summary>
public interface IContentDelivery
{
    Task<ContentPage> ListAsync(ContentQuery query, CancellationToken ct = default);

    /// <summary>One item by its slug in this locale (or a fallback locale's); an old slug answers Moved with the current path.</summary>
    Task<ItemLookup> GetAsync(string locale, string type, string slug, CancellationToken ct = default);

    /// <summary>
    /// The same for a type whose slugs are unique only within a parent (its SlugScope field: an issue
    /// within its series); <paramref name="scope"/> is the parent's key. <see cref="PublicPaths"/>
    /// finds the parent from the path.
    /// </summary>
    Task<ItemLookup> GetAsync(string locale, string type, string slug, string scope, CancellationToken ct = default);

    /// <summary>One item by its stable key (for references between items), resolved along the fallback chain.</summary>
    Task<DeliveredItem?> GetByKeyAsync(string locale, string type, string key, CancellationToken ct = default);

    /// <summary>One item by its id, resolved along the fallback chain; null when nothing of it is published.</summary>
    Task<DeliveredItem?> GetByIdAsync(string locale, long id, CancellationToken ct = default);

    /// <summary>
    /// What ranking many candidates needs of each (type, language shown, title, path) without
    /// delivering them: search ranks up to a thousand hits and shows twenty. Ids with nothing
    /// published in the locale's chain are left out; the rest keep the order given. The snapshot
    /// answers from its dictionaries; this default, for other implementations, delivers each one.
    /// </summary>
    async Task<IReadOnlyList<ItemHeadline>> GetHeadlinesAsync(string locale, IEnumerable<long> ids, CancellationToken ct = default)
    {
        var headlines = new List<ItemHeadline>();
        foreach (var id in ids)
        {
            if (await GetByIdAsync(locale, id, ct) is { } item)
            {
                headlines.Add(new ItemHeadline(item.Id, item.Type, item.ResolvedLocale, item.IsFallback, item.Title, item.Path));
            }
        }

        return headlines;
    }

    /// <summary>Changes whenever published content may have changed; cache keys and ETags build on it.</summary>
    Task<long> GetContentVersionAsync(CancellationToken ct = default);

    /// <summary>
    /// The distinct text values one field has among the published items of a type in a language (what a list's
    /// free-text filter offers: the localities the items name), in no particular order. The snapshot reads them in
    /// place; this default, for other implementations, delivers every item.
    /// </summary>
    async Task<IReadOnlyCollection<string>> FieldValuesAsync(string locale, string type, string field, CancellationToken ct = default) =>
        (await ListAllAsync(new ContentQuery(locale, type), ct)).Select(i => i.Field(field))
            .OfType<System.Text.Json.Nodes.JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Every item of a type shown in each of the languages, reduced to what its pages there depend on besides its
    /// revision's text, in no particular order: what a static export compares with its previous run to find the pages
    /// to make again, and what a sitemap lists (address, date, alternates). The snapshot answers without delivering
    /// anything (an item's addresses are built once for all the languages); this default, for other implementations,
    /// delivers every item.
    /// </summary>
    async Task<IReadOnlyList<ShownVersion>> ShownVersionsAsync(string type, IReadOnlyList<string> locales, CancellationToken ct = default)
    {
        var versions = new List<ShownVersion>();
        foreach (var locale in locales)
        {
            versions.AddRange((await ListAllAsync(new ContentQuery(locale, type), ct)).Select(i => new ShownVersion(
                i.Id, i.Type, locale, i.ResolvedLocale, i.Path, i.UpdatedAt, i.IsOutdated, i.TranslationFollows, i.Corrections.Count, i.Alternates)));
        }

        return versions;
    }

    /// <summary>
    /// Every item of a list query, in its order (sitemaps, search indexes, a series' issues). The snapshot answers in
    /// one pass; this default, for other implementations, reads it a page at a time.
    /// </summary>
    async Task<List<DeliveredItem>> ListAllAsync(ContentQuery query, CancellationToken ct = default)
    {
        var all = new List<DeliveredItem>();
        for (var page = 1; ; page++)
        {
            var result = await ListAsync(query with { Page = page, PageSize = ContentQuery.MaxPageSize }, ct);
            all.AddRange(result.Items);
            if (page >= result.TotalPages)
            {
                return all;
            }
        }
    }
}

/// <summary>One item as seen in one language.</summary>
public sealed record DeliveredItem(
    long Id,
    string Type,
    string Key,
    string RequestedLocale,
    string ResolvedLocale,
    bool IsFallback,
    string Slug,
    string? Path,
    string Title,
    string? Summary,
    string? SeoTitle,
    string? SeoDescription,
    IReadOnlyList<Alternate> Alternates,
    DateTime PublishedAt,
    DateTime UpdatedAt,
    bool IsOutdated)
{
    /// <summary>The languages the item is meant to have by its language plan; the others fall back by design, not by neglect.</summary>
    public IReadOnlyList<string> PlannedLocales { get; init; } = Locales.All;

    private JsonObject? _fields;

    /// <summary>
    /// The item's fields in this language version, shared ones included. Merged and copied when first read: a
    /// sitemap, a search index or an export's bookkeeping reads thousands of items and none of their fields.
    /// </summary>
    public JsonObject Fields
    {
        get => _fields ??= MergeFields?.Invoke() ?? [];
        init => _fields = value;
    }

    /// <summary>Makes <see cref="Fields"/> when it is first read.</summary>
    public Func<JsonObject>? MergeFields { private get; init; }

    /// <summary>
    /// One field's value as <see cref="Fields"/> holds it, read in place when they are not merged yet (an index reads two
    /// text fields of thousands of items). Read only: the node may belong to the published snapshot.
    /// </summary>
    public JsonNode? Field(string name) => _fields is null && ReadField is { } read ? read(name) : Fields[name];

    /// <summary>Reads one field without merging them all (<see cref="Field"/>).</summary>
    public Func<string, JsonNode?>? ReadField { private get; init; }

    /// <summary>
    /// The parsed fields this item's <see cref="Fields"/> are made of (the language version's own, then the shared ones),
    /// as the published snapshot holds them. A snapshot read again keeps the objects of every revision that did not
    /// change, so the same two objects mean the same text: what is made from an item's text (a static search index's
    /// entry) can be kept without hashing the text again. Null where the item is not from the snapshot.
    /// </summary>
    public (JsonObject Own, JsonObject Shared)? FieldSources { get; init; }

    private JsonObject? _html;

    /// <summary>
    /// The Markdown fields rendered to HTML, by field name. Rendered when first read: a list delivers twenty
    /// items and shows none of their bodies, so it renders none.
    /// </summary>
    public JsonObject Html => _html ??= RenderHtml?.Invoke() ?? [];

    /// <summary>Makes <see cref="Html"/> when it is first read.</summary>
    public Func<JsonObject>? RenderHtml { private get; init; }

    /// <summary>
    /// The public log of corrections in this language, oldest first: when each changed version went
    /// public and what its note says changed. Empty for types that keep none.
    /// </summary>
    public IReadOnlyList<Correction> Corrections { get; init; } = [];

    /// <summary>
    /// This language is on its way through the fast lane (given to a translator, due soon) while the
    /// page falls back: the page says "translations follow" rather than only "not translated".
    /// </summary>
    public bool TranslationFollows { get; init; }

    /// <summary>
    /// The agencies its agency fields ([AgencyKey]) name, by field name, each with its name in the
    /// requested language or the first language of the fallback chain that has one. A key that names
    /// no agency (one deleted since) has no entry.
    /// </summary>
    public IReadOnlyDictionary<string, DeliveredAgency> Agencies { get; init; } = NoAgencies;

    public static readonly IReadOnlyDictionary<string, DeliveredAgency> NoAgencies = new Dictionary<string, DeliveredAgency>();

    /// <summary>The item as its typed model (an <see cref="OcopProduct"/>, a <see cref="HeritageSite"/>...).</summary>
    public T As<T>() => ContentJson.ToModel<T>(Fields);
}

/// <summary>An agency as a reader sees it: <paramref name="Locale"/> is the language <paramref name="Name"/> is in.</summary>
public sealed record DeliveredAgency(string Key, string Name, string Locale, string? Website);

/// <summary>An item as a list of candidates sees it: the fields of <see cref="DeliveredItem"/> that rank and filter it.</summary>
public sealed record ItemHeadline(long Id, string Type, string ResolvedLocale, bool IsFallback, string Title, string? Path);

/// <summary>One entry of a correction log: from <paramref name="At"/> (UTC) on, the text changed as the note says.</summary>
public sealed record Correction(DateTime At, string Note);

/// <summary>A published translation of an item, for hreflang and language switchers.</summary>
public sealed record Alternate(string Locale, string Path);

/// <summary>
/// An item as one language shows it, reduced to what its pages there depend on besides the text of the revision shown
/// (<see cref="UpdatedAt"/> names that revision): its address, the language version shown and whether it is marked
/// outdated or to follow, how many corrections it lists, and its addresses in every language (the hreflang links).
/// </summary>
public sealed record ShownVersion(
    long Id, string Type, string Locale, string ResolvedLocale, string? Path, DateTime UpdatedAt, bool IsOutdated, bool TranslationFollows,
    int Corrections, IReadOnlyList<Alternate> Alternates);

/// <summary>
/// A list of one type in one language. <paramref name="OwnLanguageOnly"/> leaves out the items that would show another
/// language's text there (<see cref="DeliveredItem.IsFallback"/>): what a language's sitemap lists.
/// </summary>
public sealed record ContentQuery(
    string Locale,
    string Type,
    IReadOnlyDictionary<string, string>? Filters = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Sort = null,
    int Page = 1,
    int PageSize = 20,
    bool OwnLanguageOnly = false)
{
    public const int MaxPageSize = 100;
}

public sealed record ContentPage(IReadOnlyList<DeliveredItem> Items, int Page, int PageSize, int TotalItems)
{
    public int TotalPages => TotalItems == 0 ? 0 : (TotalItems + PageSize - 1) / PageSize;
}

public enum LookupStatus
{
    Found,

    /// <summary>The slug is an old one, or not this locale's: <see cref="ItemLookup.RedirectPath"/> is the current URL.</summary>
    Moved,

    /// <summary>The item was published once but is not now (unpublished or expired).</summary>
    Unavailable,

    /// <summary>The item is in the trash.</summary>
    Gone,

    NotFound,
}

public sealed record ItemLookup(LookupStatus Status, DeliveredItem? Item = null, string? RedirectPath = null, string? Title = null);

/// <summary>A slug that no longer shows its item's live page in its locale; <paramref name="Scope"/> is the parent's key for scoped types.</summary>
public sealed record RetiredSlug(string Type, string Locale, string Scope, string Slug);
