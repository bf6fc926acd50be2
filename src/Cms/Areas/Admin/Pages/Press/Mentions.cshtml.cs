using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Monitoring;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Press;

/// <summary>
/// The mentions inbox: what the monitored feeds said that matched a rule, newest first, by triage
/// state; each can be marked relevant, needing a response or ignored, given to a member of staff, and
/// linked to the official statement that answered it. Counts per day and source are charted above.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.TriageMentions)]
public sealed class MentionsModel(CmsDbContext db, TimeProvider clock) : AdminPage
{
    public const int ChartDays = 14;

    public IReadOnlyList<Mention> Mentions { get; private set; } = [];

    public MentionTriage? Triage { get; private set; }

    public Dictionary<long, string> SourceNames { get; private set; } = [];

    public IReadOnlyList<string> Staff { get; private set; } = [];

    /// <summary>Statements by key, with their Vietnamese title, to link a mention to its answer.</summary>
    public IReadOnlyList<(string Key, string Title)> Statements { get; private set; } = [];

    public IReadOnlyList<(string Label, IReadOnlyList<(string Part, int Value)> Parts)> PerDay { get; private set; } = [];

    public IReadOnlyList<(string Label, int Value)> PerSource { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? triage, CancellationToken ct)
    {
        Triage = Enum.TryParse<MentionTriage>(triage, ignoreCase: true, out var t) && Enum.IsDefined(t) ? t : null;
        var query = db.Mentions.AsNoTracking();
        query = Triage is { } wanted ? query.Where(m => m.Triage == wanted) : query.Where(m => m.Triage != MentionTriage.Ignore);
        Mentions = await query.OrderByDescending(m => m.Id).Take(200).ToListAsync(ct);
        SourceNames = await db.MonitorSources.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        Staff = [.. (await db.Users.AsNoTracking().Select(u => new { u.Email, u.Role }).ToListAsync(ct)).Where(u => u.Role >= Role.Reviewer).Select(u => u.Email).Order(StringComparer.Ordinal)];
        var statements = await db.Localizations.AsNoTracking()
            .Where(l => l.Type == Statement.Key && l.Locale == Locales.Source && l.Item.DeletedAt == null)
            .OrderByDescending(l => l.ItemId).Take(100).Select(l => new { l.Item.Key, l.FieldsJson }).ToListAsync(ct);
        Statements = [.. statements.Select(s => (s.Key, ContentJson.Parse(s.FieldsJson)["title"]?.GetValue<string>() ?? s.Key))];

        var since = clock.GetUtcNow().UtcDateTime.Date.AddDays(-(ChartDays - 1));
        var found = await db.Mentions.AsNoTracking().Where(m => m.FoundAt >= since).Select(m => new { m.SourceId, m.FoundAt }).ToListAsync(ct);
        PerDay = [.. Enumerable.Range(0, ChartDays).Select(i => since.AddDays(i)).Select(day => (
            day.ToString("dd/MM", CultureInfo.InvariantCulture),
            (IReadOnlyList<(string, int)>)[.. found.Where(f => f.FoundAt.Date == day).GroupBy(f => f.SourceId).Select(g => ("s" + g.Key, g.Count()))]))];
        PerSource = [.. found.GroupBy(f => f.SourceId).Select(g => (SourceNames.GetValueOrDefault(g.Key, "#" + g.Key), g.Count())).OrderByDescending(r => r.Item2)];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string? triage, string? assignedTo, string? answeredBy, CancellationToken ct)
    {
        var mention = await db.Mentions.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mention is null)
        {
            return NotFound();
        }

        if (Enum.TryParse<MentionTriage>(triage, ignoreCase: true, out var t) && Enum.IsDefined(t))
        {
            mention.Triage = t;
        }

        // Only names the page offered: staff who exist, statements that exist.
        mention.AssignedTo = string.IsNullOrEmpty(assignedTo) ? null
            : await db.Users.AnyAsync(u => u.Email == assignedTo, ct) ? assignedTo : mention.AssignedTo;
        mention.AnsweredBy = string.IsNullOrEmpty(answeredBy) ? null
            : await db.Items.AnyAsync(i => i.Type == Statement.Key && i.Key == answeredBy, ct) ? answeredBy : mention.AnsweredBy;
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/admin/press/mentions#mention-{id}");
    }
}
