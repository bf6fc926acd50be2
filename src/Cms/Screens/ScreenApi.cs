using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Screens;

/// <summary>A screen as the management API shows it: its settings, where it plays, and when it was last seen.</summary>
public sealed record ScreenDto(
    long Id, string Code, string Name, string? Place, string Orientation, IReadOnlyList<string> Locales, int SlideSeconds,
    IReadOnlyList<string> Rules, int ItemsPerRule, IReadOnlyList<long> ChosenItems, string Url, DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastSeenAt)
{
    public static ScreenDto From(Screen s) => new(
        s.Id, s.Code, s.Name, s.Place, s.Orientation.ToString().ToLowerInvariant(), s.LocaleList, s.SlideSeconds, s.RuleList, s.ItemsPerRule, s.ChosenItemIds,
        $"/signage/{s.Code}", s.CreatedAt, s.UpdatedAt, s.LastSeenAt);
}

/// <summary>What a client sends to register or change a screen; the same rules as the admin form (<see cref="ScreenService"/>).</summary>
public sealed record ScreenWriteDto(
    string? Name, string? Place, string? Orientation, IReadOnlyList<string>? Locales, int? SlideSeconds, IReadOnlyList<string>? Rules, int? ItemsPerRule, IReadOnlyList<long>? ChosenItems)
{
    public ScreenInput ToInput() => new(Name, Place, Orientation, Locales ?? [], SlideSeconds, Rules ?? [], ItemsPerRule, ChosenItems ?? []);
}

/// <summary>
/// Screens in the management API (/api/v1/manage/screens), for whoever runs many screens from a
/// script: the same rules and refusals as /admin/screens, the same audit lines (marked "API"), and
/// If-Match on every change of an existing screen, as the content endpoints ask, so two operators
/// never overwrite each other silently.
/// </summary>
internal static class ScreenApi
{
    public static IEndpointRouteBuilder MapScreenApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/manage/screens").WithTags("Screens").RequireAuthorization(Policies.ManageScreens);
        api.MapGet("", ListAsync).WithName("ListScreens").WithSummary("Every screen, by name, with when it was last seen.");
        api.MapGet("/{id:long}", GetAsync).WithName("GetScreen").WithSummary("One screen; its ETag is what a change sends in If-Match.");
        api.MapPost("", CreateAsync).WithName("CreateScreen").WithSummary("Registers a screen; the answer names its /signage address.");
        api.MapPut("/{id:long}", UpdateAsync).WithName("UpdateScreen").WithSummary("Replaces a screen's settings (If-Match required).");
        api.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteScreen").WithSummary("Removes a screen (If-Match required); its address stops playing.");
        return app;
    }

    private static async Task<Ok<List<ScreenDto>>> ListAsync(CmsDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.Screens.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct)).Select(ScreenDto.From).ToList());

    private static async Task<Results<Ok<ScreenDto>, NotFound>> GetAsync(long id, HttpContext http, CmsDbContext db, CancellationToken ct)
    {
        if (await db.Screens.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is not { } screen)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = ScreenSettings.ETag(screen);
        return TypedResults.Ok(ScreenDto.From(screen));
    }

    private static async Task<Results<Created<ScreenDto>, ValidationProblem>> CreateAsync(ScreenWriteDto body, HttpContext http, ScreenService screens, CancellationToken ct)
    {
        var (screen, problems) = await screens.CreateAsync(body.ToInput(), Actor(http), ct);
        if (screen is null)
        {
            return Refused(problems);
        }

        http.Response.Headers.ETag = ScreenSettings.ETag(screen);
        return TypedResults.Created($"/api/v1/manage/screens/{screen.Id}", ScreenDto.From(screen));
    }

    private static async Task<Results<Ok<ScreenDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, ScreenWriteDto body, HttpContext http, CmsDbContext db, ScreenService screens, CancellationToken ct)
    {
        if (await db.Screens.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is not { } current)
        {
            return TypedResults.NotFound();
        }

        if (Precondition(http, current) is { } refusal)
        {
            return refusal;
        }

        var (screen, problems) = await screens.UpdateAsync(id, body.ToInput(), Actor(http), ct);
        if (problems.Count > 0 || screen is null)
        {
            return Refused(problems);
        }

        http.Response.Headers.ETag = ScreenSettings.ETag(screen);
        return TypedResults.Ok(ScreenDto.From(screen));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(long id, HttpContext http, CmsDbContext db, ScreenService screens, CancellationToken ct)
    {
        if (await db.Screens.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is not { } current)
        {
            return TypedResults.NotFound();
        }

        if (Precondition(http, current) is { } refusal)
        {
            return refusal;
        }

        return await screens.DeleteAsync(id, Actor(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static ScreenActor Actor(HttpContext http) => new(http.User.Identity!.Name!, http.Connection.RemoteIpAddress?.ToString(), "API");

    private static ValidationProblem Refused(IReadOnlyList<Content.FieldError> problems) =>
        TypedResults.ValidationProblem(problems.GroupBy(p => p.Field.Length == 0 ? "screen" : p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));

    /// <summary>A missing If-Match is 428, a stale one 412 with the current ETag: nothing is changed either way.</summary>
    private static ProblemHttpResult? Precondition(HttpContext http, Screen screen)
    {
        var etag = ScreenSettings.ETag(screen);
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: "Send the ETag you read the screen with in If-Match, so that a change made meanwhile is not overwritten.");
        }

        if (ifMatch.Trim() != etag)
        {
            http.Response.Headers.ETag = etag;
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else",
                detail: "The screen was changed since you read it; fetch it again and reapply your change.");
        }

        return null;
    }
}
