using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Content;
using PromoSite.Cms.FastLane;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Delivery;

/// <summary>
/// An immutable in-memory copy of everything the public may see: published (and once-published)
/// languages of every item, plus slug redirects. Requests read it without touching the database;
/// it is rebuilt when content changes. Drafts and items never published are not in it at all, so
/// they cannot leak through any query.
/// </summary>
internal sealed class PublishedSnapshot
{
    public required long Counter { get; init; }

    public required long LocalChanges { get; init; }

    public required IReadOnlyDictionary<string, List<SnapshotItem>> ByType { get; init; }

    public required IReadOnlyDictionary<(string Type, string Key), SnapshotItem> ByKey { get; init; }

    public required IReadOnlyDictionary<long, SnapshotItem> ById { get; init; }

    public required IReadOnlyDictionary<SlugKey, SnapshotItem> BySlug { get; init; }

    public required IReadOnlyDictionary<SlugKey, SnapshotItem> Redirects { get; init; }

    /// <summary>The agencies that agency fields ([AgencyKey]) name, by key: their names are public facts, read with the content.</summary>
    public required IReadOnlyDictionary<string, PromoSite.Cms.Agencies.Agency> Agencies { get; init; }

    /// <summary>Every scheduled publish or unpublish time, sorted: content changes at these moments without a save.</summary>
    public required DateTime[] Transitions { get; init; }

    /// <summary>Up to this many revisions to read, they are read by id; more (a first read, a large import), all in one pass.</summary>
    private const int ReadByIdUpTo = 500;

    /// <summary>
    /// Reads what is published. Given the snapshot it replaces, a language version whose published revision (and, for a
    /// translation, whose Vietnamese revision) is the same reuses that snapshot's facts of the revision (slug, SEO texts,
    /// times) and parsed fields instead of reading and parsing them again: revisions are never edited, so the same
    /// revision means the same facts and fields. What is not in a revision (the languages' statuses and published
    /// revisions, plans, trash, agencies, redirects, the fast lane) is read afresh every time.
    /// </summary>
    public static async Task<PublishedSnapshot> LoadAsync(CmsDbContext db, ContentTypeRegistry types, long localChanges, PublishedSnapshot? replaced, CancellationToken ct)
    {
        var counter = await db.ReadChangeCounterAsync(ct);
        // Working copies give the source fingerprint (outdated detection) and, for languages that were unpublished, a
        // title for the "not published now" page; the live content itself comes from each language's published revision.
        // A working copy's text is read only where it is shown: a language unpublished with no published revision, and
        // the item's shared fields where its Vietnamese has none (else they are the published Vietnamese revision's).
        var rows = await db.Localizations.AsNoTracking()
            .Where(l => l.PublishedRevisionId != null || l.Status == LocalizationStatus.Unpublished || l.Locale == Locales.Source)
            .Select(l => new
            {
                l.ItemId, l.Item.Type, l.Item.Key, SharedJson = l.Locale == Locales.Source && l.PublishedRevisionId == null ? l.Item.SharedJson : null, l.Item.DeletedAt, l.Item.PlannedLocales, l.Locale, l.SlugScope, l.Slug, l.Status,
                FieldsJson = l.PublishedRevisionId == null && l.Status == LocalizationStatus.Unpublished ? l.FieldsJson : null,
                // The Vietnamese working copy's fingerprint, and what a language not published was translated from (a published
                // one's is its revision's): each read where it is used, not 24,000 hashes to drop.
                ContentHash = l.Locale == Locales.Source ? l.ContentHash : null,
                SourceHash = l.PublishedRevisionId == null ? l.SourceHash : null,
                l.FirstPublishedAt, l.UpdatedAt, l.PublishedRevisionId,
            })
            .ToListAsync(ct);

        // The published revisions: their own facts (slug, SEO texts, times) and their text. Revisions are never edited, so
        // a language version showing the same revision as in the replaced snapshot (and, for a translation, which copies
        // Vietnamese facts, the same Vietnamese revision) is taken from it, parsed fields included; only the others are
        // read: by id after a save, all of them in one pass at first or after a large import.
        var publishedIds = rows.Where(r => r.PublishedRevisionId is not null).ToDictionary(r => (r.ItemId, r.Locale), r => r.PublishedRevisionId!.Value);
        var reused = new Dictionary<(long ItemId, string Locale), Reused>();
        var unread = new List<long>();
        foreach (var ((itemId, locale), revisionId) in publishedIds)
        {
            if (replaced?.ById.GetValueOrDefault(itemId) is { } before
                && before.Localizations.GetValueOrDefault(locale) is { Revision: { } known } shown && known.Id == revisionId
                && before.SourceRevisionId == (publishedIds.TryGetValue((itemId, Locales.Source), out var source) ? source : null))
            {
                reused[(itemId, locale)] = new Reused(before, shown);
            }
            else
            {
                unread.Add(revisionId);
            }
        }

        var texts = unread.Count == 0 ? []
            : unread.Count <= ReadByIdUpTo ? await db.Revisions.AsNoTracking().Where(r => unread.Contains(r.Id))
                .Select(r => new RevisionRead(
                    new PublishedRevision(r.Id, r.ItemId, r.Locale, r.Slug, r.SeoTitle, r.SeoDescription, r.PublishAt, r.UnpublishAt, r.CreatedAt, r.SourceHash),
                    r.FieldsJson, r.Locale == Locales.Source ? r.SharedJson : null))
                .ToDictionaryAsync(r => r.Revision.Id, ct)
            : await (
                from l in db.Localizations.AsNoTracking()
                join r in db.Revisions.AsNoTracking() on l.PublishedRevisionId equals r.Id
                select new RevisionRead(
                    new PublishedRevision(r.Id, l.ItemId, l.Locale, r.Slug, r.SeoTitle, r.SeoDescription, r.PublishAt, r.UnpublishAt, r.CreatedAt, r.SourceHash),
                    r.FieldsJson, r.Locale == Locales.Source ? r.SharedJson : null))
                .ToDictionaryAsync(r => r.Revision.Id, ct);
        var published = new Dictionary<(long ItemId, string Locale), PublishedRevision>();
        foreach (var (key, revisionId) in publishedIds)
        {
            if (reused.TryGetValue(key, out var kept))
            {
                published[key] = kept.Localization.Revision!;
            }
            else if (texts.TryGetValue(revisionId, out var text))
            {
                published[key] = text.Revision;
            }
        }

        var redirects = await db.SlugRedirects.AsNoTracking().ToListAsync(ct);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Key, StringComparer.Ordinal, ct);
        // Languages on the fast lane (FastLane/): their pages say the translation follows while they fall back.
        var following = (await db.FastLaneCells.AsNoTracking().Where(c => c.ClosedAt == null).Select(c => new { c.ItemId, c.Locale }).ToListAsync(ct))
            .GroupBy(c => c.ItemId).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(c => c.Locale).ToHashSet(StringComparer.Ordinal));

        // A language whose published revision waits for a future publish time keeps showing the
        // revision that was live before it until then: scheduling a correction must not take the
        // page down. That earlier revision is the latest published one before it, unless the
        // language was unpublished in between.
        var scheduled = published.Where(p => p.Value.PublishAt is not null).Select(p => p.Key.ItemId).Distinct().ToList();
        var earlier = scheduled.Count == 0 ? [] : await db.Revisions.AsNoTracking()
            .Where(r => scheduled.Contains(r.ItemId) && (r.Status == LocalizationStatus.Published || r.Status == LocalizationStatus.Unpublished))
            .Select(r => new { r.Id, r.ItemId, r.Locale, r.Status, r.Slug, r.SeoTitle, r.SeoDescription, r.PublishAt, r.UnpublishAt, r.FieldsJson, r.CreatedAt })
            .ToListAsync(ct);
        var liveIds = await db.Localizations.AsNoTracking().Where(l => scheduled.Contains(l.ItemId) && l.PublishedRevisionId != null)
            .Select(l => new { l.ItemId, l.Locale, Id = l.PublishedRevisionId!.Value }).ToListAsync(ct);

        // A series' plan is also the plan of its issues that have none of their own.
        var seriesPlans = rows.Where(r => r.Type == Publication.Key && r.Locale == Locales.Source).ToDictionary(r => r.Key, r => r.PlannedLocales, StringComparer.Ordinal);

        // The correction log of types that keep one: every published revision of their languages, in order.
        var logged = types.All.Where(t => t.CorrectionField is not null).Select(t => t.Name).ToList();
        var corrections = logged.Count == 0 ? [] : await (
            from r in db.Revisions.AsNoTracking()
            join i in db.Items.AsNoTracking() on r.ItemId equals i.Id
            where logged.Contains(i.Type) && r.Status == LocalizationStatus.Published
            join l in db.Localizations.AsNoTracking() on new { r.ItemId, r.Locale } equals new { l.ItemId, l.Locale }
            where l.PublishedRevisionId != null && r.Id <= l.PublishedRevisionId
            orderby r.Id
            select new PublishedVersion(r.ItemId, r.Locale, r.CreatedAt, r.PublishAt, r.FieldsJson))
            .ToListAsync(ct);

        var items = new Dictionary<long, SnapshotItem>();
        foreach (var group in rows.GroupBy(r => r.ItemId))
        {
            var first = group.First();
            var type = types.Find(first.Type);
            if (type is null)
            {
                continue;
            }

            // Visitors are told a translation is outdated against the Vietnamese they can read (the
            // published revision), not against a draft still being written.
            var sourceHash = group.FirstOrDefault(r => r.Locale == Locales.Source)?.ContentHash;
            var liveSource = published.GetValueOrDefault((first.ItemId, Locales.Source));
            var reusedSource = reused.GetValueOrDefault((first.ItemId, Locales.Source));
            var sourceText = liveSource is null || reusedSource is not null ? null : texts[liveSource.Id];
            var publishedSourceHash = reusedSource?.Item.PublishedSourceHash ?? (sourceText is null ? null : Translations.FingerprintOf(sourceText.FieldsJson));
            var localizations = new Dictionary<string, SnapshotLocalization>(StringComparer.Ordinal);
            // The Vietnamese facts a translation lacks are copied into it when it is parsed (WithSourceFacts).
            JsonObject? parsedSource = null;
            JsonObject? SourceFacts() => reusedSource?.Localization.Fields ?? (sourceText is null ? null : parsedSource ??= ContentJson.Parse(sourceText.FieldsJson));
            JsonObject Fields(string locale, string json) => WithSourceFacts(type, locale, ContentJson.Parse(json), locale == Locales.Source ? null : SourceFacts());
            foreach (var row in group)
            {
                var outdated = Translations.IsOutdatedAgainstPublished(row.Locale, row.SourceHash, publishedSourceHash, sourceHash);
                if (published.TryGetValue((row.ItemId, row.Locale), out var live))
                {
                    // The live revision records what the live text was translated from; the working copy may be a newer draft.
                    outdated = Translations.IsOutdatedAgainstPublished(row.Locale, live.SourceHash, publishedSourceHash, sourceHash);
                    SnapshotLocalization? previous = null;
                    if (live.PublishAt is not null && liveIds.FirstOrDefault(l => l.ItemId == row.ItemId && l.Locale == row.Locale) is { } current
                        && earlier.Where(r => r.ItemId == row.ItemId && r.Locale == row.Locale && r.Id < current.Id).MaxBy(r => r.Id) is { Status: LocalizationStatus.Published } before)
                    {
                        previous = new SnapshotLocalization(
                            row.Locale, before.Slug, row.SlugScope, before.SeoTitle, before.SeoDescription, Published: true,
                            before.PublishAt, before.UnpublishAt, Fields(row.Locale, before.FieldsJson), row.FirstPublishedAt ?? before.CreatedAt, before.CreatedAt, outdated);
                    }

                    localizations[row.Locale] = new SnapshotLocalization(
                        row.Locale, live.Slug, row.SlugScope, live.SeoTitle, live.SeoDescription, Published: true,
                        live.PublishAt, live.UnpublishAt, reused.GetValueOrDefault((row.ItemId, row.Locale))?.Localization.Fields ?? Fields(row.Locale, texts[live.Id].FieldsJson),
                        row.FirstPublishedAt ?? live.CreatedAt, live.CreatedAt, outdated, previous)
                    {
                        Revision = live,
                    };
                }
                else if (row.Status == LocalizationStatus.Unpublished)
                {
                    localizations[row.Locale] = new SnapshotLocalization(
                        row.Locale, row.Slug, row.SlugScope, null, null, Published: false,
                        null, null, Fields(row.Locale, row.FieldsJson ?? "{}"), row.FirstPublishedAt ?? row.UpdatedAt, row.UpdatedAt, outdated);
                }
            }

            if (localizations.Count > 0)
            {
                // Shared facts go live with the source: the published Vietnamese revision's, so every
                // language shows the same stars and hectares, and a draft cannot leak them early.
                var sharedFields = reusedSource?.Item.Shared ?? ContentJson.Parse(sourceText?.SharedJson ?? group.FirstOrDefault(r => r.Locale == Locales.Source)?.SharedJson ?? "{}");
                if (type.EmbargoField is not null)
                {
                    // An embargo holds every language back, whatever its own publish time says; as a
                    // publish time it is also a transition, so cached pages and feeds expire at it.
                    foreach (var (locale, loc) in localizations.ToList())
                    {
                        localizations[locale] = loc with
                        {
                            PublishAt = loc.Published ? ContentTimes.EffectivePublishAt(type, sharedFields, loc.PublishAt) : loc.PublishAt,
                            Previous = loc.Previous is { } previous ? previous with { PublishAt = ContentTimes.EffectivePublishAt(type, sharedFields, previous.PublishAt) } : null,
                        };
                    }
                }

                if (type.CorrectionField is { } note)
                {
                    foreach (var (locale, loc) in localizations.ToList())
                    {
                        localizations[locale] = loc with { Corrections = CorrectionLog(corrections, first.ItemId, locale, note.Name) };
                    }
                }

                var series = LanguagePlans.SeriesOf(type.Name, first.Key, sharedFields);
                items[first.ItemId] = new SnapshotItem(first.ItemId, type, first.Key, sharedFields, first.DeletedAt is not null, localizations)
                {
                    PlannedLocales = LanguagePlans.Effective(first.PlannedLocales, series is null || series == first.Key ? null : seriesPlans.GetValueOrDefault(series)),
                    TranslationsFollow = following.GetValueOrDefault(first.ItemId) ?? SnapshotItem.NoneFollowing,
                    SourceRevisionId = liveSource?.Id,
                    PublishedSourceHash = publishedSourceHash,
                };
            }
        }

        var bySlug = new Dictionary<SlugKey, SnapshotItem>();
        foreach (var item in items.Values)
        {
            foreach (var loc in item.Localizations.Values)
            {
                bySlug[new SlugKey(item.Type.Name, loc.Locale, loc.Scope, loc.Slug)] = item;
                if (loc.Previous is { } previous)
                {
                    bySlug.TryAdd(new SlugKey(item.Type.Name, loc.Locale, loc.Scope, previous.Slug), item); // its address until the new one goes live
                }
            }
        }

        var redirectMap = new Dictionary<SlugKey, SnapshotItem>();
        foreach (var redirect in redirects)
        {
            if (items.TryGetValue(redirect.ItemId, out var target))
            {
                redirectMap[new SlugKey(redirect.Type, redirect.Locale, redirect.SlugScope, redirect.Slug)] = target;
            }
        }

        return new PublishedSnapshot
        {
            Counter = counter,
            LocalChanges = localChanges,
            ByType = items.Values.GroupBy(i => i.Type.Name).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal),
            ByKey = items.Values.ToDictionary(i => (i.Type.Name, i.Key)),
            ById = items,
            BySlug = bySlug,
            Redirects = redirectMap,
            Agencies = agencies,
            Transitions = [.. items.Values.SelectMany(i => i.Localizations.Values)
                .SelectMany(l => new[] { l.PublishAt, l.UnpublishAt, l.Previous?.UnpublishAt }).OfType<DateTime>().Order()],
        };
    }

    /// <summary>
    /// A translation that has no form of a text fact yet ([TextFact]: a developer, a legal basis, a
    /// credit) shows the live Vietnamese one, as it did when the fact was shared: a fact is better
    /// in Vietnamese than missing.
    /// </summary>
    private static JsonObject WithSourceFacts(ContentTypeDefinition type, string locale, JsonObject fields, JsonObject? source)
    {
        if (locale == Locales.Source || source is null)
        {
            return fields;
        }

        foreach (var fact in type.LocalizedFields.Where(f => f.TextFact))
        {
            if (fields[fact.Name] is null && source[fact.Name] is { } value)
            {
                fields[fact.Name] = value.DeepClone();
            }
        }

        return fields;
    }

    /// <summary>
    /// A language's corrections: each published version after the first whose note is new, with the
    /// time it went public. The first publication is the statement itself, not a correction.
    /// </summary>
    private static IReadOnlyList<Correction> CorrectionLog(List<PublishedVersion> versions, long itemId, string locale, string field)
    {
        var log = new List<Correction>();
        string? previous = null;
        var first = true;
        foreach (var version in versions.Where(v => v.ItemId == itemId && v.Locale == locale))
        {
            var note = ContentJson.Parse(version.FieldsJson)[field]?.GetValue<string>();
            if (!first && !string.IsNullOrWhiteSpace(note) && note != previous)
            {
                var at = version.PublishAt is { } publishAt && publishAt > version.CreatedAt ? publishAt : version.CreatedAt;
                log.Add(new Correction(at, note));
            }

            previous = note;
            first = false;
        }

        return log;
    }
}

/// <summary>A language version the replaced snapshot parsed from the same revisions, and its item there.</summary>
internal sealed record Reused(SnapshotItem Item, SnapshotLocalization Localization);

/// <summary>A language's published revision's own facts, as read from it (never changed once written).</summary>
internal sealed record PublishedRevision(
    long Id, long ItemId, string Locale, string Slug, string? SeoTitle, string? SeoDescription, DateTime? PublishAt, DateTime? UnpublishAt, DateTime CreatedAt, string? SourceHash);

/// <summary>A published revision as read: its facts, its fields, and the shared fields where it is a Vietnamese one (a translation's are not shown).</summary>
internal sealed record RevisionRead(PublishedRevision Revision, string FieldsJson, string? SharedJson);

internal sealed record PublishedVersion(long ItemId, string Locale, DateTime CreatedAt, DateTime? PublishAt, string FieldsJson);

internal readonly record struct SlugKey(string Type, string Locale, string Scope, string Slug);

internal sealed record SnapshotItem(long Id, ContentTypeDefinition Type, string Key, JsonObject Shared, bool Trashed, IReadOnlyDictionary<string, SnapshotLocalization> Localizations)
{
    /// <summary>The languages the item is meant to have (its own plan, its series', or all).</summary>
    public IReadOnlyList<string> PlannedLocales { get; init; } = Locales.All;

    /// <summary>What a language shows now: its published revision, or the one before while the new one waits for its publish time.</summary>
    public SnapshotLocalization? Live(string locale, DateTime now) =>
        Trashed || !Localizations.TryGetValue(locale, out var loc) ? null
        : loc.IsLive(now) ? loc
        : loc.Previous is { } previous && loc.PublishAt > now && previous.IsLive(now) ? previous
        : null;

    public string Scope(string locale) => Localizations.TryGetValue(locale, out var loc) ? loc.Scope : "";

    public static readonly IReadOnlySet<string> NoneFollowing = new HashSet<string>();

    /// <summary>The published Vietnamese revision the shared fields and a translation's Vietnamese facts were read from.</summary>
    public long? SourceRevisionId { get; init; }

    /// <summary>The fingerprint of that revision's fields, against which translations are outdated.</summary>
    public string? PublishedSourceHash { get; init; }

    /// <summary>Languages given to translators through the fast lane and not live yet.</summary>
    public IReadOnlySet<string> TranslationsFollow { get; init; } = NoneFollowing;
}

internal sealed record SnapshotLocalization(
    string Locale,
    string Slug,
    string Scope,
    string? SeoTitle,
    string? SeoDescription,
    bool Published,
    DateTime? PublishAt,
    DateTime? UnpublishAt,
    JsonObject Fields,
    DateTime PublishedAt,
    DateTime UpdatedAt,
    bool IsOutdated,
    SnapshotLocalization? Previous = null)
{
    /// <summary>The published revision shown, as read (null for a language shown unpublished, or an earlier revision waiting behind a scheduled one).</summary>
    public PublishedRevision? Revision { get; init; }

    /// <summary>The id of <see cref="Revision"/>, 0 where there is none.</summary>
    public long RevisionId => Revision?.Id ?? 0;

    /// <summary>What changed since first publication, oldest first (types with a correction note).</summary>
    public IReadOnlyList<Correction> Corrections { get; init; } = [];

    // Held weakly: a site of 10,000 items × 5 languages crawled once would otherwise keep every body's HTML
    // for the snapshot's life (issue 16's memory aim); the output cache keeps the pages people ask for.
    private readonly WeakReference<JsonObject?> _html = new(null);

    public bool IsLive(DateTime now) => Published && (PublishAt is null || PublishAt <= now) && (UnpublishAt is null || UnpublishAt > now);

    /// <summary>Markdown fields rendered once and reused while the memory is not needed elsewhere, not per request.</summary>
    public JsonObject Html(ContentTypeDefinition type)
    {
        if (!_html.TryGetTarget(out var html))
        {
            html = new JsonObject();
            foreach (var field in type.LocalizedFields.Where(f => f.Kind == FieldKind.Markdown))
            {
                if (Fields[field.Name] is { } markdown)
                {
                    html[field.Name] = MarkdownRenderer.ToHtml(markdown.GetValue<string>());
                }
            }

            _html.SetTarget(html);
        }

        return html;
    }
}
