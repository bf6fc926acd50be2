using System.Text;
using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Terminology;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>
/// The termbase: every member of staff searches and reads it (and downloads it as CSV or TBX, e.g.
/// beside an XLIFF 1.2 export); changing it, one entry or by CSV import, is <see cref="Policies.ManageTerms"/>.
/// An import is all or nothing: a malformed file is refused with its lines named and nothing changes.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = MaxImportBytes + (64 * 1024))]
[RequestSizeLimit(MaxImportBytes + (64 * 1024))]
public sealed class TermsModel(Termbase termbase, AccountService accounts, Storage.CmsDbContext db) : AdminPage
{
    public const int MaxImportBytes = 2 * 1024 * 1024;

    public IReadOnlyList<Term> All { get; private set; } = [];

    public IReadOnlyList<string> Domains { get; private set; } = [];

    public string? Query { get; private set; }

    public string? Domain { get; private set; }

    public long? EditingId { get; private set; }

    public TermRow Form { get; private set; } = Empty;

    public IReadOnlyList<FieldError> Problems { get; private set; } = [];

    public bool CanManage { get; private set; }

    /// <summary>An admin string key of what was just done, with its arguments.</summary>
    public string? Notice { get; private set; }

    public object[] NoticeArguments { get; private set; } = [];

    private static TermRow Empty => new(0, "", Locales.All.ToDictionary(l => l, _ => (string?)null), Locales.All.ToDictionary(l => l, _ => (IReadOnlyList<string>)[]), null);

    public async Task<IActionResult> OnGetAsync(string? q, string? domain, long? id, int? added, int? updated, string? saved, CancellationToken ct)
    {
        await LoadAsync(q, domain, ct);
        if (id is { } editing && (await termbase.SearchAsync(null, null, ct)).FirstOrDefault(t => t.Id == editing) is { } term)
        {
            EditingId = term.Id;
            Form = new TermRow(0, term.Domain, Locales.All.ToDictionary(l => l, term.Approved), Locales.All.ToDictionary(l => l, term.Forbidden), term.Note);
        }

        if (added is not null || updated is not null)
        {
            Notice = "admin.terms.imported";
            NoticeArguments = [added ?? 0, updated ?? 0];
        }
        else if (saved is not null)
        {
            Notice = "admin.terms.saved";
            NoticeArguments = [saved];
        }

        return Page();
    }

    /// <summary>The termbase as CSV (all languages) or TBX (all, or Vietnamese and one target language).</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, string? locale, CancellationToken ct)
    {
        var terms = await termbase.SearchAsync(null, null, ct);
        if (format == "tbx")
        {
            var target = locale is not null && Locales.IsSupported(locale) && locale != Locales.Source ? locale : null;
            return File(Encoding.UTF8.GetBytes(Termbase.Tbx(terms, target)), "application/x-tbx+xml", $"promosite-termbase{(target is null ? "" : "-vi-" + target)}.tbx");
        }

        // With a byte order mark, so that a spreadsheet opens the Vietnamese and CJK as UTF-8.
        return File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(TermCsv.Write(terms))], "text/csv; charset=utf-8", "promosite-termbase.csv");
    }

    [HandlerPolicy(Policies.ManageTerms)]
    public async Task<IActionResult> OnPostSaveAsync(long? id, string? domain, string? note, CancellationToken ct)
    {
        Form = new TermRow(
            0,
            domain ?? "",
            Locales.All.ToDictionary(l => l, l => (string?)Request.Form["approved." + l].ToString()),
            Locales.All.ToDictionary(l => l, l => (IReadOnlyList<string>)[.. Request.Form["forbidden." + l].ToString().Split(['|', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]),
            note);
        EditingId = id;
        var (term, problems) = await termbase.SaveAsync(Form, id, ct);
        if (term is null)
        {
            if (problems.Any(p => p.Code == "termMissing"))
            {
                return NotFound();
            }

            Problems = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(null, null, ct);
            return Page();
        }

        await accounts.AuditAsync(User.Identity!.Name!, id is null ? "term-create" : "term-change", "term/" + term.Vi, Describe(term), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
        return LocalRedirect("/admin/terms?saved=" + Uri.EscapeDataString(term.Vi) + "#term-" + term.Id);
    }

    [HandlerPolicy(Policies.ManageTerms)]
    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        if (await termbase.DeleteAsync(id, ct) is not { } term)
        {
            return NotFound();
        }

        await accounts.AuditAsync(User.Identity!.Name!, "term-delete", "term/" + term.Vi, Describe(term), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
        return LocalRedirect("/admin/terms");
    }

    [HandlerPolicy(Policies.ManageTerms)]
    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        IReadOnlyList<FieldError> problems;
        if (file is null || file.Length == 0)
        {
            problems = [FieldError.Coded("", "termsNoFile", "Choose a CSV file to import.")];
        }
        else if (file.Length > MaxImportBytes)
        {
            problems = [FieldError.Coded("", "termsTooBig", $"At most {MaxImportBytes / 1024 / 1024} MB can be imported at once.", MaxImportBytes / 1024 / 1024)];
        }
        else
        {
            string text;
            using (var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true)))
            {
                try
                {
                    text = await reader.ReadToEndAsync(ct);
                }
                catch (DecoderFallbackException)
                {
                    text = "";
                }
            }

            var (added, updated, errors) = text.Length == 0
                ? (0, 0, (IReadOnlyList<FieldError>)[FieldError.Coded("", "termsNotText", "The file is not UTF-8 text; save it as “CSV UTF-8”.")])
                : await termbase.ImportCsvAsync(text, ct);
            if (errors.Count == 0)
            {
                await accounts.AuditAsync(User.Identity!.Name!, "term-import", "terms", $"{added} added, {updated} updated from {file.FileName}", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
                return LocalRedirect($"/admin/terms?added={added}&updated={updated}");
            }

            problems = errors;
        }

        Problems = problems;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Notice = "admin.terms.importRefused";
        await LoadAsync(null, null, ct);
        return Page();
    }

    private static string Describe(Term term) =>
        string.Join(" · ", Locales.All.Select(l => $"{l}: {term.Approved(l)}{(term.Forbidden(l).Count > 0 ? " (≠ " + string.Join(", ", term.Forbidden(l)) + ")" : "")}"));

    private async Task LoadAsync(string? q, string? domain, CancellationToken ct)
    {
        Query = q;
        Domain = domain;
        CanManage = await MeetsAsync(Policies.ManageTerms);
        All = await termbase.SearchAsync(q, domain, ct);
        Domains = [.. (await termbase.SearchAsync(null, null, ct)).Select(t => t.Domain).Where(d => d.Length > 0).Distinct().Order(StringComparer.Ordinal)];
    }
}
