using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.TrashItems)]
public sealed class TrashModel(CmsDbContext db, ContentEditor editor, AccountService accounts, ContentTypeRegistry types) : AdminPage
{
    public ContentTypeRegistry Types => types;

    public sealed record Trashed(long Id, string Type, string Key, string Title, DateTime DeletedAt);

    public IReadOnlyList<Trashed> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var rows = await db.Items.AsNoTracking().Where(i => i.DeletedAt != null)
            .Select(i => new { i.Id, i.Type, i.Key, i.DeletedAt, Source = i.Localizations.Where(l => l.Locale == Locales.Source).Select(l => l.FieldsJson).FirstOrDefault() })
            .ToListAsync(ct);
        Items = [.. rows.Select(r => new Trashed(r.Id, r.Type, r.Key, ContentJson.Parse(r.Source)["title"]?.GetValue<string>() ?? r.Key, r.DeletedAt!.Value)).OrderByDescending(r => r.DeletedAt)];
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(long id, CancellationToken ct)
    {
        // Only who may change the item (its agency's staff, or anyone when no agency owns it) brings it back.
        var type = await db.Items.Where(i => i.Id == id).Select(i => i.Type).FirstOrDefaultAsync(ct);
        if (type is null || !await MayAsync(new LanguageVersion(type, Locales.Source) { ItemId = id }, ContentOperations.EditShared))
        {
            return type is null ? NotFound() : Forbid();
        }

        if (await editor.RestoreFromTrashAsync(id, ct))
        {
            await AuditAsync(AuditActions.Restore, id, "restored from the trash", ct);
        }

        return LocalRedirect("/admin/trash");
    }

    [HandlerPolicy(Policies.PurgeTrash)]
    public async Task<IActionResult> OnPostPurgeAsync(long id, CancellationToken ct)
    {
        var key = await db.Items.Where(i => i.Id == id).Select(i => i.Type + "/" + i.Key).FirstOrDefaultAsync(ct);
        if (await editor.PurgeAsync(id, ct))
        {
            await AuditAsync(AuditActions.Purge, id, key, ct);
        }

        return LocalRedirect("/admin/trash");
    }

    private async Task AuditAsync(string action, long id, string? detail, CancellationToken ct)
    {
        await accounts.AuditAsync(User.Identity!.Name!, action, id.ToString(System.Globalization.CultureInfo.InvariantCulture), detail, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
    }
}
