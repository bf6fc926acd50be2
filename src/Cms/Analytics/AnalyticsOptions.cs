namespace PromoSite.Cms.Analytics;

public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Off: nothing is recorded and the dashboard says so.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long counted hits are kept. They hold no personal data; two years allow year-on-year comparison.</summary>
    public int RetentionDays { get; set; } = 730;

    /// <summary>Hits waiting to be written; beyond this they are dropped (and counted) rather than slowing visitors down.</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>How many hits one database write carries at most.</summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>How long the writer waits for more hits after a write that was not full.</summary>
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromSeconds(2);
}
