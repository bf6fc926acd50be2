using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Media;

/// <summary>
/// One asset: its file and derivatives, its title, alt text and caption in each language (edited
/// in the ordinary editor), where it is used, and replacing its file while keeping its id.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class AssetModel(MediaLibrary library, IMediaStore store, MediaDerivatives derivatives, CmsDbContext db, AccountService accounts, PromoSite.Cms.Content.ContentTypeRegistry types) : AdminPage
{
    public PromoSite.Cms.Content.ContentTypeRegistry Types => types;

    private const long MaxRequestBytes = 210L * 1024 * 1024;

    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public MediaRow Asset { get; private set; } = null!;

    public int Version { get; private set; }

    public IReadOnlyDictionary<string, LocalizationStatus> States { get; private set; } = new Dictionary<string, LocalizationStatus>();

    public IReadOnlyList<MediaUse> Uses { get; private set; } = [];

    public RenditionSet? Renditions { get; private set; }

    public MediaInspection? FileFacts { get; private set; }

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplaceAsync(IFormFile? upload, int version, bool keepLocation, CancellationToken ct)
    {
        // A new file changes the asset's shared facts: the same right as editing them in the Vietnamese form.
        if (!await MayAsync(MediaLibrary.Type, Locales.Source, ContentOperations.EditShared))
        {
            return Forbid();
        }

        if (upload is null)
        {
            return await FailAsync(Text["admin.asset.chooseFile"], ct);
        }

        await using var stream = upload.OpenReadStream();
        var saved = await store.SaveAsync(stream, new MediaUploadOptions(keepLocation), ct);
        if (saved.OverQuota is { } full)
        {
            var refused = await FailAsync(full.Describe(Text, "admin.limits.mediaQuotaReplace"), ct);
            Response.StatusCode = StatusCodes.Status507InsufficientStorage; // the library is full, the file was not at fault
            return refused;
        }

        if (saved.Stored is not { } stored)
        {
            var unchanged = Text["admin.asset.unchanged"];
            return await FailAsync($"{Path.GetFileName(upload.FileName)}: {saved.Refusal} {unchanged}", ct);
        }

        var outcome = await library.ReplaceFileAsync(Id, version, stored, User.Identity!.Name!, ct);
        if (!outcome.Succeeded)
        {
            return await FailAsync(outcome.Result == Editing.EditResult.Conflict
                ? Text["admin.asset.conflict"]
                : string.Join(" ", outcome.Errors.Select(Text.ProblemOfField)), ct);
        }

        await accounts.AuditAsync(User.Identity!.Name!, AuditActions.MediaReplace, outcome.Item!.Key, stored.RelativePath, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { Id, replaced = true });
    }

    private IStringLocalizer<AdminText> Text => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<AdminText>>();

    private async Task<IActionResult> FailAsync(string message, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Message = message;
        Failed = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await library.FindAsync(Id, ct) is not { } asset)
        {
            return false;
        }

        Asset = asset;
        Version = await db.Items.Where(i => i.Id == Id).Select(i => i.Version).FirstAsync(ct);
        States = await db.Localizations.Where(l => l.ItemId == Id).ToDictionaryAsync(l => l.Locale, l => l.Status, ct);
        Uses = await library.WhereUsedAsync(asset.Key, ct);
        Renditions = await derivatives.FindAsync(asset.File, ct);
        await using (var stored = await store.OpenReadAsync(asset.File, ct))
        {
            FileFacts = stored is null ? null : await MediaInspector.InspectAsync(stored.Content, ct);
        }

        if (Request.Query["replaced"] == "True" || Request.Query["replaced"] == "true")
        {
            Message = Text["admin.asset.replaced"];
        }

        return true;
    }
}
