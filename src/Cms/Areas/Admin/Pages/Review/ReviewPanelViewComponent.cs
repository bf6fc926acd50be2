using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.FastLane;
using PromoSite.Cms.Review;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;

namespace PromoSite.Cms.Areas.Admin.Pages.Review;

/// <summary>What the review panel of one language version shows and offers.</summary>
public sealed record ReviewPanel(
    string Type, long Id, string Locale, int Version, bool InReview, bool CanDecide, bool CanComment, bool CanFastLane, bool ThreadOnly, string Back,
    IReadOnlyList<ReviewNoteRow> Notes, IReadOnlyList<(string Locale, string Who, DateTime Due)> Urgent, IReadOnlyList<string> FastLaneTargets, IReadOnlyList<User> Translators);

/// <summary>
/// The review part of the item page and of the translation editor: approve and publish or send
/// back (when the language is in review and the person may publish it), the fast lane (editors),
/// which languages are urgent, and the language's comment thread. Forms post to /admin/review/…,
/// whose handlers declare the policies; what is offered here is asked of the same handlers.
/// </summary>
public sealed class ReviewPanelViewComponent(CmsDbContext db, ReviewDesk desk, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string type, long id, string locale, bool threadOnly = false)
    {
        var ct = HttpContext.RequestAborted;
        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null || item.DeletedAt is not null)
        {
            return Content("");
        }

        var current = item.Localizations.FirstOrDefault(l => l.Locale == locale);
        var user = HttpContext.User;
        var canDecide = await MayAsync(type, id, locale, ContentOperations.Publish) && Permissions.CanReview(user);
        var canComment = await MayAsync(type, id, locale, ContentOperations.Comment);
        var canFastLane = !threadOnly && Permissions.CanAssignTranslations(user) && await MayAsync(type, id, Locales.Source, ContentOperations.Publish);
        var targets = Locales.All.Where(l => l != Locales.Source && item.Localizations.FirstOrDefault(x => x.Locale == l)?.PublishedRevisionId is null).ToList();
        var open = await db.FastLaneCells.AsNoTracking().Where(c => c.ItemId == id && c.ClosedAt == null).ToListAsync(ct);
        var people = await db.Users.AsNoTracking().Where(u => !u.Disabled && u.Role != Role.Viewer).ToListAsync(ct);
        var urgent = open.OrderBy(c => c.Locale, StringComparer.Ordinal)
            .Select(c => (c.Locale, people.FirstOrDefault(u => u.Id == c.AssigneeId)?.DisplayName ?? "—", c.DueAt)).ToList();
        var path = HttpContext.Request.Path.Value ?? "";
        return View(new ReviewPanel(
            type, id, locale, item.Version, current?.Status == LocalizationStatus.InReview, canDecide, canComment, canFastLane && source(item), threadOnly, path,
            await desk.NotesAsync(id, locale, ct), urgent, targets, people));

        static bool source(ContentItem item) => item.Localizations.Any(l => l.Locale == Locales.Source);
    }

    /// <summary>What the page offers follows the item's own decision (its language and owning agency), as its handlers do.</summary>
    private async Task<bool> MayAsync(string type, long id, string locale, OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(HttpContext.User, new LanguageVersion(type, locale) { ItemId = id }, operation)).Succeeded;
}

/// <summary>The top of a translator's queue: fast-lane work given to them (urgent, with its due time) and languages sent back with the reviewer's note.</summary>
public sealed record ReviewInbox(IReadOnlyList<(long ItemId, string Type, string Title, string Locale, DateTime Due)> Urgent, IReadOnlyList<SentBackRow> SentBack);

public sealed class ReviewInboxViewComponent(CmsDbContext db, ReviewDesk desk) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var id = long.Parse(HttpContext.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var me = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, ct);
        var cells = await db.FastLaneCells.AsNoTracking().Where(c => c.AssigneeId == id && c.ClosedAt == null).OrderBy(c => c.DueAt)
            .Join(db.Items.AsNoTracking().Where(i => i.DeletedAt == null), c => c.ItemId, i => i.Id, (c, i) => new { c.ItemId, i.Type, c.Locale, c.DueAt })
            .ToListAsync(ct);
        var ids = cells.Select(c => c.ItemId).ToList();
        var titles = await db.Localizations.AsNoTracking().Where(l => ids.Contains(l.ItemId) && l.Locale == Locales.Source)
            .ToDictionaryAsync(l => l.ItemId, l => ContentJson.Parse(l.FieldsJson)["title"]?.GetValue<string>() ?? "", ct);
        // Urgent work already submitted waits for the reviewer, not for the translator.
        var inReview = await db.Localizations.AsNoTracking().Where(l => ids.Contains(l.ItemId) && l.Status == LocalizationStatus.InReview)
            .Select(l => new { l.ItemId, l.Locale }).ToListAsync(ct);
        var urgent = cells.Where(c => !inReview.Any(r => r.ItemId == c.ItemId && r.Locale == c.Locale))
            .Select(c => (c.ItemId, c.Type, titles.GetValueOrDefault(c.ItemId) ?? "", c.Locale, c.DueAt)).ToList();
        return View(new ReviewInbox(urgent, await desk.SentBackToAsync(me, ct)));
    }
}
