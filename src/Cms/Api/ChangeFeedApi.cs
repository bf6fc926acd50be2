using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

using PromoSite.Cms.Changes;

namespace PromoSite.Cms.Api;

/// <summary>
/// GET /api/v1/changes: what became visible or stopped being visible, in commit order, for the
/// systems that mirror the site (the national portal, a CDN purger, a search engine's submission
/// tool). Public like the rest of the delivery API, and as safe: only visibility changes are
/// recorded (a draft never is), and an entry names an item, a language and a public URL, nothing a
/// page does not show.
/// </summary>
public static class ChangeFeedApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The <c>since</c> value that asks only for the current head: after a full resync, continue from there.</summary>
    public const string Latest = "latest";

    public static IEndpointRouteBuilder MapChangeFeedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/changes", GetChangesAsync)
            .WithTags("Changes")
            .WithName("GetChanges")
            .WithSummary("What became visible or stopped being visible since a cursor, in commit order.")
            .WithDescription(
                "Events: published, updated, slugMoved (url and oldUrl), unpublished, trashed; each with type, key, locale, public url, "
                + "revision and time. Start without `since` (from the oldest change kept) or with `since=latest` (nothing, only the cursor to "
                + "continue from after a full resync); then pass each answer's `next` as `since`. `hasMore` says to ask again at once. "
                + "`locale` and `types` (comma-separated) filter; `limit` is 1 to 1000 (100). Changes are kept `ChangeFeed:RetentionDays` "
                + "(90) days: an older cursor gets 410 Gone, and the client must resynchronise through the delivery API. Webhook payloads "
                + "carry the same cursor. Answers carry an ETag; an unchanged head answers If-None-Match with 304.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    private static async Task<Results<EtaggedJson<ChangePage>, ProblemHttpResult>> GetChangesAsync(
        HttpContext http, CmsDbContext db, ContentTypeRegistry registry, IOptions<CmsOptions> cms, IOptions<ChangeFeedOptions> options, CancellationToken ct,
        [FromQuery] string? since = null, [FromQuery] string? locale = null, [FromQuery] string? types = null, [FromQuery] string? limit = null)
    {
        var problems = new List<string>();
        long? cursor = null;
        var latest = string.Equals(since, Latest, StringComparison.Ordinal);
        if (since is { Length: > 0 } && !latest)
        {
            if (long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                cursor = parsed;
            }
            else
            {
                problems.Add($"'since' must be a cursor: the 'next' of an earlier answer (digits), or '{Latest}'.");
            }
        }

        if (locale is { Length: > 0 } && !Locales.IsSupported(locale))
        {
            problems.Add($"'{locale}' is not a supported locale. Supported: {string.Join(", ", Locales.All)}.");
        }

        var wanted = (types ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        foreach (var unknown in wanted.Where(t => registry.Find(t) is null))
        {
            problems.Add($"'{unknown}' is not a content type. Types: {string.Join(", ", registry.All.Select(t => t.Name))}.");
        }

        var take = DefaultLimit;
        if (limit is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            problems.Add($"'limit' must be a whole number from 1 to {MaxLimit}.");
        }

        if (problems.Count > 0)
        {
            return TypedResults.Problem(title: "Invalid change feed query", detail: string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest);
        }

        // The head first: every id up to it is final (ChangeFeed), so an answer that found nothing
        // more may move the cursor to it without skipping anything still to commit.
        var (head, horizon) = await ChangeFeed.BoundsAsync(db, ct);
        if (cursor < horizon || cursor > head)
        {
            var days = options.Value.RetentionDays;
            return TypedResults.Problem(
                title: cursor < horizon ? "Cursor expired" : "Unknown cursor",
                detail: (cursor < horizon
                    ? $"Changes after cursor {cursor} are no longer kept (the feed keeps {days} days; it now starts after {horizon}). "
                    : $"Cursor {cursor} is ahead of this feed (its newest is {head}): it comes from another installation or from before a restore. ")
                    + $"Resynchronise: read everything again through the delivery API, then continue from the 'next' of /api/v1/changes?since={Latest}.",
                statusCode: StatusCodes.Status410Gone,
                extensions: new Dictionary<string, object?> { ["oldest"] = horizon.ToString(CultureInfo.InvariantCulture), ["head"] = head.ToString(CultureInfo.InvariantCulture), ["retentionDays"] = days });
        }

        var from = latest ? head : cursor ?? horizon;
        var rows = from >= head ? [] : await db.ContentChanges.AsNoTracking()
            .Where(c => c.Id > from && c.Id <= head)
            .Where(c => locale == null || locale == "" || c.Locale == locale)
            .Where(c => wanted.Count == 0 || wanted.Contains(c.Type))
            .OrderBy(c => c.Id)
            .Take(take + 1)
            .ToListAsync(ct);
        var hasMore = rows.Count > take;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var baseUrl = cms.Value.BaseUrlFor(http.Request);
        var next = hasMore ? rows[^1].Id : head;
        return new EtaggedJson<ChangePage>(new ChangePage(
            [.. rows.Select(c => new ChangeEntry(
                c.Id.ToString(CultureInfo.InvariantCulture), c.Kind, c.Type, c.Key, c.Locale,
                c.Path is null ? null : baseUrl + c.Path, c.OldPath is null ? null : baseUrl + c.OldPath, c.Revision, DateTime.SpecifyKind(c.OccurredAt, DateTimeKind.Utc)))],
            next.ToString(CultureInfo.InvariantCulture),
            hasMore));
    }
}

/// <summary>One page of the feed. <c>Next</c> is the <c>since</c> of the next request (also when <c>Changes</c> is empty).</summary>
public sealed record ChangePage(IReadOnlyList<ChangeEntry> Changes, string Next, bool HasMore);

/// <summary>One change. <c>Cursor</c> is this change's position (opaque; compare webhook payloads' <c>cursor</c>).</summary>
public sealed record ChangeEntry(string Cursor, string Event, string Type, string Key, string Locale, string? Url, string? OldUrl, int? Revision, DateTime At);
