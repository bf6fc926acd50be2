using Microsoft.EntityFrameworkCore;
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
    public static void Record(CmsDbContext db, ContentItem item, string locale, LocalizationStatus status, bool wasLive, string? sourceHashBefore, string? sourceHashAfter, DateTime now, DateTime? publishAt = null)
    {
        // A publish for later is told when its window opens (WebhookSchedule), not when it is scheduled.
        if (status == LocalizationStatus.Published && !(publishAt > now))
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

    /// <summary>
    /// Publish and unpublish times that passed with no save: the events for them, once each, dated
    /// the moment the window opened or closed. Runs in the dispatcher's round, under its lease. A
    /// window that passed more than <see cref="Lookback"/> ago (every cms node down for a week) is
    /// not told any more.
    /// </summary>
    public static async Task RecordPassedWindowsAsync(CmsDbContext db, DateTime now, CancellationToken ct)
    {
        var since = now - Lookback;
        var told = db.WebhookEvents; // an extension property cannot appear inside the query's expression tree
        var opened = await db.Localizations
            .Where(l => l.Status == LocalizationStatus.Published && l.Item.DeletedAt == null && l.PublishAt > since && l.PublishAt <= now)
            .Where(l => !told.Any(e => e.ItemId == l.ItemId && e.Locale == l.Locale && e.Event == WebhookEvents.Published && e.OccurredAt >= l.PublishAt))
            .Select(l => new { l.ItemId, l.Type, l.Item.Key, l.Locale, At = l.PublishAt!.Value })
            .ToListAsync(ct);
        var closed = await db.Localizations
            .Where(l => l.Status == LocalizationStatus.Published && l.Item.DeletedAt == null && l.UnpublishAt > since && l.UnpublishAt <= now)
            .Where(l => !told.Any(e => e.ItemId == l.ItemId && e.Locale == l.Locale && e.Event == WebhookEvents.Unpublished && e.OccurredAt >= l.UnpublishAt))
            .Select(l => new { l.ItemId, l.Type, l.Item.Key, l.Locale, At = l.UnpublishAt!.Value })
            .ToListAsync(ct);
        foreach (var (window, @event) in opened.Select(w => (w, WebhookEvents.Published)).Concat(closed.Select(w => (w, WebhookEvents.Unpublished))))
        {
            db.WebhookEvents.Add(new WebhookEvent { Event = @event, ItemId = window.ItemId, Type = window.Type, Key = window.Key, Locale = window.Locale, OccurredAt = window.At });
        }

        await db.SaveChangesAsync(ct);
    }

    public static readonly TimeSpan Lookback = TimeSpan.FromDays(7);

    private static void Add(CmsDbContext db, string @event, ContentItem item, string locale, DateTime now) =>
        db.WebhookEvents.Add(new WebhookEvent { Event = @event, ItemId = item.Id, Type = item.Type, Key = item.Key, Locale = locale, OccurredAt = now });
}
