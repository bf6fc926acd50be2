using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Media;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>Uploads one file through the same checks as the API; the file name is shown, never used as a path.</summary>
[RequestSizeLimit(210 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 210 * 1024 * 1024)]
public sealed class MediaUploadModel(IMediaStore store) : AdminPage
{
    public StoredMedia? Stored { get; private set; }

    public string? Refusal { get; private set; }

    public string? FileName { get; private set; }

    public IActionResult OnGet() => Permissions.CanUploadMedia(User) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(IFormFile? upload, CancellationToken ct)
    {
        if (!Permissions.CanUploadMedia(User))
        {
            return Forbid();
        }

        if (upload is null)
        {
            Refusal = "Choose a file to upload.";
            return Page();
        }

        FileName = Path.GetFileName(upload.FileName);
        await using var stream = upload.OpenReadStream();
        var result = await store.SaveAsync(stream, ct);
        Stored = result.Stored;
        Refusal = result.Refusal;
        return Page();
    }
}
