using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Webhooks;

/// <summary>
/// Webhook subscriptions and their delivery log in the management API, for a receiving system that
/// sets itself up (the national portal) and checks what reached it. The same rules as /admin/webhooks
/// (<see cref="WebhookSubscriptionRules"/>, the SSRF guard included) and the same audit lines.
/// </summary>
internal static class WebhookApi
{
    public const int MaxDeliveries = 500;

    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/manage/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.ManageWebhooks);
        api.MapGet("", ListAsync).WithName("ListWebhooks").WithSummary("Every subscription (secrets are never shown again).");
        api.MapPost("", CreateAsync).WithName("CreateWebhook").WithSummary("Subscribes an https address to per-language events; the answer carries the signing secret, once.");
        api.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Deletes a subscription with its delivery log.");
        api.MapGet("/deliveries", DeliveriesAsync).ProducesProblem(StatusCodes.Status400BadRequest).WithName("ListWebhookDeliveries").WithSummary("The newest deliveries with every attempt, optionally of one subscription or in one state (pending, delivered, failed).");
        api.MapPost("/deliveries/{id:long}/resend", ResendAsync).WithName("ResendWebhookDelivery").WithSummary("Sends a delivery again within seconds, whatever its state; the attempts continue in its log.");
        return app;
    }

    private static async Task<Ok<List<WebhookDto>>> ListAsync(CmsDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct)).Select(WebhookDto.From).ToList());

    private static async Task<Results<Created<CreatedWebhookDto>, ValidationProblem>> CreateAsync(
        WebhookWriteDto body, HttpContext http, CmsDbContext db, IDataProtectionProvider protection, AccountService accounts, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var url = body.Url?.Trim();
        var events = (body.Events ?? []).Distinct().ToList();
        var locales = (body.Locales ?? []).Distinct().ToList();
        var problems = WebhookSubscriptionRules.Problems(url, body.Description, events, locales, options.Value.AllowPrivateTargets);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["webhook"] = [.. problems.Select(p => p.Message)] });
        }

        var secret = WebhookSubscriptionRules.NewSecret();
        var subscription = new WebhookSubscription
        {
            Url = url!, Description = string.IsNullOrWhiteSpace(body.Description) ? null : body.Description.Trim(), Events = string.Join(',', events),
            Locales = string.Join(',', locales), ProtectedSecret = WebhookSubscriptionRules.Protect(protection, secret),
            CreatedBy = http.User.Identity!.Name!, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.WebhookSubscriptions.Add(subscription);
        await accounts.AuditAsync(http.User.Identity!.Name!, AuditActions.WebhookCreate, subscription.Url, subscription.Events + " (API)", http.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/manage/webhooks/{subscription.Id}", new CreatedWebhookDto(WebhookDto.From(subscription), secret));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(long id, HttpContext http, CmsDbContext db, AccountService accounts, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return TypedResults.NotFound();
        }

        db.WebhookSubscriptions.Remove(subscription);
        await accounts.AuditAsync(http.User.Identity!.Name!, AuditActions.WebhookDelete, subscription.Url, "API", http.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<DeliveryDto>>, ProblemHttpResult>> DeliveriesAsync(CmsDbContext db, long? subscription, string? state, int? limit, CancellationToken ct)
    {
        DeliveryState? wanted = null;
        if (state is not null)
        {
            if (!state.All(char.IsAsciiLetter) || !Enum.TryParse<DeliveryState>(state, ignoreCase: true, out var parsed))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid filter", detail: "state is pending, delivered or failed.");
            }

            wanted = parsed;
        }

        if (limit is < 1 or > MaxDeliveries)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid filter", detail: $"limit is 1 to {MaxDeliveries}.");
        }

        var query = db.WebhookDeliveries.AsNoTracking().Include(d => d.Log).AsQueryable();
        if (subscription is { } id)
        {
            query = query.Where(d => d.SubscriptionId == id);
        }

        if (wanted is { } w)
        {
            query = query.Where(d => d.State == w);
        }

        var deliveries = await query.OrderByDescending(d => d.Id).Take(limit ?? 100).ToListAsync(ct);
        return TypedResults.Ok(deliveries.Select(DeliveryDto.From).ToList());
    }

    private static async Task<Results<Accepted, NotFound>> ResendAsync(long id, HttpContext http, CmsDbContext db, AccountService accounts, TimeProvider clock, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null)
        {
            return TypedResults.NotFound();
        }

        delivery.State = DeliveryState.Pending;
        delivery.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        await accounts.AuditAsync(http.User.Identity!.Name!, AuditActions.WebhookResend, $"delivery {id}", "API", http.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/v1/manage/webhooks/deliveries?subscription={delivery.SubscriptionId}");
    }
}

/// <summary>A new subscription. Locales empty or absent: every language.</summary>
internal sealed record WebhookWriteDto(string? Url, string? Description, IReadOnlyList<string>? Events, IReadOnlyList<string>? Locales);

/// <summary>A subscription as the API shows it: never its secret, which is stored encrypted.</summary>
internal sealed record WebhookDto(long Id, string Url, string? Description, IReadOnlyList<string> Events, IReadOnlyList<string> Locales, bool Active, string CreatedBy, DateTime CreatedAt)
{
    public static WebhookDto From(WebhookSubscription s) => new(
        s.Id, s.Url, s.Description, s.Events.Split(',', StringSplitOptions.RemoveEmptyEntries), s.Locales.Split(',', StringSplitOptions.RemoveEmptyEntries), s.Active, s.CreatedBy, s.CreatedAt);
}

/// <summary>The secret appears here and nowhere else: verify X-PromoSite-Signature with it.</summary>
internal sealed record CreatedWebhookDto(WebhookDto Webhook, string Secret);

internal sealed record AttemptDto(DateTime At, int? StatusCode, string? Error, int DurationMs, string? Response);

internal sealed record DeliveryDto(long Id, long SubscriptionId, string Event, string Locale, string State, int Attempts, DateTime NextAttemptAt, DateTime CreatedAt, DateTime? DeliveredAt, string Payload, IReadOnlyList<AttemptDto> Log)
{
    public static DeliveryDto From(WebhookDelivery d) => new(
        d.Id, d.SubscriptionId, d.Event, d.Locale, d.State.ToString().ToLowerInvariant(), d.Attempts, d.NextAttemptAt, d.CreatedAt, d.DeliveredAt, d.Payload,
        d.Log.OrderBy(a => a.Id).Select(a => new AttemptDto(a.At, a.StatusCode, a.Error, a.DurationMs, a.Response)).ToList());
}
