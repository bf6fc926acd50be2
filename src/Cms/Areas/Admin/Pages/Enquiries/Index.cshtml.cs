using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Enquiries;

/// <summary>The enquiry inbox: newest first, by status; each opens with its full message, a status, a note and an erase button.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ReadEnquiries)]
public sealed class IndexModel(CmsDbContext db, AccountService accounts, TimeProvider clock) : AdminPage
{
    public IReadOnlyList<Enquiry> Enquiries { get; private set; } = [];

    public Dictionary<long, string> Titles { get; } = [];

    public EnquiryStatus? Status { get; private set; }

    public Enquiry? Open { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, long? id, CancellationToken ct)
    {
        Status = Enum.TryParse<EnquiryStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        var query = db.Enquiries.AsNoTracking().AsQueryable();
        if (Status is { } wanted)
        {
            query = query.Where(e => e.Status == wanted);
        }
        else
        {
            query = query.Where(e => e.Status != EnquiryStatus.Spam);
        }

        Enquiries = await query.OrderByDescending(e => e.Id).Take(200).ToListAsync(ct);
        Open = id is null ? null : await db.Enquiries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        var ids = Enquiries.Select(e => e.ItemId).Append(Open?.ItemId ?? 0).Distinct().ToList();
        foreach (var row in await db.Localizations.AsNoTracking().Where(l => ids.Contains(l.ItemId) && l.Locale == Locales.Source).Select(l => new { l.ItemId, l.FieldsJson }).ToListAsync(ct))
        {
            Titles[row.ItemId] = ContentJson.Parse(row.FieldsJson)["title"]?.GetValue<string>() ?? "";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string? status, string? note, string? erase, CancellationToken ct)
    {
        var enquiry = await db.Enquiries.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (enquiry is null)
        {
            return NotFound();
        }

        var actor = User.Identity!.Name!;
        if (erase is not null)
        {
            enquiry.Erase(clock.GetUtcNow().UtcDateTime);
            await accounts.AuditAsync(actor, AuditActions.EnquiryErase, enquiry.Reference, null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        }
        else
        {
            if (Enum.TryParse<EnquiryStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && s != enquiry.Status)
            {
                await accounts.AuditAsync(actor, AuditActions.EnquiryStatus, enquiry.Reference, $"{enquiry.Status} → {s}", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
                enquiry.Status = s;
                if (s == EnquiryStatus.Answered)
                {
                    enquiry.AnsweredAt ??= clock.GetUtcNow().UtcDateTime; // the first answer counts: re-opening and answering again does not reset it
                }
            }

            if (enquiry.ErasedAt is null)
            {
                enquiry.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 2000)];
            }
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/admin/enquiries?id={id}");
    }
}
