using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Delivery;

/// <summary>
/// Serves published content from an in-memory snapshot. A save in this process invalidates it at
/// once; a save on another node is noticed by polling the change counter (Cms:ChangePollInterval).
/// When the database cannot be reached, the snapshot it holds goes on serving (visitors see the
/// content published before, /health says Degraded) and the next poll tries again.
/// </summary>
public sealed partial class ContentDeliveryService(
    IServiceScopeFactory scopes,
    ContentTypeRegistry types,
    FallbackChains fallbacks,
    ContentChangeNotifier notifier,
    TimeProvider clock,
    IOptions<CmsOptions> options,
    DatabaseOutage outage,
    Microsoft.Extensions.Logging.ILogger<ContentDeliveryService> logger) : IContentDelivery
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private PublishedSnapshot? _snapshot;
    private long _checkedAtTicks;

    public async Task<long> GetContentVersionAsync(CancellationToken ct = default)
    {
        // Saves bump the counter; scheduled publish and unpublish times change content with no save,
        // so the number of those already passed is folded in too.
        var snapshot = await CurrentAsync(ct);
        var passed = Array.BinarySearch(snapshot.Transitions, clock.GetUtcNow().UtcDateTime.AddTicks(1));
        return (snapshot.Counter << 20) + (passed < 0 ? ~passed : passed + 1);
    }

    public async Task<ContentPage> ListAsync(ContentQuery query, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var listed = Listing(snapshot, query, now);
        var pageSize = Math.Clamp(query.PageSize, 1, ContentQuery.MaxPageSize);
        var page = Math.Max(query.Page, 1);
        var skip = (int)Math.Min(listed.Count, ((long)page - 1) * pageSize);
        var items = new List<DeliveredItem>(Math.Min(pageSize, listed.Count - skip));
        for (var i = skip; i < listed.Count && i < skip + pageSize; i++)
        {
            items.Add(Deliver(snapshot, listed[i].Item, query.Locale, now)!);
        }

        return new ContentPage(items, page, pageSize, listed.Count);
    }

    /// <summary>Every item of the list in one pass: one filter and sort, not one per page of a hundred (sitemaps, search indexes, exports).</summary>
    public async Task<List<DeliveredItem>> ListAllAsync(ContentQuery query, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return Listing(snapshot, query, now).Select(l => Deliver(snapshot, l.Item, query.Locale, now)!).ToList();
    }

    public async Task<IReadOnlyList<ShownVersion>> ShownVersionsAsync(string type, IReadOnlyList<string> locales, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var versions = new List<ShownVersion>();
        foreach (var item in snapshot.ByType.GetValueOrDefault(type) ?? [])
        {
            IReadOnlyList<Alternate>? alternates = null;
            foreach (var locale in locales)
            {
                if (Resolve(item, locale, now) is not { } resolved)
                {
                    continue;
                }

                alternates ??= AlternatesOf(snapshot, item, now);
                var path = resolved.Locale == locale && alternates.FirstOrDefault(a => a.Locale == locale) is { } own ? own.Path
                    : PathFor(snapshot, item, locale, resolved.Slug, now);
                versions.Add(new ShownVersion(
                    item.Id, type, locale, resolved.Locale, path, resolved.UpdatedAt, resolved.IsOutdated,
                    resolved.Locale != locale && item.TranslationsFollow.Contains(locale), resolved.Corrections.Count, alternates));
            }
        }

        return versions;
    }

    public async Task<IReadOnlyCollection<string>> FieldValuesAsync(string locale, string type, string field, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return ListsOf(snapshot, now).Values.GetOrAdd((type, locale, field), _ =>
        {
            var values = new HashSet<string>(StringComparer.Ordinal);
            foreach (var listed in Shown(snapshot, types.Get(type), locale, now))
            {
                if (listed.Field(field) is JsonValue value && value.TryGetValue<string>(out var text))
                {
                    values.Add(text);
                }
            }

            return values;
        });
    }

    /// <summary>
    /// A list in its order (<see cref="Sort"/>), then filtered on the snapshot's own values, before anything is delivered:
    /// a caller delivers only the items it shows (fields merged and copied, paths and alternates built). Delivering every
    /// item of the type for each page made a list page, and a sitemap read a hundred at a time, cost as much as the
    /// whole type (issue 18: 6 s a sitemap at 4,800 items). The sorted list itself is made once per snapshot and point of
    /// its schedule (<see cref="ListsOf"/>); a filter keeps its order.
    /// </summary>
    private IReadOnlyList<Listed> Listing(PublishedSnapshot snapshot, ContentQuery query, DateTime now)
    {
        var type = types.Get(query.Type);
        var sort = query.Sort ?? type.DefaultSort;
        // A language's own versions only (a sitemap's list) is a list of its own, not a filter on the whole one: the sitemap
        // index asks it of every type, in every language.
        var sorted = ListsOf(snapshot, now).Sorted.GetOrAdd((type.Name, query.Locale, sort, query.OwnLanguageOnly), _ =>
            [.. Sort(Shown(snapshot, type, query.Locale, now).Where(l => !query.OwnLanguageOnly || l.Resolved.Locale == query.Locale), type, sort)]);
        if (query.Filters is not { Count: > 0 } && query.From is null && query.To is null)
        {
            return sorted;
        }

        IEnumerable<Listed> listed = sorted;
        foreach (var (name, wanted) in query.Filters ?? new Dictionary<string, string>())
        {
            var field = type.FieldsByName[name];
            listed = listed.Where(d => Matches(field, d.Field(name), wanted));
        }

        if (type.DateRangeStart is { } startField && (query.From is not null || query.To is not null))
        {
            var endField = type.DateRangeEnd ?? startField;
            listed = listed.Where(d =>
            {
                var start = ReadDate(d.Field(startField));
                var end = ReadDate(d.Field(endField)) ?? start;
                return start is not null
                    && (query.From is null || end >= query.From)
                    && (query.To is null || start <= query.To);
            });
        }

        return listed.ToList();
    }

    /// <summary>
    /// The sorted lists and free-text filter values worked out from one snapshot at one point of its schedule (the number of
    /// publish and unpublish times passed): what a list shows changes only with either. Every page of a list, every filter
    /// form and every sitemap part read the same few lists; each resolved every item of the type and sorted them again
    /// (list pages and their filter forms were a tenth of a full export's CPU samples at 4,800 items, issue 18; on the live
    /// site an uncached list page answered about seven times less often). Bounded: two lists (all, own language only) per
    /// type, language and valid sort, one set per type, language and filter field.
    /// </summary>
    private ListMemo ListsOf(PublishedSnapshot snapshot, DateTime now)
    {
        var passed = Array.BinarySearch(snapshot.Transitions, now.AddTicks(1));
        var epoch = passed < 0 ? ~passed : passed + 1;
        var memo = Volatile.Read(ref _lists);
        if (memo is null || memo.Snapshot != snapshot || memo.Epoch != epoch)
        {
            memo = new ListMemo(snapshot, epoch);
            Volatile.Write(ref _lists, memo);
        }

        return memo;
    }

    private ListMemo? _lists;

    private sealed class ListMemo(PublishedSnapshot snapshot, int epoch)
    {
        public PublishedSnapshot Snapshot { get; } = snapshot;

        public int Epoch { get; } = epoch;

        public System.Collections.Concurrent.ConcurrentDictionary<(string Type, string Locale, string Sort, bool OwnLanguageOnly), List<Listed>> Sorted { get; } = new();

        public System.Collections.Concurrent.ConcurrentDictionary<(string Type, string Locale, string Field), HashSet<string>> Values { get; } = new();
    }

    /// <summary>
    /// Every address an item had or has that is not its live page now: old slugs (which redirect),
    /// and the slugs of unpublished and trashed items (which say so). A static export asks the
    /// site what each one answers, so its redirect map and status pages need no rules of their own.
    /// </summary>
    public async Task<IReadOnlyList<RetiredSlug>> RetiredSlugsAsync(CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var retired = snapshot.Redirects.Keys.Select(k => new RetiredSlug(k.Type, k.Locale, k.Scope, k.Slug)).ToList();
        foreach (var (key, item) in snapshot.BySlug)
        {
            if (item.Trashed || item.Live(key.Locale, now) is not { } live || live.Slug != key.Slug)
            {
                retired.Add(new RetiredSlug(key.Type, key.Locale, key.Scope, key.Slug));
            }
        }

        return retired;
    }

    public Task<ItemLookup> GetAsync(string locale, string type, string slug, CancellationToken ct = default) =>
        GetAsync(locale, type, slug, "", ct);

    public async Task<ItemLookup> GetAsync(string locale, string type, string slug, string scope, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        return Lookup(snapshot, locale, type, scope, slug, clock.GetUtcNow().UtcDateTime);
    }

    public async Task<DeliveredItem?> GetByKeyAsync(string locale, string type, string key, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        return snapshot.ByKey.TryGetValue((type, key), out var item) ? Deliver(snapshot, item, locale, clock.GetUtcNow().UtcDateTime) : null;
    }

    public async Task<DeliveredItem?> GetByIdAsync(string locale, long id, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        return snapshot.ById.TryGetValue(id, out var item) ? Deliver(snapshot, item, locale, clock.GetUtcNow().UtcDateTime) : null;
    }

    public async Task<IReadOnlyList<ItemHeadline>> GetHeadlinesAsync(string locale, IEnumerable<long> ids, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var headlines = new List<ItemHeadline>();
        foreach (var id in ids)
        {
            if (snapshot.ById.TryGetValue(id, out var item) && Resolve(item, locale, now) is { } resolved)
            {
                headlines.Add(new ItemHeadline(item.Id, item.Type.Name, resolved.Locale, resolved.Locale != locale, new Listed(item, resolved).Title, PathFor(snapshot, item, locale, resolved.Slug, now)));
            }
        }

        return headlines;
    }

    /// <summary>
    /// What a search ranks a hit by, without building its title or path: its type and whether it shows a fallback
    /// language in <paramref name="locale"/>; null when it has no page there now (a headline's null path). Only a
    /// type whose path names a parent has its path built, since that parent must be live too.
    /// </summary>
    internal (ContentTypeDefinition Type, bool IsFallback)? PageFacts(PublishedSnapshot snapshot, long id, string locale, DateTime now)
    {
        if (!snapshot.ById.TryGetValue(id, out var item) || item.Type.PublicPath is null || Resolve(item, locale, now) is not { } resolved)
        {
            return null;
        }

        return item.Type.PathParents.Count > 0 && PathFor(snapshot, item, locale, resolved.Slug, now) is null ? null : (item.Type, resolved.Locale != locale);
    }

    /// <summary>Checks a list query against the type; each message names the offending parameter.</summary>
    public static IReadOnlyList<string> Validate(ContentTypeDefinition type, ContentQuery query)
    {
        var errors = new List<string>();
        foreach (var (name, value) in query.Filters ?? new Dictionary<string, string>())
        {
            if (!type.FieldsByName.TryGetValue(name, out var field) || !field.Filterable)
            {
                var allowed = type.Fields.Where(f => f.Filterable).Select(f => f.Name).ToList();
                errors.Add(allowed.Count == 0
                    ? $"'{name}' is not a filter; {type.Name} has none."
                    : $"'{name}' is not a filter of {type.Name}; filters: {string.Join(", ", allowed)}.");
            }
            else if (field.Kind is FieldKind.Enum or FieldKind.EnumList && !field.Options.Contains(value))
            {
                errors.Add($"'{name}' must be one of {string.Join(", ", field.Options)}.");
            }
            else if (field.Kind == FieldKind.Integer && !field.FilterAtLeast && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"'{name}' must be a whole number.");
            }
            else if ((field.Kind == FieldKind.Decimal || field.FilterAtLeast) && !(decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number <= 1_000_000))
            {
                errors.Add(field.FilterAtLeast
                    ? $"'{name}' keeps items with at least that many; it must be a number such as 20 or 12.5."
                    : $"'{name}' must be a number such as 20 or 12.5.");
            }
        }

        if ((query.From is not null || query.To is not null) && type.DateRangeStart is null)
        {
            errors.Add($"'from' and 'to' apply to dated types only; {type.Name} has no dates to filter.");
        }

        if (query.Sort is { } sort)
        {
            var name = sort.TrimStart('-');
            if (name is not ("title" or "updated" or "published") && !(type.FieldsByName.TryGetValue(name, out var field) && field.Shared && field.Kind is FieldKind.Date or FieldKind.Integer or FieldKind.Decimal or FieldKind.Text or FieldKind.Enum))
            {
                errors.Add($"'sort' must be title, updated, published or a sortable field of {type.Name}, optionally with '-' for descending.");
            }
        }

        if (query.Page < 1)
        {
            errors.Add("'page' counts from 1.");
        }

        if (query.PageSize is < 1 or > ContentQuery.MaxPageSize)
        {
            errors.Add($"'pageSize' must be between 1 and {ContentQuery.MaxPageSize}.");
        }

        return errors;
    }

    private ItemLookup Lookup(PublishedSnapshot snapshot, string locale, string type, string scope, string slug, DateTime now)
    {
        var chain = fallbacks.For(locale);
        SnapshotItem? item = null;
        foreach (var candidate in chain)
        {
            if (snapshot.BySlug.TryGetValue(new SlugKey(type, candidate, scope, slug), out item))
            {
                break;
            }
        }

        if (item is null)
        {
            foreach (var candidate in chain)
            {
                if (snapshot.Redirects.TryGetValue(new SlugKey(type, candidate, scope, slug), out var moved))
                {
                    var current = Deliver(snapshot, moved, locale, now);
                    return current?.Path is { } path ? new ItemLookup(LookupStatus.Moved, RedirectPath: path)
                        : new ItemLookup(moved.Trashed ? LookupStatus.Gone : LookupStatus.Unavailable, Title: TitleOf(moved, locale));
                }
            }

            return new ItemLookup(LookupStatus.NotFound);
        }

        if (item.Trashed)
        {
            return new ItemLookup(LookupStatus.Gone, Title: TitleOf(item, locale));
        }

        var delivered = Deliver(snapshot, item, locale, now);
        if (delivered is null)
        {
            return new ItemLookup(LookupStatus.Unavailable, Title: TitleOf(item, locale));
        }

        // The URL used a slug other than the one this locale now shows (say the English slug while
        // a Korean translation with its own slug exists): send the visitor to the one true URL.
        if (delivered.Slug != slug)
        {
            return new ItemLookup(LookupStatus.Moved, RedirectPath: delivered.Path);
        }

        return new ItemLookup(LookupStatus.Found, delivered);
    }

    private string? TitleOf(SnapshotItem item, string locale) =>
        fallbacks.For(locale).Select(l => item.Localizations.GetValueOrDefault(l)?.Fields["title"]?.GetValue<string>()).FirstOrDefault(t => t is not null);

    /// <summary>The language version an item shows in a locale now: its own, else the first live one along the fallback chain.</summary>
    private SnapshotLocalization? Resolve(SnapshotItem item, string locale, DateTime now)
    {
        foreach (var candidate in fallbacks.For(locale))
        {
            if (item.Live(candidate, now) is { } resolved)
            {
                return resolved;
            }
        }

        return null;
    }

    private DeliveredItem? Deliver(PublishedSnapshot snapshot, SnapshotItem item, string locale, DateTime now)
    {
        if (Resolve(item, locale, now) is not { } resolved)
        {
            return null;
        }

        var alternates = AlternatesOf(snapshot, item, now);
        var listed = new Listed(item, resolved);
        return new DeliveredItem(
            item.Id,
            item.Type.Name,
            item.Key,
            locale,
            resolved.Locale,
            resolved.Locale != locale,
            resolved.Slug,
            PathFor(snapshot, item, locale, resolved.Slug, now),
            listed.Title,
            listed.Field("summary")?.GetValue<string>(),
            resolved.SeoTitle,
            resolved.SeoDescription,
            alternates,
            resolved.PublishedAt,
            resolved.UpdatedAt,
            resolved.IsOutdated)
        {
            PlannedLocales = item.PlannedLocales,
            MergeFields = () => ContentJson.Merge(item.Shared, resolved.Fields),
            ReadField = listed.Field,
            FieldSources = (resolved.Fields, item.Shared),
            RenderHtml = () => resolved.Html(item.Type),
            Corrections = resolved.Corrections,
            TranslationFollows = resolved.Locale != locale && item.TranslationsFollow.Contains(locale),
            Agencies = AgenciesOf(snapshot, item.Type, item.Shared, locale),
        };
    }

    /// <summary>The item's address in each language it is published in now (its hreflang links).</summary>
    private List<Alternate> AlternatesOf(PublishedSnapshot snapshot, SnapshotItem item, DateTime now)
    {
        var alternates = new List<Alternate>(item.Localizations.Count);
        foreach (var locale in Locales.All)
        {
            if (item.Live(locale, now) is { } live && PathFor(snapshot, item, locale, live.Slug, now) is { } path)
            {
                alternates.Add(new Alternate(locale, path));
            }
        }

        return alternates;
    }

    /// <summary>The agencies an item's agency fields (shared ones) name, each in the reader's language or the nearest one along the fallback chain.</summary>
    private IReadOnlyDictionary<string, DeliveredAgency> AgenciesOf(PublishedSnapshot snapshot, ContentTypeDefinition type, JsonObject shared, string locale)
    {
        Dictionary<string, DeliveredAgency>? named = null;
        foreach (var field in type.SharedFields.Where(f => f.Agency))
        {
            if (shared[field.Name] is { } node && node.GetValueKind() == System.Text.Json.JsonValueKind.String
                && snapshot.Agencies.GetValueOrDefault(node.GetValue<string>()) is { } agency)
            {
                var (name, nameLocale) = fallbacks.For(locale).Select(l => (Name: NameOf(agency, l), Locale: l)).First(n => !string.IsNullOrWhiteSpace(n.Name));
                (named ??= new(StringComparer.Ordinal))[field.Name] = new DeliveredAgency(agency.Key, name!, nameLocale, agency.Website);
            }
        }

        return named ?? DeliveredItem.NoAgencies;
    }

    /// <summary>The agency's own name in one language; null where it has none (ko, ja, zh are optional).</summary>
    private static string? NameOf(PromoSite.Cms.Agencies.Agency agency, string locale) => locale switch
    {
        "vi" => agency.NameVi,
        "en" => agency.NameEn,
        "ko" => agency.NameKo,
        "ja" => agency.NameJa,
        "zh" => agency.NameZh,
        _ => null,
    };

    /// <summary>The public path of an item in a locale, from its type's PublicPath template.</summary>
    private string? PathFor(PublishedSnapshot snapshot, SnapshotItem item, string locale, string slug, DateTime now)
    {
        if (item.Type.PublicPath is not { } template)
        {
            return null;
        }

        var path = template.Replace("{slug}", slug, StringComparison.Ordinal);
        foreach (var field in item.Type.PathParents)
        {
            var key = item.Shared[field.Name]?.GetValue<string>();
            var parent = key is null ? null : snapshot.ByKey.GetValueOrDefault((field.RefType!, key));
            var parentSlug = parent is null ? null : fallbacks.For(locale).Select(l => parent.Live(l, now)?.Slug).FirstOrDefault(s => s is not null);
            if (parentSlug is null)
            {
                return null;
            }

            path = path.Replace('{' + field.Name + '}', parentSlug, StringComparison.Ordinal);
        }

        return $"/{locale}/{path}";
    }

    private static bool Matches(FieldDefinition field, JsonNode? value, string wanted) => value is not null && field.Kind switch
    {
        FieldKind.Text => Slugs.FromTitle(value.GetValue<string>()) == Slugs.FromTitle(wanted),
        FieldKind.Integer when field.FilterAtLeast => value.GetValue<int>() >= decimal.Parse(wanted, NumberStyles.Number, CultureInfo.InvariantCulture),
        FieldKind.Integer => value.GetValue<int>().ToString(CultureInfo.InvariantCulture) == wanted,
        // An item whose figure is not published is not "at least" anything: it is left out, not taken as 0.
        FieldKind.Decimal when field.FilterAtLeast => value.GetValue<decimal>() >= decimal.Parse(wanted, NumberStyles.Number, CultureInfo.InvariantCulture),
        FieldKind.Decimal => value.GetValue<decimal>() == decimal.Parse(wanted, NumberStyles.Number, CultureInfo.InvariantCulture),
        FieldKind.EnumList or FieldKind.TextList => value is JsonArray list && list.Any(v => v?.GetValue<string>() == wanted),
        _ => value.GetValue<string>() == wanted,
    };

    private static DateOnly? ReadDate(JsonNode? node) =>
        node is not null && DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The items of a type that have a language version to show in <paramref name="locale"/> now, each with that version.</summary>
    private IEnumerable<Listed> Shown(PublishedSnapshot snapshot, ContentTypeDefinition type, string locale, DateTime now) =>
        (snapshot.ByType.GetValueOrDefault(type.Name) ?? [])
            .Select(item => Resolve(item, locale, now) is { } resolved ? new Listed(item, resolved) : null)
            .OfType<Listed>();

    /// <summary>An item as a list sees it before it is delivered: the language version it shows, and its fields read in place.</summary>
    private sealed record Listed(SnapshotItem Item, SnapshotLocalization Resolved)
    {
        private string? _title;

        /// <summary>What the delivered item's merged fields hold under <paramref name="name"/>: the language version's value over the shared one.</summary>
        public JsonNode? Field(string name) => Resolved.Fields.TryGetPropertyValue(name, out var own) ? own : Item.Shared[name];

        /// <summary>The delivered item's title (<see cref="DeliveredItem.Title"/>).</summary>
        public string Title => _title ??= Field("title")?.GetValue<string>() ?? Item.Key;
    }

    /// <summary>
    /// The items in the contract's order: by the sort value (missing values last either way), then title, then id. The
    /// title is read only where two sort values tie: a list sorted by date has few ties, and reading every item's title
    /// up front (as a chained OrderBy/ThenBy does) was a third of sorting a list again after each watched edit (issue 18).
    /// Id is unique in a list, so the order is total and an unstable sort gives the same list every time.
    /// </summary>
    private static List<Listed> Sort(IEnumerable<Listed> items, ContentTypeDefinition type, string sort)
    {
        var descending = sort.StartsWith('-');
        var name = sort.TrimStart('-');
        Func<Listed, IComparable?> key = name switch
        {
            "title" => i => i.Title,
            "updated" => i => i.Resolved.UpdatedAt,
            "published" => i => i.Resolved.PublishedAt,
            _ when type.FieldsByName.TryGetValue(name, out var f) && f.Kind == FieldKind.Integer => i => i.Field(name)?.GetValue<int>(),
            _ when type.FieldsByName.TryGetValue(name, out var f) && f.Kind == FieldKind.Decimal => i => i.Field(name)?.GetValue<decimal>(),
            _ => i => i.Field(name)?.GetValue<string>(),
        };

        var list = items.ToList();
        var keys = new IComparable?[list.Count];
        var order = new int[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            keys[i] = key(list[i]);
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var byValue = (keys[x], keys[y]) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (a, b) => descending ? b.CompareTo(a) : a.CompareTo(b),
            };
            if (byValue != 0)
            {
                return byValue;
            }

            var byTitle = string.CompareOrdinal(list[x].Title, list[y].Title);
            return byTitle != 0 ? byTitle : list[x].Item.Id.CompareTo(list[y].Item.Id);
        });
        return [.. order.Select(i => list[i])];
    }

    /// <summary>The published snapshot requests are answered from now (Search builds its in-memory index from it).</summary>
    internal ValueTask<PublishedSnapshot> SnapshotAsync(CancellationToken ct) => CurrentAsync(ct);

    /// <summary>
    /// Brings the snapshot up to everything committed before this call, now rather than at the next poll:
    /// a reader that learned of a change from the database itself (the webhook outbox, written in the
    /// change's transaction) may see the row before the writer has told this process, and before another
    /// node's change reaches the poll. It reads the change counter (one query) and reloads only if it moved.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken ct = default) => await CurrentAsync(ct, checkNow: true);

    private async ValueTask<PublishedSnapshot> CurrentAsync(CancellationToken ct, bool checkNow = false)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var localChanges = notifier.LocalChanges;
        var pollDue = checkNow || clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _checkedAtTicks) >= options.Value.ChangePollInterval.Ticks;
        if (snapshot is not null && snapshot.LocalChanges == localChanges && !pollDue)
        {
            return snapshot;
        }

        // A poll is due but another request is already checking: serve what we have rather than queue.
        // Not when asked to check now: that check may have read the counter before the caller's change.
        if (snapshot is not null && snapshot.LocalChanges == localChanges && !checkNow && !await _refresh.WaitAsync(0, ct))
        {
            return snapshot;
        }
        else if (snapshot is null || snapshot.LocalChanges != localChanges || checkNow)
        {
            await _refresh.WaitAsync(ct);
        }

        try
        {
            snapshot = Volatile.Read(ref _snapshot);
            localChanges = notifier.LocalChanges;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            if (snapshot is not null && snapshot.LocalChanges == localChanges)
            {
                var counter = await db.ReadChangeCounterAsync(ct);
                Reachable();
                if (counter == snapshot.Counter)
                {
                    Interlocked.Exchange(ref _checkedAtTicks, clock.GetUtcNow().UtcTicks);
                    return snapshot;
                }
            }

            snapshot = await PublishedSnapshot.LoadAsync(db, types, localChanges, snapshot, ct);
            Volatile.Write(ref _snapshot, snapshot);
            Interlocked.Exchange(ref _checkedAtTicks, clock.GetUtcNow().UtcTicks);
            Reachable();
            return snapshot;
        }
        catch (Exception ex) when (snapshot is not null && DatabaseOutage.Is(ex) && !ct.IsCancellationRequested)
        {
            // Keep serving what was published; try again at the next poll, not on every request.
            if (outage.Since is null)
            {
                LogServingSnapshot(logger, ex);
            }

            outage.Failed();
            Interlocked.Exchange(ref _checkedAtTicks, clock.GetUtcNow().UtcTicks);
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }

        void Reachable()
        {
            if (outage.Since is not null)
            {
                outage.Recovered();
                LogRecovered(logger);
            }
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "The database cannot be reached: serving the last published snapshot until it answers again")]
    private static partial void LogServingSnapshot(Microsoft.Extensions.Logging.ILogger logger, Exception exception);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "The database answers again: serving live content")]
    private static partial void LogRecovered(Microsoft.Extensions.Logging.ILogger logger);
}
