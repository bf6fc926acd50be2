using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Editing;
using PromoSite.Cms.FastLane;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Review;

/// <summary>
/// Follows every save, whoever makes it (form, API, XLIFF): a submission tells the reviewers, a
/// publication of what was in review tells the translator, and a language that goes live leaves
/// the fast lane (its "translations follow" note disappears with the same commit).
/// </summary>
internal sealed class ReviewSaveObserver(CmsDbContext db, ReviewNotices notices) : IContentSaveObserver
{
    public async Task SavedAsync(ContentSave save, CancellationToken ct)
    {
        var locale = save.Localization.Locale;
        var status = save.Localization.Status;
        if (status == LocalizationStatus.InReview && save.StatusBefore != LocalizationStatus.InReview)
        {
            await notices.SubmittedAsync(save.Item, locale, save.Author, ct);
        }

        if (status == LocalizationStatus.Published && save.StatusBefore == LocalizationStatus.InReview)
        {
            await notices.ToTranslatorAsync(save.Item, locale, "published", save.Author, null, ct);
        }

        if (status == LocalizationStatus.Published)
        {
            foreach (var cell in await db.FastLaneCells.Where(c => c.ItemId == save.Item.Id && c.Locale == locale && c.ClosedAt == null).ToListAsync(ct))
            {
                cell.ClosedAt = save.At;
            }
        }
    }
}
