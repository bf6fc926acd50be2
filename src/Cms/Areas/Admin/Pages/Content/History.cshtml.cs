using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Content;

/// <summary>Every revision of an item, newest first, and a field-by-field comparison of any two.</summary>
public sealed class HistoryModel(CmsDbContext db, ContentTypeRegistry types, Editing.ContentEditor editor, Microsoft.Extensions.Localization.IStringLocalizer<AdminText> strings) : AdminPage
{
    public string Type { get; private set; } = "";

    public long Id { get; private set; }

    public IReadOnlyList<Revision> Revisions { get; private set; } = [];

    public Revision? From { get; private set; }

    public Revision? To { get; private set; }

    public List<(string Field, string Before, string After)> Diff { get; } = [];

    public string? Problem { get; private set; }

    /// <summary>Restoring appends a new revision (a draft) with the old content: history is never rewritten.</summary>
    public async Task<IActionResult> OnPostRestoreAsync(string type, long id, int number, CancellationToken ct)
    {
        var revision = await db.Revisions.AsNoTracking().FirstOrDefaultAsync(r => r.ItemId == id && r.Number == number, ct);
        if (revision is null || types.Find(type) is null)
        {
            return NotFound();
        }

        var resource = new LanguageVersion(type, revision.Locale) { ItemId = id };
        if (!await MayAsync(resource, ContentOperations.Edit))
        {
            return Forbid();
        }

        var shared = await MayAsync(resource, ContentOperations.EditShared) ? ContentJson.Parse(revision.SharedJson) : null;
        var input = new Editing.LocalizationInput(revision.Locale, ContentJson.Parse(revision.FieldsJson), LocalizationStatus.Draft, revision.Slug, revision.SeoTitle, revision.SeoDescription, revision.PublishAt, revision.UnpublishAt)
        {
            Audit = new Editing.SaveAudit(User.Identity!.Name!, AuditActions.Restore, $"revision {number} as a draft", HttpContext.Connection.RemoteIpAddress?.ToString()),
        };
        var outcome = await editor.SaveAsync(id, null, shared, input, User.Identity!.Name!, ct);
        if (!outcome.Succeeded)
        {
            Problem = strings["admin.history.notRestored", string.Join(" ", outcome.Errors)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await OnGetAsync(type, id, null, null, ct);
        }

        return LocalRedirect($"/admin/content/{type}/{id}/{revision.Locale}");
    }

    public async Task<IActionResult> OnGetAsync(string type, long id, int? from, int? to, CancellationToken ct)
    {
        if (types.Find(type) is not { } definition || !await db.Items.AnyAsync(i => i.Id == id && i.Type == type, ct))
        {
            return NotFound();
        }

        Type = type;
        Id = id;
        Revisions = await db.Revisions.AsNoTracking().Where(r => r.ItemId == id).OrderByDescending(r => r.Number).ToListAsync(ct);
        To = Revisions.FirstOrDefault(r => r.Number == to) ?? Revisions.FirstOrDefault();
        From = Revisions.FirstOrDefault(r => r.Number == from) ?? Revisions.FirstOrDefault(r => To is not null && r.Number < To.Number && r.Locale == To.Locale);
        if (From is not null && To is not null)
        {
            var before = ContentJson.Merge(ContentJson.Parse(From.SharedJson), ContentJson.Parse(From.FieldsJson));
            var after = ContentJson.Merge(ContentJson.Parse(To.SharedJson), ContentJson.Parse(To.FieldsJson));
            Diff.Add((strings["admin.content.slug"], From.Slug, To.Slug));
            Diff.Add((strings["admin.common.state"], strings.State(LocalizationStatuses.ToWire(From.Status)), strings.State(LocalizationStatuses.ToWire(To.Status))));
            foreach (var field in definition.Fields)
            {
                Diff.Add((strings.Field(field), FormFields.ToText(field, before[field.Name]), FormFields.ToText(field, after[field.Name])));
            }
        }

        return Page();
    }
}
