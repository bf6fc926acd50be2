using Microsoft.EntityFrameworkCore;
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
    /// Given the published Vietnamese fingerprint, a translation that matches the live Vietnamese but
    /// not a Vietnamese draft waiting behind it is "outdated (source-draft)": still work for the
    /// desk, but visitors are not told their page is outdated.
    /// </summary>
    public static string Of(ContentLocalization? localization, string? sourceHash, DateTime? now = null, string? publishedSourceHash = null)
    {
        if (localization is null)
        {
            return "missing";
        }

        if (Translations.IsOutdated(localization.Locale, localization.SourceHash, sourceHash))
        {
            return publishedSourceHash is not null && Translations.SourceDraftPending(localization.Locale, localization.SourceHash, publishedSourceHash, sourceHash)
                ? "outdated " + Translations.SourceDraftNote
                : "outdated";
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

/// <summary>The fingerprints of the Vietnamese visitors can read: each item's published source revision.</summary>
public static class PublishedSources
{
    public static async Task<Dictionary<long, string>> LoadAsync(CmsDbContext db, IReadOnlyCollection<long>? itemIds, CancellationToken ct)
    {
        var query =
            from l in db.Localizations.AsNoTracking()
            where l.Locale == Locales.Source && l.PublishedRevisionId != null
            join r in db.Revisions.AsNoTracking() on l.PublishedRevisionId equals r.Id
            select new { l.ItemId, r.FieldsJson };
        if (itemIds is not null)
        {
            query = query.Where(x => itemIds.Contains(x.ItemId));
        }

        return (await query.ToListAsync(ct)).ToDictionary(x => x.ItemId, x => Translations.FingerprintOf(x.FieldsJson));
    }
}
