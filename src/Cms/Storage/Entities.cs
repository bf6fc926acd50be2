namespace PromoSite.Cms.Storage;

/// <summary>
/// One content item: its type, its stable key and the fields shared by every language.
/// The current state lives here and in <see cref="ContentLocalization"/>; every change also
/// appends a <see cref="Revision"/>, so nothing is ever updated without a trace.
/// </summary>
public sealed class ContentItem
{
    public long Id { get; set; }

    public required string Type { get; set; }

    /// <summary>Stable, language-neutral key (the content/ folder name); references use it.</summary>
    public required string Key { get; set; }

    public string SharedJson { get; set; } = "{}";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Set when the item is in the trash; its URLs then answer 410 Gone.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Optimistic concurrency: bumped by every save of the item or any of its languages.</summary>
    public int Version { get; set; }

    /// <summary>
    /// The languages this item is meant to have, comma-separated ("vi,en"); null for every language
    /// or, for a publication issue, its series' plan (see Content/LanguagePlans).
    /// </summary>
    public string? PlannedLocales { get; set; }

    public List<ContentLocalization> Localizations { get; } = [];
}

public enum LocalizationStatus { Draft, InReview, Published, Unpublished }

/// <summary>One language of an item: its slug, SEO fields, workflow state and localized fields.</summary>
public sealed class ContentLocalization
{
    public long Id { get; set; }

    public long ItemId { get; set; }

    public ContentItem Item { get; set; } = null!;

    /// <summary>Copied from the item so that the database itself can keep slugs unique per type and locale.</summary>
    public required string Type { get; set; }

    public required string Locale { get; set; }

    public required string Slug { get; set; }

    /// <summary>Narrows slug uniqueness (an issue's series key); empty for most types.</summary>
    public string SlugScope { get; set; } = "";

    public string? SeoTitle { get; set; }

    public string? SeoDescription { get; set; }

    public LocalizationStatus Status { get; set; }

    public DateTime? PublishAt { get; set; }

    public DateTime? UnpublishAt { get; set; }

    public string FieldsJson { get; set; } = "{}";

    /// <summary>Fingerprint of this locale's localized fields.</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>Per-field fingerprints of this locale's fields (JSON object field → hash).</summary>
    public string FieldHashesJson { get; set; } = "{}";

    /// <summary>For translations: the source's <see cref="ContentHash"/> when this translation was made.</summary>
    public string? SourceHash { get; set; }

    /// <summary>For translations: the source's per-field fingerprints when this translation was made.</summary>
    public string? SourceFieldHashesJson { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? FirstPublishedAt { get; set; }

    /// <summary>
    /// The revision visitors see, or null when nothing of this language is live. The fields above
    /// are the working copy: a translator can save a draft of a published page without taking the
    /// live version down; publishing points this at the new revision, unpublishing clears it.
    /// </summary>
    public long? PublishedRevisionId { get; set; }

    public int Version { get; set; }
}

/// <summary>An append-only snapshot of one language of an item (and its shared fields) after a save.</summary>
public sealed class Revision
{
    public long Id { get; set; }

    public long ItemId { get; set; }

    public required string Locale { get; set; }

    /// <summary>1, 2, 3... per item, across its languages: the order of saves.</summary>
    public int Number { get; set; }

    public LocalizationStatus Status { get; set; }

    public required string Slug { get; set; }

    public string? SeoTitle { get; set; }

    public string? SeoDescription { get; set; }

    public DateTime? PublishAt { get; set; }

    public DateTime? UnpublishAt { get; set; }

    public string SharedJson { get; set; } = "{}";

    public string FieldsJson { get; set; } = "{}";

    public string? SourceHash { get; set; }

    public required string Author { get; set; }

    public string? Note { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A slug an item had before: it answers with a permanent redirect to the current one.</summary>
public sealed class SlugRedirect
{
    public long Id { get; set; }

    public required string Type { get; set; }

    public required string Locale { get; set; }

    public string SlugScope { get; set; } = "";

    public required string Slug { get; set; }

    public long ItemId { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A single row counting content changes. Every save bumps it in the same transaction, so a node
/// serving cached content learns about another node's publish with one cheap query.
/// </summary>
public sealed class ChangeCounter
{
    /// <summary>The id of the one row (inserted by the first migration); read and bumped only through <see cref="ChangeCounters"/>.</summary>
    public const int RowId = 1;

    public int Id { get; set; }

    public long Value { get; set; }
}
