using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Press;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Press;

/// <summary>
/// The accreditation inbox: journalists' requests for events, newest first, by status; each opens with
/// its details, a status, a note and an erase button. The same personal data as an enquiry, so the same
/// policy reads it.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ReadEnquiries)]
public sealed class AccreditationsModel(CmsDbContext db, AccountService accounts, TimeProvider clock) : AdminPage
{
    public IReadOnlyList<AccreditationRequest> Requests { get; private set; } = [];

    public AccreditationStatus? Status { get; private set; }

    public AccreditationRequest? Open { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, long? id, CancellationToken ct)
    {
        Status = Enum.TryParse<AccreditationStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        var query = db.AccreditationRequests.AsNoTracking().AsQueryable();
        query = Status is { } wanted ? query.Where(r => r.Status == wanted) : query.Where(r => r.Status != AccreditationStatus.Spam);
        Requests = await query.OrderByDescending(r => r.Id).Take(200).ToListAsync(ct);
        Open = id is null ? null : await db.AccreditationRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string? status, string? note, string? erase, CancellationToken ct)
    {
        var request = await db.AccreditationRequests.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return NotFound();
        }

        var actor = User.Identity!.Name!;
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (erase is not null)
        {
            request.Erase(clock.GetUtcNow().UtcDateTime);
            await accounts.AuditAsync(actor, AuditActions.AccreditationErase, request.Reference, null, address, ct);
        }
        else
        {
            if (Enum.TryParse<AccreditationStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && s != request.Status)
            {
                await accounts.AuditAsync(actor, AuditActions.AccreditationStatus, request.Reference, $"{request.Status} → {s}", address, ct);
                request.Status = s;
            }

            if (request.ErasedAt is null)
            {
                var trimmed = note?.Trim();
                request.Note = string.IsNullOrEmpty(trimmed) ? null : trimmed[..Math.Min(trimmed.Length, 2000)];
            }
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/admin/press/accreditations?id={id}");
    }
}
