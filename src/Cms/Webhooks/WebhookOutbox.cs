using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Webhooks;

/// <summary>Works out which webhook events a save causes and adds them to the save's unit of work.</summary>
internal static class WebhookOutbox
{
    /// <summary>
    /// A language was published (or a new revision went live), taken down, or, when the
    /// Vietnamese text changed, the translations that were up to date became outdated.
    /// </summary>
    public static void Record(CmsDbContext db, ContentItem item, string locale, LocalizationStatus status, bool wasLive, string? sourceHashBefore, string? sourceHashAfter, DateTime now)
    {
        if (status == LocalizationStatus.Published)
        {
            Add(db, WebhookEvents.Published, item, locale, now);
        }
        else if (status == LocalizationStatus.Unpublished && wasLive)
        {
            Add(db, WebhookEvents.Unpublished, item, locale, now);
        }

        if (locale == Locales.Source && sourceHashBefore is not null && sourceHashBefore != sourceHashAfter)
        {
            foreach (var translation in item.Localizations.Where(l => l.Locale != Locales.Source && l.SourceHash == sourceHashBefore))
            {
                Add(db, WebhookEvents.Outdated, item, translation.Locale, now);
            }
        }
    }

    /// <summary>Moving an item to the trash takes every live language down.</summary>
    public static void RecordTrashed(CmsDbContext db, ContentItem item, IEnumerable<string> liveLocales, DateTime now)
    {
        foreach (var locale in liveLocales)
        {
            Add(db, WebhookEvents.Unpublished, item, locale, now);
        }
    }

    private static void Add(CmsDbContext db, string @event, ContentItem item, string locale, DateTime now) =>
        db.WebhookEvents.Add(new WebhookEvent { Event = @event, ItemId = item.Id, Type = item.Type, Key = item.Key, Locale = locale, OccurredAt = now });
}
