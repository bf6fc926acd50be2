using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Translation;

/// <summary>
/// What a translation agency's tool needs from the management API: the coverage matrix as JSON, XLIFF
/// out, and XLIFF back in (all or nothing, through the same <see cref="XliffExchange"/> as the admin).
/// Reading needs the right to read working copies (a token: the read scope); an import is decided per
/// language and content type by resource-based authorization inside the exchange (a token: write:{locale}).
/// </summary>
public static class TranslationApi
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapTranslationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/manage").WithTags("Translation").RequireAuthorization(Policies.ReadContent);
        api.MapGet("/translations/coverage", CoverageAsync).WithName("GetTranslationCoverage")
            .WithSummary("The translation matrix: every item by language with its state, what visitors see instead, and who has it; counts per language over the filtered items.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/xliff", ExportAsync).WithName("ExportXliff")
            .WithSummary("XLIFF (2.0 or 1.2) of a type's items, or only those needing work, for one target language (a zip for several).")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/xliff+xml", "application/zip")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        // XLIFF 1.2 has no glossary module: a CAT tool takes the termbase beside the file (2.0 carries it per unit).
        api.MapGet("/termbase", TermbaseAsync).WithName("ExportTermbase")
            .WithSummary("The termbase as TBX (format=tbx, optionally only Vietnamese and one target language: locale=ko) or CSV (format=csv).")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/x-tbx+xml", "text/csv");
        // Any member of staff may send a file; whether they may write its language is decided per unit.
        app.MapGroup("/api/v1/manage").WithTags("Translation").RequireAuthorization(Policies.Staff).MapPost("/xliff", ImportAsync).WithName("ImportXliff")
            .WithSummary("Imports a translated XLIFF file sent as the body: every unit checked, then all applied (never published: ready units arrive in review) or none. ?check=true only checks.")
            .Accepts<Stream>("application/xliff+xml", "application/xml", "text/xml", "application/octet-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<FileContentHttpResult> TermbaseAsync(Terminology.Termbase termbase, string? format, string? locale, CancellationToken ct)
    {
        var terms = await termbase.SearchAsync(null, null, ct);
        if (format == "csv")
        {
            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(Terminology.TermCsv.Write(terms)), "text/csv; charset=utf-8", "promosite-termbase.csv");
        }

        var target = locale is not null && Locales.IsSupported(locale) && locale != Locales.Source ? locale : null;
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(Terminology.Termbase.Tbx(terms, target)), "application/x-tbx+xml", "promosite-termbase.tbx");
    }

    private static async Task<Results<Ok<CoverageDto>, ProblemHttpResult>> CoverageAsync(
        TranslationCoverage coverage, ContentTypeRegistry types, string? q, string? section, string? type, string? locale, string? state, long? assignee, int? page, int? pageSize, CancellationToken ct)
    {
        var problems = new List<string>();
        if (type is not null && types.Find(type) is null)
        {
            problems.Add($"type: no content type '{type}'.");
        }

        if (section is not null && !types.All.Any(t => t.Section == section))
        {
            problems.Add($"section: no section '{section}'.");
        }

        if (locale is not null && (!Locales.IsSupported(locale) || locale == Locales.Source))
        {
            problems.Add($"locale: one of {string.Join(", ", Locales.All.Where(l => l != Locales.Source))}.");
        }

        if (state is not null && state != "needs-work" && !CellStates.All.Contains(state))
        {
            problems.Add($"state: one of needs-work, {string.Join(", ", CellStates.All)}.");
        }

        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            problems.Add($"page starts at 1; pageSize is 1 to {MaxPageSize}.");
        }

        if (problems.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid filter", detail: string.Join(" ", problems));
        }

        var filter = new CoverageFilter(section, type is null ? null : types.Find(type)!.Name, locale, state, assignee, string.IsNullOrWhiteSpace(q) ? null : q.Trim());
        var size = pageSize ?? 100;
        var report = await coverage.BuildAsync(filter, page ?? 1, size, ct);
        return TypedResults.Ok(new CoverageDto(
            report.TotalRows, page ?? 1, size,
            report.Counts.Select(c => new LocaleCountDto(c.Locale, c.Total, c.UpToDate, Math.Round(c.Percent, 1), c.States)).ToList(),
            report.Rows.Select(r => new CoverageRowDto(r.ItemId, r.Type, r.Key, r.Title, r.Section, r.Cells.ToDictionary(
                c => c.Key,
                c => new CoverageCellDto(c.Value.State, c.Value.Live, c.Value.ShownInstead,
                    c.Value.Assignment is { } a ? new AssignmentDto(a.AssigneeId, a.Due, a.Note) : null)))).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        XliffExchange xliff, ContentTypeRegistry types, IOptions<CmsOptions> options, HttpRequest request, string[]? locale, string? type, string? version, bool? needsWork, CancellationToken ct)
    {
        var chosen = (locale ?? []).SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (chosen.Count == 0 || chosen.Any(l => !Locales.IsSupported(l) || l == Locales.Source))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: $"locale: one or more target languages, from {string.Join(", ", Locales.All.Where(l => l != Locales.Source))} (locale=ko&locale=ja or locale=ko,ja).");
        }

        if (version is not (null or "2.0" or "1.2") || (type is not null && types.Find(type) is null))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "version is 2.0 (the default) or 1.2; type, when given, is a content type's key (e.g. ocop-products).");
        }

        var export = await xliff.ExportAsync(type, chosen, needsWork ?? false, version == "1.2" ? XliffVersion.V12 : XliffVersion.V20, options.Value.BaseUrlFor(request), ct);
        return export is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nothing to export", detail: "No item of that choice has Vietnamese text to translate.")
            : TypedResults.File(export.Content, export.ContentType, export.FileName);
    }

    private static async Task<Results<Ok<XliffImportDto>, ProblemHttpResult>> ImportAsync(
        HttpContext http, XliffExchange xliff, AccountService accounts, CmsDbContext db, bool? check, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = XliffExchange.MaxUploadBytes;
        }

        var tooLarge = TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large",
            detail: $"At most {XliffExchange.MaxUploadBytes / 1024 / 1024} MB can be imported at once; split the file by language or section. Nothing was imported.");
        if (http.Request.ContentLength > XliffExchange.MaxUploadBytes)
        {
            return tooLarge;
        }

        // Read whole (bounded) before parsing: a body cut short by the limit must not half-parse.
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > XliffExchange.MaxUploadBytes)
            {
                return tooLarge;
            }

            body.Write(buffer, 0, read);
        }

        if (body.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No file", detail: "Send the XLIFF file (1.2 or 2.0) as the request body.");
        }

        body.Position = 0;
        var checkOnly = check ?? false;
        var report = await xliff.ImportAsync(body, http.User, checkOnly, ct);
        if (!report.Succeeded)
        {
            var status = report.Forbidden ? StatusCodes.Status403Forbidden : report.Problems.Count == 0 ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            var title = report.Forbidden ? "Not allowed" : report.Problems.Count == 0 ? "Exported from older Vietnamese" : "Not imported";
            return TypedResults.Problem(statusCode: status, title: title,
                detail: $"Nothing was imported: {report.Problems.Count + report.Stale.Count} unit(s) could not be taken. " + string.Join(" ", report.Problems.Concat(report.Stale).Take(20)),
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = report.Problems.Select(Line).ToList(),
                    ["stale"] = report.Stale.Select(Line).ToList(),
                });
        }

        if (!checkOnly && report.Applied > 0)
        {
            await accounts.AuditAsync(http.User.Identity!.Name!, "xliff-import", "api", $"{report.Applied} units, {report.Items} items", http.Connection.RemoteIpAddress?.ToString(), ct);
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(new XliffImportDto(checkOnly, report.Applied, report.Items, report.Skipped));
    }

    private static XliffProblemDto Line(XliffProblem problem) => new(problem.Line, problem.Unit, problem.Message, problem.ToString());
}

public sealed record CoverageDto(int TotalRows, int Page, int PageSize, IReadOnlyList<LocaleCountDto> Counts, IReadOnlyList<CoverageRowDto> Rows);

/// <summary>How far one language is: items per state, and published or scheduled ones as a percentage.</summary>
public sealed record LocaleCountDto(string Locale, int Total, int UpToDate, double Percent, IReadOnlyDictionary<string, int> States);

public sealed record CoverageRowDto(long ItemId, string Type, string Key, string Title, string? Section, IReadOnlyDictionary<string, CoverageCellDto> Cells);

/// <summary>One language of an item. The assignment is the DTO, not the entity: who assigned it stays in the admin.</summary>
public sealed record CoverageCellDto(string State, bool Live, string? ShownInstead, AssignmentDto? Assignment);

public sealed record AssignmentDto(long AssigneeId, DateOnly? Due, string? Note);

/// <summary>checkOnly: nothing was written, the numbers say what an import would do.</summary>
public sealed record XliffImportDto(bool CheckOnly, int Applied, int Items, int Skipped);

/// <summary>One refused unit; text is the same line the admin shows ("line 12, ocop-products:hat-dieu:title: …").</summary>
public sealed record XliffProblemDto(int? Line, string Unit, string Message, string Text);
