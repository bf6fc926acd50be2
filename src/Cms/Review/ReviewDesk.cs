using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.FastLane;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;

namespace PromoSite.Cms.Review;

/// <summary>
/// What the queue can be narrowed to. The languages a reviewer may publish always bound it;
/// further filters (an owning agency, once agencies exist) are one more member here and one more
/// Where in <see cref="ReviewDesk.QueueAsync"/>.
/// </summary>
public sealed record ReviewFilter(IReadOnlyCollection<string> Locales, string? Locale = null, string? Type = null);

/// <summary>One language version awaiting review.</summary>
public sealed record ReviewRow(long ItemId, string Type, string Key, string Title, string Locale, int Version, string? SubmittedBy, DateTime SubmittedAt, DateTime? UrgentDue);

/// <summary>A line of a language version's thread, as shown.</summary>
public sealed record ReviewNoteRow(long Id, ReviewNoteKind Kind, string Text, string Author, string AuthorName, DateTime At);

/// <summary>A sent-back language in its translator's queue, with the reviewer's note.</summary>
public sealed record SentBackRow(long ItemId, string Type, string Title, string Locale, string Note, string By, DateTime At);

/// <summary>Why a review action was refused (the page and the API say it in their own words).</summary>
public enum ReviewProblem { None, NotFound, NotInReview, NoteRequired, NoteTooLong, Conflict, Invalid }

public sealed record ReviewOutcome(ReviewProblem Problem, EditOutcome? Edit = null)
{
    public bool Succeeded => Problem == ReviewProblem.None;
}

/// <summary>
/// The reviewer's desk: the queue of language versions in review, approving (which publishes the
/// stored version exactly as submitted) and sending back with a note, and the per-language comment
/// thread. Every state change goes through <see cref="ContentEditor"/> (revisions, version check,
/// audit line, webhooks); the caller has already been authorized for the language
/// (<see cref="ContentOperations"/>), so nothing here decides who may.
/// </summary>
public sealed class ReviewDesk(CmsDbContext db, ContentEditor editor, ReviewNotices notices, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReviewRow>> QueueAsync(ReviewFilter filter, CancellationToken ct)
    {
        var query = db.Localizations.AsNoTracking()
            .Where(l => l.Status == LocalizationStatus.InReview && l.Item.DeletedAt == null && filter.Locales.Contains(l.Locale));
        if (filter.Locale is { } locale)
        {
            query = query.Where(l => l.Locale == locale);
        }

        if (filter.Type is { } type)
        {
            query = query.Where(l => l.Type == type);
        }

        var rows = await query.Select(l => new { l.ItemId, l.Type, l.Item.Key, l.Locale, l.UpdatedAt, l.Item.Version }).Take(500).ToListAsync(ct);
        var ids = rows.Select(r => r.ItemId).Distinct().ToList();
        var titles = await db.Localizations.AsNoTracking().Where(l => ids.Contains(l.ItemId) && l.Locale == Locales.Source)
            .Select(l => new { l.ItemId, l.FieldsJson }).ToDictionaryAsync(l => l.ItemId, l => ContentJson.Parse(l.FieldsJson)["title"]?.GetValue<string>(), ct);
        var submissions = await db.Revisions.AsNoTracking().Where(r => ids.Contains(r.ItemId) && r.Status == LocalizationStatus.InReview)
            .Select(r => new { r.ItemId, r.Locale, r.Number, r.Author, r.CreatedAt }).ToListAsync(ct);
        var urgent = await db.FastLaneCells.AsNoTracking().Where(c => ids.Contains(c.ItemId) && c.ClosedAt == null)
            .Select(c => new { c.ItemId, c.Locale, c.DueAt }).ToListAsync(ct);
        return [.. rows.Select(r =>
            {
                var last = submissions.Where(s => s.ItemId == r.ItemId && s.Locale == r.Locale).MaxBy(s => s.Number);
                var due = urgent.FirstOrDefault(u => u.ItemId == r.ItemId && u.Locale == r.Locale)?.DueAt;
                return new ReviewRow(r.ItemId, r.Type, r.Key, titles.GetValueOrDefault(r.ItemId) ?? r.Key, r.Locale, r.Version, last?.Author, last?.CreatedAt ?? r.UpdatedAt, due);
            })
            .OrderBy(r => r.UrgentDue is null).ThenBy(r => r.UrgentDue).ThenBy(r => r.SubmittedAt)];
    }

    /// <summary>Publishes the language exactly as it was submitted (text, address, SEO fields, schedule) and notes who approved it.</summary>
    public Task<ReviewOutcome> ApproveAsync(long itemId, string locale, int? expectedVersion, string actor, string? address, CancellationToken ct) =>
        DecideAsync(itemId, locale, expectedVersion, LocalizationStatus.Published, ReviewNoteKind.Approved, null, actor, address, ct);

    /// <summary>Returns the language to draft with a note its translator sees in their queue and on the item.</summary>
    public Task<ReviewOutcome> SendBackAsync(long itemId, string locale, int? expectedVersion, string? note, string actor, string? address, CancellationToken ct)
    {
        var text = note?.Trim() ?? "";
        return text.Length == 0 ? Task.FromResult(new ReviewOutcome(ReviewProblem.NoteRequired))
            : text.Length > ReviewNote.MaxLength ? Task.FromResult(new ReviewOutcome(ReviewProblem.NoteTooLong))
            : DecideAsync(itemId, locale, expectedVersion, LocalizationStatus.Draft, ReviewNoteKind.SentBack, text, actor, address, ct);
    }

    private async Task<ReviewOutcome> DecideAsync(
        long itemId, string locale, int? expectedVersion, LocalizationStatus status, ReviewNoteKind kind, string? note, string actor, string? address, CancellationToken ct)
    {
        var stored = await db.Localizations.AsNoTracking().FirstOrDefaultAsync(l => l.ItemId == itemId && l.Locale == locale && l.Item.DeletedAt == null, ct);
        if (stored is null)
        {
            return new ReviewOutcome(ReviewProblem.NotFound);
        }

        if (stored.Status != LocalizationStatus.InReview)
        {
            return new ReviewOutcome(ReviewProblem.NotInReview);
        }

        // The stored version as it is: a reviewer decides on what was submitted, and changes nothing else.
        var input = new LocalizationInput(stored.Locale, ContentJson.Parse(stored.FieldsJson), status, stored.Slug, stored.SeoTitle, stored.SeoDescription, stored.PublishAt, stored.UnpublishAt)
        {
            Audit = new SaveAudit(actor, AuditActions.ForSave(status), kind == ReviewNoteKind.Approved ? "approved in review" : "sent back: " + note, address),
        };
        // Written with the save, in its transaction (the editor's SaveChanges carries them): no decision without its note.
        db.ReviewNotes.Add(new ReviewNote { ItemId = itemId, Locale = locale, Kind = kind, Text = note ?? "", Author = actor, AuthorName = await NameOfAsync(actor, ct), At = clock.GetUtcNow().UtcDateTime });
        if (kind == ReviewNoteKind.SentBack)
        {
            var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstAsync(i => i.Id == itemId, ct);
            await notices.ToTranslatorAsync(item, locale, "sentBack", actor, note, ct);
        }

        var outcome = await editor.SaveAsync(itemId, expectedVersion, null, input, actor, ct);
        if (!outcome.Succeeded)
        {
            db.ChangeTracker.Clear();
            return new ReviewOutcome(outcome.Result == EditResult.Conflict ? ReviewProblem.Conflict : ReviewProblem.Invalid, outcome);
        }

        return new ReviewOutcome(ReviewProblem.None, outcome);
    }

    /// <summary>Adds a comment to a language version's thread; empty or over <see cref="ReviewNote.MaxLength"/> characters is refused.</summary>
    public async Task<ReviewProblem> CommentAsync(long itemId, string locale, string? text, string actor, CancellationToken ct)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return ReviewProblem.NoteRequired;
        }

        if (trimmed.Length > ReviewNote.MaxLength)
        {
            return ReviewProblem.NoteTooLong;
        }

        if (!await db.Items.AnyAsync(i => i.Id == itemId && i.DeletedAt == null, ct))
        {
            return ReviewProblem.NotFound;
        }

        db.ReviewNotes.Add(new ReviewNote { ItemId = itemId, Locale = locale, Kind = ReviewNoteKind.Comment, Text = trimmed, Author = actor, AuthorName = await NameOfAsync(actor, ct), At = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return ReviewProblem.None;
    }

    private async Task<string> NameOfAsync(string email, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? email;

    /// <summary>The thread of one language version, oldest first.</summary>
    public async Task<IReadOnlyList<ReviewNoteRow>> NotesAsync(long itemId, string locale, CancellationToken ct) =>
        await db.ReviewNotes.AsNoTracking().Where(n => n.ItemId == itemId && n.Locale == locale).OrderBy(n => n.Id)
            .Select(n => new ReviewNoteRow(n.Id, n.Kind, n.Text, n.Author, n.AuthorName, n.At)).ToListAsync(ct);

    /// <summary>
    /// Languages sent back to this person and still in draft since: the reviewer's latest note on
    /// each. Theirs when they are the assignee, or (without an assignment) when they submitted it.
    /// </summary>
    public async Task<IReadOnlyList<SentBackRow>> SentBackToAsync(User user, CancellationToken ct)
    {
        var notes = await db.ReviewNotes.AsNoTracking().Where(n => n.Kind == ReviewNoteKind.SentBack)
            .Join(db.Localizations.AsNoTracking().Where(l => l.Status == LocalizationStatus.Draft && l.Item.DeletedAt == null),
                n => new { n.ItemId, n.Locale }, l => new { l.ItemId, l.Locale }, (n, l) => new { n, l.Type })
            .OrderByDescending(x => x.n.Id).Take(200).ToListAsync(ct);
        var rows = new List<SentBackRow>();
        foreach (var latest in notes.GroupBy(x => (x.n.ItemId, x.n.Locale)).Select(g => g.First()))
        {
            // A later approval or a newer submission closes the matter; only the latest decision counts.
            var newer = await db.ReviewNotes.AnyAsync(n => n.ItemId == latest.n.ItemId && n.Locale == latest.n.Locale && n.Kind == ReviewNoteKind.Approved && n.Id > latest.n.Id, ct);
            if (newer || (await TranslatorOfAsync(db, latest.n.ItemId, latest.n.Locale, ct))?.Id != user.Id)
            {
                continue;
            }

            var title = await db.Localizations.AsNoTracking().Where(l => l.ItemId == latest.n.ItemId && l.Locale == Locales.Source).Select(l => l.FieldsJson).FirstOrDefaultAsync(ct);
            rows.Add(new SentBackRow(latest.n.ItemId, latest.Type, ContentJson.Parse(title)["title"]?.GetValue<string>() ?? "", latest.n.Locale, latest.n.Text, latest.n.AuthorName, latest.n.At));
        }

        return rows;
    }

    /// <summary>Who translates a language: its assignee on the translation desk, else who last submitted it for review.</summary>
    internal static async Task<User?> TranslatorOfAsync(CmsDbContext db, long itemId, string locale, CancellationToken ct)
    {
        var assignee = await db.TranslationAssignments.AsNoTracking().Where(a => a.ItemId == itemId && a.Locale == locale).Select(a => (long?)a.AssigneeId).FirstOrDefaultAsync(ct);
        if (assignee is not null)
        {
            return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == assignee, ct);
        }

        var author = await db.Revisions.AsNoTracking().Where(r => r.ItemId == itemId && r.Locale == locale && r.Status == LocalizationStatus.InReview)
            .OrderByDescending(r => r.Number).Select(r => r.Author).FirstOrDefaultAsync(ct);
        return author is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == author, ct);
    }
}
