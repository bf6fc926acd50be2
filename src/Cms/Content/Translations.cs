namespace PromoSite.Cms.Content;

public static class Translations
{
    /// <summary>The note on an outdated desk state when only an unpublished Vietnamese change makes it so.</summary>
    public const string SourceDraftNote = "(source-draft)";

    /// <summary>
    /// A translation is outdated when it records the Vietnamese fingerprint it was made from and the
    /// Vietnamese has changed since. The source itself, and translations that record nothing, never are.
    /// </summary>
    public static bool IsOutdated(string locale, string? translatedFrom, string? currentSource) =>
        locale != Locales.Source && translatedFrom is not null && translatedFrom != currentSource;

    /// <summary>
    /// What visitors are told: a translation is outdated only when the Vietnamese they can read has
    /// moved on since it was made. A Vietnamese draft nobody can see yet does not count (issue #19,
    /// finding 1), and a translation made from that draft is ahead of the live source, not behind it.
    /// Without a published Vietnamese revision, the working copy is the only source there is.
    /// </summary>
    public static bool IsOutdatedAgainstPublished(string locale, string? translatedFrom, string? publishedSource, string? workingSource) =>
        IsOutdated(locale, translatedFrom, publishedSource ?? workingSource) && translatedFrom != workingSource;

    /// <summary>
    /// For the editors' desk: the translation matches the live Vietnamese, but a Vietnamese draft
    /// (or a change in review) is waiting, so the translation will need work once it is published.
    /// </summary>
    public static bool SourceDraftPending(string locale, string? translatedFrom, string? publishedSource, string? workingSource) =>
        IsOutdated(locale, translatedFrom, workingSource) && !IsOutdatedAgainstPublished(locale, translatedFrom, publishedSource, workingSource);

    /// <summary>The fingerprint of a revision's localized fields, as <c>ContentLocalization.ContentHash</c> records it for the working copy.</summary>
    public static string FingerprintOf(string fieldsJson) => ContentJson.Hash(ContentJson.Parse(fieldsJson));
}
