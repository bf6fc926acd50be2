namespace PromoSite.Cms.Webhooks;

/// <summary>The per-language events other systems can subscribe to.</summary>
public static class WebhookEvents
{
    public const string Published = "published";
    public const string Unpublished = "unpublished";
    public const string Outdated = "outdated";

    public static readonly IReadOnlyList<string> All = [Published, Unpublished, Outdated];
}

/// <summary>Where and what to send, set up by an administrator.</summary>
public sealed class WebhookSubscription
{
    public long Id { get; set; }

    public required string Url { get; set; }

    public string? Description { get; set; }

    /// <summary>Comma-separated <see cref="WebhookEvents"/>.</summary>
    public required string Events { get; set; }

    /// <summary>Comma-separated locales; empty means every language.</summary>
    public string Locales { get; set; } = "";

    /// <summary>The signing secret, encrypted with the site's data-protection keys.</summary>
    public required string ProtectedSecret { get; set; }

    public bool Active { get; set; } = true;

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool Wants(string @event, string locale) =>
        Active && Events.Split(',').Contains(@event) && (Locales.Length == 0 || Locales.Split(',').Contains(locale));
}

/// <summary>
/// The outbox: an event written in the same transaction as the save that caused it, so none is
/// lost and none is sent for a save that rolled back. The dispatcher turns it into deliveries.
/// </summary>
public sealed class WebhookEvent
{
    public long Id { get; set; }

    public required string Event { get; set; }

    public long ItemId { get; set; }

    public required string Type { get; set; }

    public required string Key { get; set; }

    public required string Locale { get; set; }

    public DateTime OccurredAt { get; set; }

    public bool Dispatched { get; set; }
}

public enum DeliveryState { Pending, Delivered, Failed }

/// <summary>One event for one subscription: the exact body sent, and where its retries stand.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    public long SubscriptionId { get; set; }

    public long EventId { get; set; }

    public required string Event { get; set; }

    public required string Locale { get; set; }

    public required string Payload { get; set; }

    public DeliveryState State { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public List<WebhookAttempt> Log { get; } = [];
}

/// <summary>One try: when, what came back, how long it took.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }

    public long DeliveryId { get; set; }

    public DateTime At { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }

    public int DurationMs { get; set; }

    /// <summary>The start of the receiver's answer, for debugging their side.</summary>
    public string? Response { get; set; }
}
