namespace PromoSite.Cms.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How often the dispatcher looks for new events and due retries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan[] DefaultDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    /// <summary>
    /// The waits between attempts (Webhooks:RetryDelays:0, :1, ...); after the last one the
    /// delivery is marked failed (it can still be sent again by hand). Unset: 1 min, 5 min, 30 min, 2 h, 12 h.
    /// </summary>
    public TimeSpan[]? RetryDelays { get; set; }

    public IReadOnlyList<TimeSpan> Delays => RetryDelays is { Length: > 0 } configured ? configured : DefaultDelays;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Allow targets on loopback, private and link-local addresses (and plain http). Off in
    /// production: a webhook must not be a way to make the server call its own network (SSRF).
    /// </summary>
    public bool AllowPrivateTargets { get; set; }
}
