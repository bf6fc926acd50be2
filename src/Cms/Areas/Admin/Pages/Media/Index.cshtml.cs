using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Media;

namespace PromoSite.Cms.Areas.Admin.Pages.Media;

/// <summary>
/// The shared media library: search and filters, and uploads of several files at once. Each file
/// becomes a media item, checked by content and refused one by one with the reason, so a bad file
/// among good ones costs only itself. With JavaScript the files are sent one after another with a
/// progress bar each (admin.js asks for JSON); without it, all in one post.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class IndexModel(MediaLibrary library, IMediaStore store, AccountService accounts, Storage.CmsDbContext db, IStringLocalizer<AdminText> strings) : AdminPage
{
    /// <summary>Bounds one post; each file is also held to its own kind's limit by the store.</summary>
    public const long MaxRequestBytes = 500L * 1024 * 1024;

    /// <summary>The result of one uploaded file.</summary>
    public sealed record UploadResult(string Name, bool Stored, string Message, long? Id, string? EditUrl);

    public IReadOnlyList<MediaRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> Tags { get; private set; } = [];

    public IReadOnlyList<string> Collections { get; private set; } = [];

    public List<UploadResult> Results { get; } = [];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }

    [BindProperty(SupportsGet = true)] public string? Section { get; set; }

    [BindProperty(SupportsGet = true)] public string? Collection { get; set; }

    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)] public string? MissingAlt { get; set; }

    public static IReadOnlyList<string> SectionNames { get; } = [.. Enum.GetNames<MediaSection>().Select(ContentJson.EnumValue)];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    [HandlerPolicy(Policies.UploadMedia)]
    public async Task<IActionResult> OnPostAsync(
        List<IFormFile> uploads, string? tags, string? section, string? collection, string? credit, string? licence, bool keepLocation, CancellationToken ct)
    {
        var wantsJson = Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal);
        if (section is { Length: > 0 } && !SectionNames.Contains(section))
        {
            Results.Add(new UploadResult("", false, strings["admin.media.notASection", section, string.Join(", ", SectionNames.Select(s => strings.Option("section", s)))], null, null));
        }
        else if (uploads.Count == 0)
        {
            Results.Add(new UploadResult("", false, strings["admin.media.chooseFiles"], null, null));
        }

        var details = new MediaUploadDetails(
            Tags: tags?.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Section: section, Collection: collection, Credit: credit, Licence: licence);
        var full = false; // the media quota: 507 rather than 400, the file itself was not at fault
        foreach (var upload in Results.Count == 0 ? uploads : [])
        {
            // The name is shown to the editor and turned into a key; it is never a path.
            var name = Path.GetFileName(upload.FileName.Replace('\\', '/'));
            await using var stream = upload.OpenReadStream();
            var saved = await store.SaveAsync(stream, new MediaUploadOptions(keepLocation), ct);
            if (saved.Stored is not { } stored)
            {
                full |= saved.OverQuota is not null;
                Results.Add(new UploadResult(name, false, saved.OverQuota?.Describe(strings) ?? saved.Refusal!, null, null));
                continue;
            }

            var author = User.Identity!.Name!;
            var outcome = await library.CreateAsync(stored, name, details, await MayAsync(MediaLibrary.Type, Locales.Source, ContentOperations.Publish), author, ct);
            if (!outcome.Succeeded)
            {
                Results.Add(new UploadResult(name, false, string.Join(" ", outcome.Errors.Select(strings.ProblemOfField)), null, null));
                continue;
            }

            await accounts.AuditAsync(author, AuditActions.MediaUpload, outcome.Item!.Key, stored.RelativePath, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            await db.SaveChangesAsync(ct);
            var note = stored.LocationRemoved ? strings["admin.media.locationRemoved"].Value : stored.Metadata?.Latitude is not null ? strings["admin.media.locationKept"].Value : "";
            var size = stored.Width is null ? "" : $", {stored.Width} × {stored.Height}";
            Results.Add(new UploadResult(name, true, strings["admin.media.stored", outcome.Item.Key, stored.Kind.Name + size] + note, outcome.Item.Id, $"/admin/media/{outcome.Item.Id}"));
        }

        if (wantsJson)
        {
            return Results.All(r => r.Stored) ? new JsonResult(Results) : new JsonResult(Results) { StatusCode = full ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status400BadRequest };
        }

        if (Results.Any(r => !r.Stored))
        {
            Response.StatusCode = full ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status400BadRequest;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await library.SearchAsync(new MediaSearch(Q, Tag, Section, Collection, Kind, MissingAlt), ct);
        (Tags, Collections) = await library.VocabularyAsync(ct);
    }
}
