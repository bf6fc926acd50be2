using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Changes;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Webhooks;

/// <summary>
/// Turns outbox events into deliveries for the subscriptions that want them, and sends what is
/// due: signed, with a timeout, retried with growing waits (and a little jitter, so a receiver
/// coming back up is not hit by every retry at once), every attempt logged.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    IHttpClientFactory http,
    IDataProtectionProvider protection,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    IOptions<CmsOptions> cms,
    Hosting.IJobLease lease,
    ILogger<WebhookDispatcher> logger) : Hosting.LeasedRoundWorker(lease, logger)
{
    public const string HttpClientName = "webhooks";
    public const string SecretPurpose = "PromoSite.Webhooks.Secret";

    /// <summary>One cms node sends (a second would send every delivery twice); the others wait for its lease to lapse.</summary>
    protected override string LeaseName => "webhooks";

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override Task RoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One round: publish windows that passed become events, new events become deliveries, due deliveries are sent.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        // The change feed's entry for a passed window first, so the webhook for it can carry its cursor;
        // both at one instant, or a window closing between the two calls would get its webhook now and
        // its feed entry (the cursor) only in the next round.
        var windowsUpTo = clock.GetUtcNow().UtcDateTime;
        await scope.ServiceProvider.GetRequiredService<Changes.IPassedWindowRecorder>().RecordPassedWindowsAsync(windowsUpTo, ct);
        await WebhookOutbox.RecordPassedWindowsAsync(db, windowsUpTo, ct);
        await ExpandAsync(db, scope.ServiceProvider.GetRequiredService<ContentDeliveryService>(), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.WebhookDeliveries.Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now).OrderBy(d => d.NextAttemptAt).Take(50).ToListAsync(ct);
        foreach (var delivery in due)
        {
            var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == delivery.SubscriptionId, ct);
            if (subscription is null)
            {
                delivery.State = DeliveryState.Failed;
                continue;
            }

            await SendAsync(db, subscription, delivery, ct);
            await db.SaveChangesAsync(ct);
        }

        await db.SaveChangesAsync(ct);
        // The outbox keeps a month of dispatched events for reference; older ones go.
        var month = now.AddDays(-31);
        await db.WebhookEvents.Where(e => e.Dispatched && e.OccurredAt < month).ExecuteDeleteAsync(ct);
    }

    private async Task ExpandAsync(CmsDbContext db, ContentDeliveryService delivery, CancellationToken ct)
    {
        var events = await db.WebhookEvents.Where(e => !e.Dispatched).OrderBy(e => e.Id).Take(500).ToListAsync(ct);
        if (events.Count == 0)
        {
            return;
        }

        // The events committed with their changes, and may be read here before the writer has told this
        // process (or, on another node, before the next poll): the published snapshot must include them,
        // or a fresh Korean publish would be described by the Vietnamese fallback, with no title or URL.
        await delivery.CatchUpAsync(ct);

        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var e in events)
        {
            e.Dispatched = true;
            var wanted = subscriptions.Where(s => s.Wants(e.Event, e.Locale)).ToList();
            if (wanted.Count == 0)
            {
                continue;
            }

            var item = e.Event == WebhookEvents.Unpublished ? null : await delivery.GetByIdAsync(e.Locale, e.ItemId, ct);
            var cursor = await CursorAsync(db, e, ct);
            foreach (var subscription in wanted)
            {
                var payload = JsonSerializer.Serialize(new WebhookPayload(
                    $"{e.Id}-{subscription.Id}", e.Event, e.Locale, e.Type, e.Key, e.ItemId,
                    item is { IsFallback: false, Path: { } path } ? (cms.Value.PublicBaseUrl?.TrimEnd('/') ?? "") + path : null,
                    item is { IsFallback: false } ? item.Title : null,
                    e.OccurredAt,
                    cursor?.ToString(CultureInfo.InvariantCulture)), PayloadJson);
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    SubscriptionId = subscription.Id, EventId = e.Id, Event = e.Event, Locale = e.Locale, Payload = payload,
                    State = DeliveryState.Pending, NextAttemptAt = now, CreatedAt = now,
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The change feed entry of the same change (same item, language and moment, written in the same
    /// transaction or, for a passed window, just before): a receiver that missed deliveries reads
    /// /api/v1/changes from the last cursor it saw. None for "outdated", which changes nothing visible.
    /// </summary>
    private static async Task<long?> CursorAsync(CmsDbContext db, WebhookEvent e, CancellationToken ct)
    {
        string[] kinds = e.Event switch
        {
            WebhookEvents.Published => [Changes.ChangeKinds.Published, Changes.ChangeKinds.Updated, Changes.ChangeKinds.SlugMoved],
            WebhookEvents.Unpublished => [Changes.ChangeKinds.Unpublished, Changes.ChangeKinds.Trashed],
            _ => [],
        };
        return kinds.Length == 0 ? null : await db.ContentChanges.AsNoTracking()
            .Where(c => c.ItemId == e.ItemId && c.Locale == e.Locale && c.OccurredAt == e.OccurredAt && kinds.Contains(c.Kind))
            .OrderByDescending(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
    }

    private async Task SendAsync(CmsDbContext db, WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var attempt = new WebhookAttempt { DeliveryId = delivery.Id, At = now.UtcDateTime };
        var watch = Stopwatch.StartNew();
        try
        {
            var problem = WebhookTargets.Problem(subscription.Url, options.Value.AllowPrivateTargets);
            if (problem is not null)
            {
                throw new HttpRequestException(problem.Message);
            }

            var secret = protection.CreateProtector(SecretPurpose).Unprotect(subscription.ProtectedSecret);
            var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-PromoSite-Event", delivery.Event);
            request.Headers.Add("X-PromoSite-Delivery", delivery.Id.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-PromoSite-Timestamp", timestamp);
            request.Headers.Add("X-PromoSite-Signature", "sha256=" + Sign(secret, timestamp, delivery.Payload));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            attempt.StatusCode = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            attempt.Response = body.Length > 500 ? body[..500] : body;
            if (response.IsSuccessStatusCode)
            {
                delivery.State = DeliveryState.Delivered;
                delivery.DeliveredAt = clock.GetUtcNow().UtcDateTime;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            attempt.Error = ex is OperationCanceledException ? $"No answer within {options.Value.Timeout.TotalSeconds:0} s." : ex.Message;
        }

        attempt.DurationMs = (int)watch.ElapsedMilliseconds;
        delivery.Attempts++;
        db.WebhookAttempts.Add(attempt);
        if (delivery.State != DeliveryState.Delivered)
        {
            var delays = options.Value.Delays;
            if (delivery.Attempts > delays.Count)
            {
                delivery.State = DeliveryState.Failed;
            }
            else
            {
                var wait = delays[delivery.Attempts - 1];
                var jitter = wait * (Random.Shared.NextDouble() * 0.2);
                delivery.NextAttemptAt = clock.GetUtcNow().UtcDateTime + wait + jitter;
            }
        }
    }

    /// <summary>Hex HMAC-SHA256 of "timestamp.body": the timestamp is signed too, so an old request cannot be replayed as new.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>
/// What a receiver gets. <c>Id</c> stays the same across retries and re-sends, so receivers can ignore repeats.
/// <c>Cursor</c> is the change feed position of the same change (/api/v1/changes?since=…), absent for "outdated".
/// </summary>
internal sealed record WebhookPayload(string Id, string Event, string Locale, string Type, string Key, long ItemId, string? Url, string? Title, DateTime OccurredAt, string? Cursor);
