using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;

namespace PromoSite.Cms.Areas.Admin.Pages.Translation;

/// <summary>
/// The coverage matrix and work queue: every item by language, with its state, what visitors see
/// where a language is not live, who has the cell and by when. Editors hand out cells; translators
/// open their own queue ("mine") and go from a cell straight into the side-by-side editor.
/// </summary>
public sealed class IndexModel(CmsDbContext db, TranslationCoverage coverage, ContentTypeRegistry types, AccountService accounts, TimeProvider clock, IStringLocalizer<AdminText> strings, Cms.Agencies.AgencyDirectory agencies,
    Terminology.Termbase termbase) : AdminPage
{
    /// <summary>Working copies (drafts too) that use a forbidden termbase variant: the desk's termbase check.</summary>
    public IReadOnlyList<Terminology.TermFinding> TermFindings { get; private set; } = [];

    /// <summary>Whose items the desk shows (default: the person's agencies, when they belong to any).</summary>
    public Cms.Agencies.AgencyFilterChoice AgencyChoice { get; private set; } = new(Cms.Agencies.AgencyScope.All, [], false);

    public const int PageSize = 100;

    public CoverageReport Report { get; private set; } = null!;

    public CoverageFilter Filter { get; private set; } = new();

    public int PageNumber { get; private set; } = 1;

    public bool Mine { get; private set; }

    public IReadOnlyList<(string Value, string Label)> Sections { get; private set; } = [];

    public IReadOnlyList<ContentTypeDefinition> Types => types.All;

    public ContentTypeRegistry Registry => types;

    /// <summary>The result of the last change, from the redirect's "done" ("assigned 3", "cleared 2"), in words.</summary>
    public string? DoneText(IStringLocalizer<AdminText> text) =>
        Done?.Split(' ') is [var what and ("assigned" or "cleared"), var count] && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? text["admin.translations.done." + what, n]
            : Done;

    /// <summary>Everyone who can be given translation work (translators, reviewers and editors), by id.</summary>
    public IReadOnlyDictionary<long, User> Staff { get; private set; } = new Dictionary<long, User>();

    public bool CanAssign => Permissions.CanAssignTranslations(User);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public List<string> Errors { get; } = [];

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, string? section, string? type, string? locale, string? state, string? assignee, int? page, string? done, string? agency, CancellationToken ct)
    {
        Done = done;
        await LoadAsync(q, section, type, locale, state, assignee, page, ct, agency);
        TermFindings = await termbase.FindingsAsync(publishedOnly: false, ct);
        return Page();
    }

    /// <summary>Gives the ticked cells to one person (or takes them back), all or nothing.</summary>
    [HandlerPolicy(Policies.AssignTranslations)]
    public async Task<IActionResult> OnPostAssignAsync(string[] cells, long? assigneeId, string? due, string? note, string? clear, string? back, CancellationToken ct)
    {
        var parsed = new List<(long ItemId, string Locale)>();
        foreach (var cell in cells)
        {
            var parts = cell.Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Locales.IsSupported(parts[1]) && parts[1] != Locales.Source)
            {
                parsed.Add((id, parts[1]));
            }
            else
            {
                Errors.Add(strings["admin.translations.error.notACell", cell]);
            }
        }

        if (parsed.Count == 0 && Errors.Count == 0)
        {
            Errors.Add(strings["admin.translations.error.tickFirst"]);
        }

        var existing = await db.Items.Where(i => i.DeletedAt == null).Where(i => parsed.Select(p => p.ItemId).Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
        Errors.AddRange(parsed.Where(p => !existing.Contains(p.ItemId)).Select(p => strings["admin.translations.error.noItem", p.ItemId].Value));
        var actor = User.Identity!.Name!;
        if (clear is null)
        {
            DateOnly? dueDate = null;
            if (!string.IsNullOrWhiteSpace(due))
            {
                if (DateOnly.TryParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    dueDate = d;
                }
                else
                {
                    Errors.Add(strings["admin.translations.error.due"]);
                }
            }

            var person = assigneeId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == assigneeId && !u.Disabled, ct);
            if (person is null)
            {
                Errors.Add(strings["admin.translations.error.noAssignee"]);
            }
            else
            {
                // Only someone who may edit a language can be given it: a Korean translator gets no Japanese.
                Errors.AddRange(parsed.Where(p => !MayTranslate(person, p.Locale)).Select(p => strings["admin.translations.error.notTheirLanguage", person.DisplayName, p.Locale, p.ItemId].Value));
            }

            if ((note?.Length ?? 0) > 500)
            {
                Errors.Add(strings["admin.translations.error.noteTooLong", 500]);
            }

            // A language outside an item's plan is not work to hand out (Content/LanguagePlans).
            var plans = await coverage.PlansAsync([.. parsed.Select(p => p.ItemId).Distinct()], ct);
            Errors.AddRange(parsed.Where(p => plans.TryGetValue(p.ItemId, out var plan) && !plan.Contains(p.Locale))
                .Select(p => strings["admin.agencies.assignNotPlanned", p.ItemId, p.Locale].Value));

            if (Errors.Count == 0)
            {
                var current = await CurrentAsync(parsed, ct);
                foreach (var (itemId, locale) in parsed)
                {
                    var assignment = current.FirstOrDefault(a => a.ItemId == itemId && a.Locale == locale);
                    if (assignment is null)
                    {
                        assignment = new TranslationAssignment { ItemId = itemId, Locale = locale, AssignedBy = actor };
                        db.TranslationAssignments.Add(assignment);
                    }

                    assignment.AssigneeId = person!.Id;
                    assignment.Due = dueDate;
                    assignment.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
                    assignment.AssignedBy = actor;
                    assignment.AssignedAt = clock.GetUtcNow().UtcDateTime;
                }

                await accounts.AuditAsync(actor, AuditActions.Assign, $"{parsed.Count} cells", $"to {person!.Email}{(dueDate is { } dd ? $" by {dd:yyyy-MM-dd}" : "")}", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
                await db.SaveChangesAsync(ct);
                return LocalRedirect(Back(back, $"assigned {parsed.Count}"));
            }
        }
        else if (Errors.Count == 0)
        {
            db.TranslationAssignments.RemoveRange(await CurrentAsync(parsed, ct));
            await accounts.AuditAsync(actor, AuditActions.Unassign, $"{parsed.Count} cells", null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            await db.SaveChangesAsync(ct);
            return LocalRedirect(Back(back, $"cleared {parsed.Count}"));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(null, null, null, null, null, null, null, ct, null);
        return Page();
    }

    public static bool MayTranslate(User user, string locale) => user.Role switch
    {
        Role.Administrator or Role.Editor => true,
        Role.Translator or Role.Reviewer => user.LocaleList.Contains(locale),
        _ => false,
    };

    /// <summary>The query string of the current view, for paging links and for coming back after a change.</summary>
    public string Query(int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("q", Filter.Text);
        Add("section", Filter.Section);
        Add("type", Filter.Type);
        Add("locale", Filter.Locale);
        Add("state", Filter.State);
        Add("assignee", Mine ? "me" : Filter.Assignee?.ToString(CultureInfo.InvariantCulture));
        Add("agency", AgencyChoice.Selected.Value == Cms.Agencies.AgencyScope.Mine || (AgencyChoice.Selected.IsAll && !AgencyChoice.HasMine) ? null : AgencyChoice.Selected.Value);
        Add("page", (page ?? PageNumber) > 1 ? (page ?? PageNumber).ToString(CultureInfo.InvariantCulture) : null);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static string Back(string? back, string done) =>
        "/admin/translations" + (back is { Length: > 0 } && back.StartsWith('?') && !back.Contains("//", StringComparison.Ordinal) ? back + "&" : "?") + "done=" + Uri.EscapeDataString(done);

    private async Task<List<TranslationAssignment>> CurrentAsync(List<(long ItemId, string Locale)> cells, CancellationToken ct)
    {
        var ids = cells.Select(c => c.ItemId).Distinct().ToList();
        var candidates = await db.TranslationAssignments.Where(a => ids.Contains(a.ItemId)).ToListAsync(ct);
        return [.. candidates.Where(a => cells.Contains((a.ItemId, a.Locale)))];
    }

    private async Task LoadAsync(string? q, string? section, string? type, string? locale, string? state, string? assignee, int? page, CancellationToken ct, string? agency)
    {
        AgencyChoice = await agencies.ScopeAsync(agency, User, ct);
        var me = long.Parse(User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, CultureInfo.InvariantCulture);
        Mine = assignee == "me";
        Sections = [.. types.All.Select(t => t.Section).OfType<string>().Distinct().Order(StringComparer.Ordinal).Select(s => (s, strings.Section(s)))];
        Filter = new CoverageFilter(
            Sections.Any(s => s.Value == section) ? section : null,
            types.Find(type ?? "") is { } t ? t.Name : null,
            Locales.IsSupported(locale) && locale != Locales.Source ? locale
                : Mine && Permissions.LocalesOf(User) is [var only] ? only // a translator's queue shows their language
                : null,
            state is "needs-work" || CellStates.All.Contains(state) ? state : null,
            Mine ? me : long.TryParse(assignee, NumberStyles.None, CultureInfo.InvariantCulture, out var who) ? who : null,
            string.IsNullOrWhiteSpace(q) ? null : q.Trim())
        {
            // A translator's own queue is theirs whatever agency owns the items.
            Agencies = Mine ? null : AgencyChoice.Selected,
        };
        PageNumber = Math.Max(1, page ?? 1);
        Report = await coverage.BuildAsync(Filter, PageNumber, PageSize, ct);
        Staff = await db.Users.AsNoTracking().Where(u => !u.Disabled && u.Role != Role.Viewer).ToDictionaryAsync(u => u.Id, ct);
    }
}
