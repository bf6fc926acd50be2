using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.FastLane;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;

namespace PromoSite.Cms.Review;

/// <summary>Review:* settings.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Review";

    /// <summary>How long fast-lane translators have (default one hour).</summary>
    public TimeSpan FastLaneDue { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>One language given out by the fast lane, or why it could not be.</summary>
public sealed record FastLaneLanguage(string Locale, long? AssigneeId, string? AssigneeName, DateTime? DueAt);

public sealed record FastLaneOutcome(ReviewProblem Problem, IReadOnlyList<FastLaneLanguage> Languages, EditOutcome? Edit = null)
{
    public bool Succeeded => Problem == ReviewProblem.None;
}

/// <summary>
/// The fast lane for anything urgent (an official statement, a correction): one action publishes
/// the Vietnamese if it is not live yet, and gives every language that is not live to a
/// translator at once (the one chosen, else the translator of that language with the fewest open
/// assignments) with a short due time, marked urgent in their queue and told by e-mail. Each
/// language goes live as soon as review approves it; until then its page falls back to the
/// Vietnamese and says the translation follows. Generic over content types: nothing here knows
/// what a statement is. The caller is authorized to assign work and to publish the Vietnamese.
/// </summary>
public sealed class FastLaneService(CmsDbContext db, ContentEditor editor, ReviewNotices notices, ContentChangeNotifier notifier, IOptions<ReviewOptions> options, TimeProvider clock)
{
    public async Task<FastLaneOutcome> StartAsync(long itemId, int? expectedVersion, IReadOnlyDictionary<string, long> chosen, string actor, string? address, CancellationToken ct)
    {
        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == itemId && i.DeletedAt == null, ct);
        var source = item?.Localizations.FirstOrDefault(l => l.Locale == Locales.Source);
        if (item is null || source is null)
        {
            return new FastLaneOutcome(ReviewProblem.NotFound, []);
        }

        if (expectedVersion is not null && expectedVersion != item.Version)
        {
            return new FastLaneOutcome(ReviewProblem.Conflict, []);
        }

        if (source.PublishedRevisionId is null || source.Status != LocalizationStatus.Published)
        {
            // The Vietnamese goes out first, exactly as saved.
            var input = new LocalizationInput(Locales.Source, ContentJson.Parse(source.FieldsJson), LocalizationStatus.Published, source.Slug, source.SeoTitle, source.SeoDescription, source.PublishAt, source.UnpublishAt)
            {
                Audit = new SaveAudit(actor, AuditActions.Publish, "fast lane", address),
            };
            var published = await editor.SaveAsync(itemId, item.Version, null, input, actor, ct);
            if (!published.Succeeded)
            {
                db.ChangeTracker.Clear();
                return new FastLaneOutcome(published.Result == EditResult.Conflict ? ReviewProblem.Conflict : ReviewProblem.Invalid, [], published);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var due = now + options.Value.FastLaneDue;
        var targets = Locales.All.Where(l => l != Locales.Source && item.Localizations.FirstOrDefault(x => x.Locale == l)?.PublishedRevisionId is null).ToList();
        var translators = await db.Users.AsNoTracking().Where(u => !u.Disabled && u.Role != Role.Viewer).ToListAsync(ct);
        var load = (await db.TranslationAssignments.AsNoTracking().GroupBy(a => a.AssigneeId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(g => g.Key, g => g.Count);
        var results = new List<FastLaneLanguage>();
        var assignments = await db.TranslationAssignments.Where(a => a.ItemId == itemId).ToListAsync(ct);
        var openCells = await db.FastLaneCells.Where(c => c.ItemId == itemId && c.ClosedAt == null).ToListAsync(ct);
        var mails = new List<(User, string)>();
        foreach (var locale in targets)
        {
            var person = chosen.TryGetValue(locale, out var id) ? translators.FirstOrDefault(u => u.Id == id && MayTranslate(u, locale)) : null;
            person ??= translators.Where(u => u.Role == Role.Translator && u.LocaleList.Contains(locale))
                .OrderBy(u => load.GetValueOrDefault(u.Id)).ThenBy(u => u.Id).FirstOrDefault();
            if (person is null)
            {
                results.Add(new FastLaneLanguage(locale, null, null, null));
                continue;
            }

            load[person.Id] = load.GetValueOrDefault(person.Id) + 1;
            var assignment = assignments.FirstOrDefault(a => a.Locale == locale);
            if (assignment is null)
            {
                assignment = new TranslationAssignment { ItemId = itemId, Locale = locale, AssignedBy = actor };
                db.TranslationAssignments.Add(assignment);
            }

            assignment.AssigneeId = person.Id;
            assignment.Due = DateOnly.FromDateTime(due);
            assignment.Note = "fast lane";
            assignment.AssignedBy = actor;
            assignment.AssignedAt = now;
            foreach (var old in openCells.Where(c => c.Locale == locale))
            {
                old.ClosedAt = now; // replaced by this one
            }

            db.FastLaneCells.Add(new FastLaneCell { ItemId = itemId, Locale = locale, AssigneeId = person.Id, DueAt = due, StartedBy = actor, StartedAt = now });
            results.Add(new FastLaneLanguage(locale, person.Id, person.DisplayName, due));
            mails.Add((person, locale));
        }

        var fresh = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstAsync(i => i.Id == itemId, ct);
        foreach (var (person, locale) in mails)
        {
            await notices.UrgentAsync(person, fresh, locale, due, actor, ct);
        }

        db.AuditLog.Add(new AuditEntry { At = now, Actor = actor, Action = AuditActions.Assign, Target = $"{item.Type}/{item.Key}", Detail = "fast lane: " + string.Join(", ", results.Select(r => $"{r.Locale} → {r.AssigneeName ?? "-"}")), Address = address });
        // The public pages change (their "translations follow" note): the snapshot is rebuilt after this commit.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await db.BumpChangeCounterAsync(ct);
            await transaction.CommitAsync(ct);
        }

        notifier.NotifyChanged();
        return new FastLaneOutcome(ReviewProblem.None, results);
    }

    internal static bool MayTranslate(User user, string locale) => user.Role switch
    {
        Role.Administrator or Role.Editor => true,
        Role.Translator or Role.Reviewer => user.LocaleList.Contains(locale),
        _ => false,
    };
}
