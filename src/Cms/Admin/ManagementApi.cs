using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Admin;

/// <summary>
/// The management API, /api/v1/manage: the admin's operations as JSON for scripts and other tools,
/// with the same policies as the admin pages (declared on the group and each endpoint; the language
/// of a save is decided by the registered resource handler) and the same editor. Writes carry the
/// version they start from in If-Match: a missing one is 428, a stale one 412, and nothing is
/// overwritten. Authentication is the admin's cookie (SameSite=Strict, so no cross-site use) or an API token.
/// </summary>
internal static class ManagementApi
{
    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/manage").WithTags("Management").RequireAuthorization(Policies.Staff);
        api.MapGet("/{type}/{id:long}", GetAsync).RequireAuthorization(Policies.ReadContent)
            .WithName("GetManagedItem").WithSummary("An item with the working copy of every language; ETag is its version.");
        api.MapPut("/{type}/{id:long}/{locale}", PutAsync)
            .WithName("SaveLocalization").WithSummary("Saves one language (If-Match required). status: draft, in-review, published or unpublished. Who may publish but not edit sends no changes: the stored version is published as it is.");
        api.MapPost("/{type}", CreateAsync).RequireAuthorization(Policies.CreateItems)
            .WithName("CreateItem").WithSummary("Creates an item with its Vietnamese source.");
        api.MapDelete("/{type}/{id:long}", TrashAsync).RequireAuthorization(Policies.TrashItems)
            .WithName("TrashItem").WithSummary("Moves an item to the trash (If-Match required).");
        return app;
    }

    private static async Task<Results<Ok<ManagedItemDto>, NotFound>> GetAsync(string type, long id, HttpContext http, CmsDbContext db, Agencies.AgencyDirectory agencies, CancellationToken ct)
    {
        var item = await db.Items.AsNoTracking().Include(i => i.Localizations).FirstOrDefaultAsync(i => i.Id == id && i.Type == type, ct);
        if (item is null)
        {
            return TypedResults.NotFound();
        }

        // The plan that applies (an issue without its own follows its series) and who owns the item.
        var series = LanguagePlans.SeriesOf(item.Type, item.Key, ContentJson.Parse(item.SharedJson));
        var seriesPlan = series is null || series == item.Key ? null
            : await db.Items.AsNoTracking().Where(i => i.Type == Publication.Key && i.Key == series).Select(i => i.PlannedLocales).FirstOrDefaultAsync(ct);
        var owners = await agencies.OwnersOfAsync(item.Type, item.Key, ContentJson.Parse(item.SharedJson), ct);
        http.Response.Headers.ETag = ItemVersions.ETag(item.Version);
        return TypedResults.Ok(ManagedItemDto.From(item) with
        {
            PlannedLocales = LanguagePlans.Effective(item.PlannedLocales, seriesPlan),
            LanguagePlan = LanguagePlans.FromStored(item.PlannedLocales),
            Agencies = [.. owners.Select(o => o.Key)],
        });
    }

    private static async Task<Results<Ok<ManagedItemDto>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> PutAsync(
        string type, long id, string locale, LocalizationWriteDto body, HttpContext http, CmsDbContext db, ContentEditor editor, IAuthorizationService authorization, CancellationToken ct)
    {
        if (!Locales.IsSupported(locale) || body is null || !LocalizationStatuses.TryParse(body.Status, out var status))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: $"The locale must be one of {string.Join(", ", Locales.All)} and status one of draft, in-review, published, unpublished.");
        }

        var current = await db.Items.AsNoTracking().Where(i => i.Id == id && i.Type == type).Select(i => (int?)i.Version).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return TypedResults.NotFound();
        }

        // The item (and, for an issue moved to another series, that series) decides the owning agency.
        var resource = new LanguageVersion(type, locale) { ItemId = id, Series = SeriesIn(body.Shared) };
        AuthorizationResult? refusal = null;
        async Task<bool> May(Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation)
        {
            var result = await authorization.AuthorizeAsync(http.User, resource, operation);
            refusal ??= result.Succeeded ? null : result;
            return result.Succeeded;
        }

        var publishing = status is LocalizationStatus.Published or LocalizationStatus.Unpublished;
        var mayEdit = await May(ContentOperations.Edit);
        if ((publishing ? !await May(ContentOperations.Publish) : !mayEdit) || (body.Shared is not null && !await May(ContentOperations.EditShared)))
        {
            return AgencyRefusal(refusal) ?? (Results<Ok<ManagedItemDto>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>)TypedResults.Forbid();
        }

        if (ItemVersions.Precondition(http, current.Value) is { } failed)
        {
            return failed;
        }

        var input = Input(locale, status, body);
        if (!mayEdit)
        {
            // Publishing without the right to edit: the stored version goes live exactly as it is.
            var stored = await db.Localizations.AsNoTracking().FirstOrDefaultAsync(l => l.ItemId == id && l.Locale == locale, ct);
            if (stored is null || !Unchanged(body, stored))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "May publish, not edit",
                    detail: $"Your role may publish or unpublish '{locale}' but not change it: send only the status (or the stored values unchanged).");
            }

            input = StoredCopy.Input(stored, status);
        }

        input = input with { Audit = new SaveAudit(http.User.Identity!.Name!, AuditAction(status), "through the API", Address(http)) };
        var outcome = await editor.SaveAsync(id, current, body.Shared, input, http.User.Identity!.Name!, ct);
        return Answer(outcome, http);
    }

    private static async Task<Results<Created<ManagedItemDto>, ProblemHttpResult, ValidationProblem>> CreateAsync(
        string type, CreateItemDto body, HttpContext http, ContentEditor editor, IAuthorizationService authorization, CancellationToken ct)
    {
        // Records bind missing members as null whatever their declared nullability: say what is missing instead of failing on it.
        if (body.Source is null || string.IsNullOrWhiteSpace(body.Key))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "A new item needs \"key\" and \"source\" (its Vietnamese: fields and status); \"shared\" holds its shared facts.");
        }

        if (!LocalizationStatuses.TryParse(body.Source.Status, out var status))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: "status must be draft, in-review, published or unpublished.");
        }

        var placed = new LanguageVersion(type, Locales.Source) { IsNew = true, Series = Content.LanguagePlans.SeriesOf(type, body.Key.Trim(), body.Shared ?? []) };
        if (await authorization.AuthorizeAsync(http.User, placed, ContentOperations.EditShared) is { Succeeded: false } refused)
        {
            return AgencyRefusal(refused) ?? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Your role does not allow this.");
        }

        var input = Input(Locales.Source, status, body.Source) with { Audit = new SaveAudit(http.User.Identity!.Name!, AuditAction(status), "created through the API", Address(http)) };
        var outcome = await editor.CreateAsync(type, body.Key, body.Shared ?? [], input, http.User.Identity!.Name!, ct);
        if (!outcome.Succeeded)
        {
            return TypedResults.ValidationProblem(Errors(outcome));
        }

        // The item as this request saved it, not re-read: another save may already have followed (RFC 9110 §9.3.4).
        http.Response.Headers.ETag = ItemVersions.ETag(outcome.Item!.Version);
        return TypedResults.Created($"/api/v1/manage/{type}/{outcome.Item.Id}", ManagedItemDto.From(outcome.Item));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> TrashAsync(
        string type, long id, HttpContext http, CmsDbContext db, ContentEditor editor, AccountService accounts, IAuthorizationService authorization, CancellationToken ct)
    {
        var current = await db.Items.AsNoTracking().Where(i => i.Id == id && i.Type == type && i.DeletedAt == null).Select(i => (int?)i.Version).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return TypedResults.NotFound();
        }

        // Trashing changes the item as a whole: who may change its facts (and its agency) may trash it.
        if (await authorization.AuthorizeAsync(http.User, new LanguageVersion(type, Locales.Source) { ItemId = id }, ContentOperations.EditShared) is { Succeeded: false } refused)
        {
            return AgencyRefusal(refused) ?? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Your role does not allow this.");
        }

        if (ItemVersions.Precondition(http, current.Value) is { } failed)
        {
            return failed;
        }

        await editor.TrashAsync(id, ct);
        await accounts.AuditAsync(http.User.Identity!.Name!, AuditActions.Delete, $"{type}/{id}", "moved to the trash through the API", Address(http), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static Results<Ok<ManagedItemDto>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem> Answer(EditOutcome outcome, HttpContext http)
    {
        switch (outcome.Result)
        {
            case EditResult.Conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else", detail: "The item changed while this request was on its way; fetch it again and reapply your change.");
            case EditResult.Invalid:
                return TypedResults.ValidationProblem(Errors(outcome));
        }

        // The version this save wrote, as it wrote it: re-reading could describe a later save by
        // someone else, and a client chaining ETags would then overwrite it without a 412.
        http.Response.Headers.ETag = ItemVersions.ETag(outcome.Item!.Version);
        return TypedResults.Ok(ManagedItemDto.From(outcome.Item));
    }

    /// <summary>The series a body puts an issue in, when it names one.</summary>
    private static string? SeriesIn(JsonObject? shared) =>
        shared?["publication"] is JsonValue value && value.TryGetValue<string>(out var series) ? series : null;

    /// <summary>A refusal because another agency owns the item, said as such (machine-read, so in English like the API's other problems).</summary>
    private static ProblemHttpResult? AgencyRefusal(AuthorizationResult? result) =>
        result?.Failure?.FailureReasons.Select(r => r.Message).FirstOrDefault(m => m.StartsWith(Agencies.AgencyOwnershipHandler.Reason + ":", StringComparison.Ordinal)) is { } reason
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Owned by another agency",
                detail: $"This item belongs to {reason[(Agencies.AgencyOwnershipHandler.Reason.Length + 1)..]}; your agencies may not change it.")
            : null;

    /// <summary>True when the body asks for no change to the stored version beyond its status.</summary>
    private static bool Unchanged(LocalizationWriteDto body, ContentLocalization stored) =>
        (body.Fields is null || System.Text.Json.Nodes.JsonNode.DeepEquals(body.Fields, ContentJson.Parse(stored.FieldsJson)))
        && (body.Slug is null || body.Slug == stored.Slug)
        && (body.SeoTitle is null || body.SeoTitle == stored.SeoTitle)
        && (body.SeoDescription is null || body.SeoDescription == stored.SeoDescription)
        && (body.PublishAt is null || body.PublishAt.Value.ToUniversalTime() == stored.PublishAt)
        && (body.UnpublishAt is null || body.UnpublishAt.Value.ToUniversalTime() == stored.UnpublishAt);

    private static string AuditAction(LocalizationStatus status) => AuditActions.ForSave(status);

    private static LocalizationInput Input(string locale, LocalizationStatus status, LocalizationWriteDto body) =>
        new(locale, body.Fields ?? [], status, body.Slug, body.SeoTitle, body.SeoDescription, body.PublishAt?.ToUniversalTime(), body.UnpublishAt?.ToUniversalTime());

    private static Dictionary<string, string[]> Errors(EditOutcome outcome) =>
        outcome.Errors.GroupBy(e => e.Field.Length == 0 ? "item" : e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());


    private static string? Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}

/// <summary>One language to save: its fields, and (source only) the shared facts.</summary>
internal sealed record LocalizationWriteDto(
    JsonObject? Fields,
    string Status,
    JsonObject? Shared = null,
    string? Slug = null,
    string? SeoTitle = null,
    string? SeoDescription = null,
    DateTime? PublishAt = null,
    DateTime? UnpublishAt = null);

internal sealed record CreateItemDto(string Key, JsonObject? Shared, LocalizationWriteDto Source);

internal sealed record ManagedLocalizationDto(string Status, bool Live, bool Outdated, string Slug, string? SeoTitle, string? SeoDescription, DateTime? PublishAt, DateTime? UnpublishAt, JsonObject Fields);

/// <summary>An item as editors see it: working copies of every language, not just what is published.</summary>
internal sealed record ManagedItemDto(long Id, string Type, string Key, int Version, bool Trashed, JsonObject Shared, IReadOnlyDictionary<string, ManagedLocalizationDto> Locales)
{
    /// <summary>The languages the item is meant to have: its own plan, else its series', else all (read with GET).</summary>
    public IReadOnlyList<string>? PlannedLocales { get; init; }

    /// <summary>The item's own plan; null when it has none (it then follows its series, or has every language).</summary>
    public IReadOnlyList<string>? LanguagePlan { get; init; }

    /// <summary>The keys of the agencies that own the item (read with GET); empty when none does.</summary>
    public IReadOnlyList<string>? Agencies { get; init; }

    public static ManagedItemDto From(ContentItem item)
    {
        var source = item.Localizations.FirstOrDefault(l => l.Locale == Content.Locales.Source)?.ContentHash;
        return new ManagedItemDto(item.Id, item.Type, item.Key, item.Version, item.DeletedAt is not null, ContentJson.Parse(item.SharedJson),
            item.Localizations.ToDictionary(l => l.Locale, l => new ManagedLocalizationDto(
                LocalizationStatuses.ToWire(l.Status), l.PublishedRevisionId is not null,
                Translations.IsOutdated(l.Locale, l.SourceHash, source),
                l.Slug, l.SeoTitle, l.SeoDescription, l.PublishAt, l.UnpublishAt, ContentJson.Parse(l.FieldsJson))));
    }
}
