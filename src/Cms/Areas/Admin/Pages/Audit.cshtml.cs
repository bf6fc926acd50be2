using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PromoSite.Cms.Admin;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ReadAudit)]
public sealed class AuditModel(CmsDbContext db) : AdminPage
{
    public static IReadOnlyList<string> Actions => AuditActions.All;

    private const int PageSize = 50;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public string? Actor { get; private set; }

    public string? Action { get; private set; }

    public bool HasMore { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? actor, string? action, long? before, CancellationToken ct)
    {
        Actor = string.IsNullOrWhiteSpace(actor) ? null : actor.Trim().ToLowerInvariant();
        Action = Actions.Contains(action) ? action : null;
        var query = db.AuditLog.AsNoTracking().AsQueryable();
        if (Actor is not null)
        {
            query = query.Where(e => e.Actor.Contains(Actor));
        }

        if (Action is not null)
        {
            query = query.Where(e => e.Action == Action);
        }

        if (before is not null)
        {
            query = query.Where(e => e.Id < before);
        }

        var page = await query.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        HasMore = page.Count > PageSize;
        Entries = [.. page.Take(PageSize)];
        return Page();
    }
}
