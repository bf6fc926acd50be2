using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Translation;

/// <summary>How the admin names the state of one language of an item.</summary>
public static class LocaleStates
{
    /// <summary>
    /// missing, outdated (the Vietnamese changed since the translation), scheduled (published with a
    /// publish time still to come), or the working copy's state;
    /// "(live)" when a published version stays online while the working copy is a draft or in review.
    /// </summary>
    public static string Of(ContentLocalization? localization, string? sourceHash, DateTime? now = null)
    {
        if (localization is null)
        {
            return "missing";
        }

        if (Translations.IsOutdated(localization.Locale, localization.SourceHash, sourceHash))
        {
            return "outdated";
        }

        if (localization.Status == LocalizationStatus.Published && localization.PublishAt > (now ?? DateTime.UtcNow))
        {
            return "scheduled";
        }

        var state = LocalizationStatuses.ToWire(localization.Status);
        return localization.PublishedRevisionId is not null && localization.Status is LocalizationStatus.Draft or LocalizationStatus.InReview
            ? state + " (live)"
            : state;
    }
}
