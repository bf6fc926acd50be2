using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

using PromoSite.Cms.Changes;

namespace PromoSite.Cms.Editing;

/// <summary>What a language shows the public: its path and the revision number.</summary>
internal sealed record VisibleVersion(string? Path, int Revision);

/// <summary>
/// Works out what a write changes in what the public sees and hands the entries to
/// <see cref="ContentCommit"/>, which appends them at commit (ChangeFeed explains why there). Only
/// visibility counts: a draft, a review request or a save scheduled for later adds nothing; the
/// publish and unpublish times that pass are told by <see cref="RecordPassedWindowsAsync"/>.
/// </summary>
public sealed class ChangeFeedRecorder(CmsDbContext db, FallbackChains fallbacks, ContentTypeRegistry types, ContentCommit commit, ContentChangeNotifier notifier) : IPassedWindowRecorder
{
    /// <summary>
    /// What a language shows now, before a write changes it: its published revision if that is
    /// live; while that revision waits for its publish time, what the feed last said (the earlier
    /// revision stays up meanwhile).
    /// </summary>
    internal async Task<VisibleVersion?> VisibleAsync(ContentTypeDefinition type, ContentItem item, ContentLocalization? localization, DateTime now, CancellationToken ct)
    {
        if (localization?.PublishedRevisionId is not { } revisionId || item.DeletedAt is not null)
        {
            return null;
        }

        var live = await db.Revisions.AsNoTracking().Where(r => r.Id == revisionId).Select(r => new { r.Slug, r.PublishAt, r.UnpublishAt, r.Number }).FirstOrDefaultAsync(ct);
        if (live is null)
        {
            return null;
        }

        var shared = ContentJson.Parse(item.SharedJson);
        if (ChangeFeed.IsVisible(type, shared, live.PublishAt, live.UnpublishAt, now))
        {
            return new VisibleVersion(await ChangeFeed.PathAsync(db, fallbacks, type, localization.Locale, live.Slug, shared, ct), live.Number);
        }

        if (ContentTimes.EffectivePublishAt(type, shared, live.PublishAt) > now)
        {
            var told = await LastAsync(item.Id, localization.Locale, ct);
            return told is not null && ChangeKinds.LeavesVisible(told.Kind) ? new VisibleVersion(told.Path, told.Revision ?? 0) : null;
        }

        return null;
    }

    /// <summary>
    /// A save of one language: compares what it showed before (<paramref name="before"/>, from
    /// <see cref="VisibleAsync"/>) with what it shows now and records the difference.
    /// </summary>
    internal async Task RecordSaveAsync(ContentTypeDefinition type, ContentItem item, LocalizationInput input, string slug, int revision, VisibleVersion? before, DateTime now, CancellationToken ct)
    {
        var shared = ContentJson.Parse(item.SharedJson);
        VisibleVersion? after;
        switch (input.Status)
        {
            case LocalizationStatus.Published when ContentTimes.EffectivePublishAt(type, shared, input.PublishAt) > now:
                return; // nothing changes for the public yet: told when the window opens
            case LocalizationStatus.Published:
                after = input.UnpublishAt <= now ? null : new VisibleVersion(await ChangeFeed.PathAsync(db, fallbacks, type, input.Locale, slug, shared, ct), revision);
                break;
            case LocalizationStatus.Unpublished:
                after = null;
                break;
            default:
                return; // drafts and review requests leave the live revision where it is
        }

        var kind = (before, after) switch
        {
            (null, null) => null,
            (null, _) => ChangeKinds.Published,
            (_, null) => ChangeKinds.Unpublished,
            _ when before.Path != after.Path => ChangeKinds.SlugMoved,
            _ => ChangeKinds.Updated,
        };
        if (kind is not null)
        {
            commit.RecordChange(Entry(kind, item, input.Locale, after?.Path ?? before?.Path, kind == ChangeKinds.SlugMoved ? before!.Path : null, after?.Revision, now));
        }
    }

    /// <summary>The item went to the trash (every visible language is gone) or came back from it (they are visible again).</summary>
    internal async Task RecordTrashAsync(ContentItem item, bool trashed, DateTime now, CancellationToken ct)
    {
        var type = types.Find(item.Type);
        if (type is null)
        {
            return;
        }

        var localizations = await db.Localizations.AsNoTracking().Where(l => l.ItemId == item.Id && l.PublishedRevisionId != null).OrderBy(l => l.Locale).ToListAsync(ct);
        var untrashed = new ContentItem { Id = item.Id, Type = item.Type, Key = item.Key, SharedJson = item.SharedJson, DeletedAt = null };
        foreach (var localization in localizations)
        {
            if (await VisibleAsync(type, untrashed, localization, now, ct) is { } visible)
            {
                commit.RecordChange(Entry(trashed ? ChangeKinds.Trashed : ChangeKinds.Published, item, localization.Locale, visible.Path, null, trashed ? null : visible.Revision, now));
            }
        }
    }

    /// <summary>
    /// Publish and unpublish times (an embargo's included) that passed with no save: each becomes
    /// one entry, dated the moment the window opened or closed, in the webhook dispatcher's round
    /// (under its lease, so one cms node tells it, and before the webhook for the same window is
    /// made, so that webhook can carry the entry's cursor). A window more than
    /// <see cref="Lookback"/> old is not told any more.
    /// </summary>
    /// <returns>How many entries were appended.</returns>
    public async Task<int> RecordPassedWindowsAsync(DateTime now, CancellationToken ct)
    {
        var since = now - Lookback;
        var embargoed = types.All.Where(t => t.EmbargoField is not null).Select(t => t.Name).ToList();
        var candidates = await (
            from l in db.Localizations.AsNoTracking()
            join r in db.Revisions.AsNoTracking() on l.PublishedRevisionId equals r.Id
            where l.Item.DeletedAt == null
                && ((r.PublishAt > since && r.PublishAt <= now) || (r.UnpublishAt > since && r.UnpublishAt <= now) || embargoed.Contains(l.Type))
            select new { l.ItemId, l.Type, l.Item.Key, l.Item.SharedJson, l.Locale, r.Slug, r.PublishAt, r.UnpublishAt, r.Number })
            .ToListAsync(ct);

        var changes = new List<ContentChange>();
        foreach (var c in candidates)
        {
            if (types.Find(c.Type) is not { } type)
            {
                continue;
            }

            var shared = ContentJson.Parse(c.SharedJson);
            var opens = ContentTimes.EffectivePublishAt(type, shared, c.PublishAt) is { } open && open > since && open <= now && !(c.UnpublishAt <= open) ? open : (DateTime?)null;
            var closes = c.UnpublishAt is { } close && close > since && close <= now && !(ContentTimes.EffectivePublishAt(type, shared, c.PublishAt) >= close) ? close : (DateTime?)null;
            if (opens is null && closes is null)
            {
                continue;
            }

            var last = await LastAsync(c.ItemId, c.Locale, ct);
            var item = new ContentItem { Id = c.ItemId, Type = c.Type, Key = c.Key, SharedJson = c.SharedJson };
            var path = await ChangeFeed.PathAsync(db, fallbacks, type, c.Locale, c.Slug, shared, ct);
            // A change told at or after the window (a save since, or this window already told) says
            // where the language stands; only a window newer than everything told is news.
            if (opens is { } at && !(last?.OccurredAt >= at))
            {
                var kind = last is null || !ChangeKinds.LeavesVisible(last.Kind) ? ChangeKinds.Published
                    : last.Path != path ? ChangeKinds.SlugMoved : ChangeKinds.Updated;
                last = Entry(kind, item, c.Locale, path, kind == ChangeKinds.SlugMoved ? last!.Path : null, c.Number, at);
                changes.Add(last);
            }

            if (closes is { } closed && !(last?.OccurredAt >= closed))
            {
                changes.Add(Entry(ChangeKinds.Unpublished, item, c.Locale, path, null, null, closed));
            }
        }

        if (changes.Count == 0)
        {
            return 0;
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await ChangeFeed.AppendAsync(db, [.. changes.OrderBy(c => c.OccurredAt)], ct);
            await transaction.CommitAsync(ct);
        }

        notifier.NotifyChanged();
        return changes.Count;
    }

    /// <summary>How late a passed window is still told (every cms node down that long): the webhooks' week.</summary>
    public static readonly TimeSpan Lookback = Webhooks.WebhookOutbox.Lookback;

    private Task<ContentChange?> LastAsync(long itemId, string locale, CancellationToken ct) =>
        db.ContentChanges.AsNoTracking().Where(c => c.ItemId == itemId && c.Locale == locale).OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);

    private static ContentChange Entry(string kind, ContentItem item, string locale, string? path, string? oldPath, int? revision, DateTime at) =>
        new() { Kind = kind, ItemId = item.Id, Type = item.Type, Key = item.Key, Locale = locale, Path = path, OldPath = oldPath, Revision = revision, OccurredAt = at };
}
