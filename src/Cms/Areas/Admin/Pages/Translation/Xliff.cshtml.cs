using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;

namespace PromoSite.Cms.Areas.Admin.Pages.Translation;

/// <summary>XLIFF out to an agency or a CAT tool, and back in, with a report of every unit that could not be taken.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = XliffExchange.MaxUploadBytes + (64 * 1024))]
[RequestSizeLimit(XliffExchange.MaxUploadBytes + (64 * 1024))] // also when the size is not announced
public sealed class XliffModel(CmsDbContext db, XliffExchange xliff, ContentTypeRegistry types, AccountService accounts, IOptions<CmsOptions> options) : AdminPage
{
    public IReadOnlyList<ContentTypeDefinition> Types => types.All;

    public XliffImportReport? Report { get; private set; }

    public bool CheckedOnly { get; private set; }

    public string? Error { get; private set; }


    private Microsoft.Extensions.Localization.IStringLocalizer<AdminText> Text => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<AdminText>>(HttpContext.RequestServices);

    public IActionResult OnGet() => Page();

    /// <summary>The chosen type's items (all, or only those needing work in a chosen language) for the chosen languages.</summary>
    public async Task<IActionResult> OnPostExportAsync(string? type, string[] locales, string? version, bool needsWork, CancellationToken ct)
    {
        var chosen = locales.Where(l => Locales.IsSupported(l) && l != Locales.Source).Distinct().ToList();
        if (chosen.Count == 0)
        {
            Error = Text["admin.xliff.error.noLanguage"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var export = await xliff.ExportAsync(type, chosen, needsWork, version == "1.2" ? XliffVersion.V12 : XliffVersion.V20, options.Value.BaseUrlFor(Request), ct);
        if (export is null)
        {
            Error = Text["admin.xliff.error.nothing"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return File(export.Content, export.ContentType, export.FileName);
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, string? check, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = Text["admin.xliff.error.noFile"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (file.Length > XliffExchange.MaxUploadBytes)
        {
            Error = Text["admin.xliff.error.tooLarge", file.Length / 1024 / 1024, XliffExchange.MaxUploadBytes / 1024 / 1024];
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Page();
        }

        CheckedOnly = check is not null;
        await using var stream = file.OpenReadStream();
        Report = await xliff.ImportAsync(stream, User, CheckedOnly, ct);
        if (Report.Succeeded && !CheckedOnly && Report.Applied > 0)
        {
            await accounts.AuditAsync(User.Identity!.Name!, AuditActions.XliffImport, file.FileName.Length > 100 ? file.FileName[..100] : file.FileName, $"{Report.Applied} units, {Report.Items} items", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            await db.SaveChangesAsync(ct);
        }

        Response.StatusCode = Report.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
