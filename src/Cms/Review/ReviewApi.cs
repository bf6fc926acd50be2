using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Review;

/// <summary>
/// The review desk in the management API: the queue, approving, sending back, the comment thread
/// and the fast lane, under the same policies as the admin pages (the group's staff policy, a
/// named policy per endpoint, the language decided by the registered resource handler). Actions
/// that change a language carry the item's ETag in If-Match, like every other write: 428 without
/// it, 412 when stale.
/// </summary>
public static class ReviewApi
{
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/manage").WithTags("Review").RequireAuthorization(Policies.Staff);
        api.MapGet("/review/queue", QueueAsync).RequireAuthorization(Policies.ReviewQueue)
            .WithName("ReviewQueue").WithSummary("Language versions awaiting review that you may publish, urgent (fast lane) first; filters locale, type.");
        api.MapPost("/{type}/{id:long}/{locale}/approve", ApproveAsync).RequireAuthorization(Policies.ReviewQueue)
            .WithName("ApproveLocalization").WithSummary("Publishes a language in review exactly as submitted (If-Match required).");
        api.MapPost("/{type}/{id:long}/{locale}/send-back", SendBackAsync).RequireAuthorization(Policies.ReviewQueue)
            .WithName("SendBackLocalization").WithSummary("Returns a language in review to draft with a note for its translator (If-Match required).");
        api.MapGet("/{type}/{id:long}/{locale}/comments", CommentsAsync).RequireAuthorization(Policies.ReadContent)
            .WithName("LocalizationComments").WithSummary("The thread of a language version: comments, send-back notes, approvals.");
        api.MapPost("/{type}/{id:long}/{locale}/comments", CommentAsync).RequireAuthorization(Policies.CommentOnContent)
            .WithName("CommentOnLocalization").WithSummary("Adds a comment (1 to 1000 characters) to a language version's thread.");
        api.MapPost("/{type}/{id:long}/fast-lane", FastLaneAsync).RequireAuthorization(Policies.AssignTranslations)
            .WithName("StartFastLane").WithSummary("Publishes the Vietnamese if needed and gives every language not live to a translator with a short due time (If-Match required).");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ReviewRow>>> QueueAsync(string? locale, string? type, HttpContext http, ReviewDesk desk, CancellationToken ct)
    {
        var mine = Locales.All.Where(l => Permissions.CanPublish(http.User, l)).ToList();
        var filter = new ReviewFilter(mine, Locales.IsSupported(locale) ? locale : null, string.IsNullOrWhiteSpace(type) ? null : type);
        return TypedResults.Ok(await desk.QueueAsync(filter, ct));
    }

    private static Task<Results<NoContent, NotFound, ForbidHttpResult, ProblemHttpResult>> ApproveAsync(
        string type, long id, string locale, HttpContext http, CmsDbContext db, ReviewDesk desk, IAuthorizationService authorization, CancellationToken ct) =>
        DecideAsync(type, id, locale, http, db, authorization, version => desk.ApproveAsync(id, locale, version, http.User.Identity!.Name!, Address(http), ct), ct);

    private static Task<Results<NoContent, NotFound, ForbidHttpResult, ProblemHttpResult>> SendBackAsync(
        string type, long id, string locale, NoteDto body, HttpContext http, CmsDbContext db, ReviewDesk desk, IAuthorizationService authorization, CancellationToken ct) =>
        DecideAsync(type, id, locale, http, db, authorization, version => desk.SendBackAsync(id, locale, version, body?.Note, http.User.Identity!.Name!, Address(http), ct), ct);

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult, ProblemHttpResult>> DecideAsync(
        string type, long id, string locale, HttpContext http, CmsDbContext db, IAuthorizationService authorization, Func<int, Task<ReviewOutcome>> decide, CancellationToken ct)
    {
        if (!Locales.IsSupported(locale))
        {
            return TypedResults.NotFound();
        }

        var version = await db.Items.AsNoTracking().Where(i => i.Id == id && i.Type == type && i.DeletedAt == null).Select(i => (int?)i.Version).FirstOrDefaultAsync(ct);
        if (version is null)
        {
            return TypedResults.NotFound();
        }

        if (!await MayAsync(authorization, http, new LanguageVersion(type, locale) { ItemId = id }, ContentOperations.Publish))
        {
            return TypedResults.Forbid();
        }

        if (ItemVersions.Precondition(http, version.Value) is { } failed)
        {
            return failed;
        }

        var outcome = await decide(version.Value);
        if (outcome.Succeeded)
        {
            http.Response.Headers.ETag = ItemVersions.ETag(outcome.Edit!.Item!.Version);
            return TypedResults.NoContent();
        }

        return outcome.Problem == ReviewProblem.NotFound ? TypedResults.NotFound() : Problem(outcome.Problem, outcome.Edit);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReviewNoteRow>>, NotFound>> CommentsAsync(string type, long id, string locale, CmsDbContext db, ReviewDesk desk, CancellationToken ct) =>
        Locales.IsSupported(locale) && await db.Items.AnyAsync(i => i.Id == id && i.Type == type, ct)
            ? TypedResults.Ok(await desk.NotesAsync(id, locale, ct))
            : TypedResults.NotFound();

    private static async Task<Results<Created, NotFound, ForbidHttpResult, ProblemHttpResult>> CommentAsync(
        string type, long id, string locale, CommentDto body, HttpContext http, CmsDbContext db, ReviewDesk desk, IAuthorizationService authorization, CancellationToken ct)
    {
        if (!Locales.IsSupported(locale) || !await db.Items.AnyAsync(i => i.Id == id && i.Type == type && i.DeletedAt == null, ct))
        {
            return TypedResults.NotFound();
        }

        if (!await MayAsync(authorization, http, new LanguageVersion(type, locale) { ItemId = id }, ContentOperations.Comment))
        {
            return TypedResults.Forbid();
        }

        var problem = await desk.CommentAsync(id, locale, body?.Text, http.User.Identity!.Name!, ct);
        return problem == ReviewProblem.None ? TypedResults.Created($"/api/v1/manage/{type}/{id}/{locale}/comments") : Problem(problem, null);
    }

    private static async Task<Results<Ok<IReadOnlyList<FastLaneLanguage>>, NotFound, ForbidHttpResult, ProblemHttpResult>> FastLaneAsync(
        string type, long id, FastLaneDto? body, HttpContext http, CmsDbContext db, FastLaneService lane, IAuthorizationService authorization, CancellationToken ct)
    {
        var version = await db.Items.AsNoTracking().Where(i => i.Id == id && i.Type == type && i.DeletedAt == null).Select(i => (int?)i.Version).FirstOrDefaultAsync(ct);
        if (version is null)
        {
            return TypedResults.NotFound();
        }

        if (!await MayAsync(authorization, http, new LanguageVersion(type, Locales.Source) { ItemId = id }, ContentOperations.Publish))
        {
            return TypedResults.Forbid();
        }

        if (ItemVersions.Precondition(http, version.Value) is { } failed)
        {
            return failed;
        }

        var outcome = await lane.StartAsync(id, version, body?.Assignees ?? new Dictionary<string, long>(), http.User.Identity!.Name!, Address(http), ct);
        if (!outcome.Succeeded)
        {
            return Problem(outcome.Problem, outcome.Edit);
        }

        http.Response.Headers.ETag = ItemVersions.ETag(await db.Items.AsNoTracking().Where(i => i.Id == id).Select(i => i.Version).FirstAsync(ct));
        return TypedResults.Ok(outcome.Languages);
    }

    /// <summary>The item's own decision (its language, and the agency that owns it).</summary>
    private static async Task<bool> MayAsync(IAuthorizationService authorization, HttpContext http, LanguageVersion version, OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(http.User, version, operation)).Succeeded;

    private static ProblemHttpResult Problem(ReviewProblem problem, Editing.EditOutcome? edit) => problem switch
    {
        ReviewProblem.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else", detail: "The item changed while this request was on its way; fetch it again."),
        ReviewProblem.NotInReview => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not in review", detail: "Only a language submitted for review can be approved or sent back."),
        ReviewProblem.NoteRequired => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Text required", detail: "Say what should change: the text may not be empty."),
        ReviewProblem.NoteTooLong => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Text too long", detail: $"At most {ReviewNote.MaxLength} characters."),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Refused", detail: string.Join(" ", edit?.Errors.Select(e => e.Message) ?? [])),
    };


    private static string? Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}

/// <summary>A send-back: why the language goes back to its translator.</summary>
public sealed record NoteDto(string? Note);

public sealed record CommentDto(string? Text);

/// <summary>The fast lane's optional choice of translator per language ({"ko": 12}); others get the least busy translator of the language.</summary>
public sealed record FastLaneDto(Dictionary<string, long>? Assignees);
