using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Changes;

/// <summary>Settings under "ChangeFeed".</summary>
public sealed class ChangeFeedOptions
{
    public const string Section = "ChangeFeed";

    /// <summary>Days a change stays in the feed; a reader whose cursor is older must resynchronise (410).</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often the retention job looks for changes to delete.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}

public static class ChangeFeedExtensions
{
    /// <summary>The change feed: the recorder every save uses, its settings and its retention job (<see cref="AddChangeFeedRetention"/> runs it).</summary>
    internal static IServiceCollection AddChangeFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChangeFeedOptions>().Bind(configuration.GetSection(ChangeFeedOptions.Section))
            .Validate(o => o.RetentionDays >= 1, "ChangeFeed:RetentionDays must be at least 1.");
        services.AddSingleton<ChangeFeedRetention>();
        return services;
    }

    /// <summary>Runs retention in the background (nodes that do background work).</summary>
    internal static IServiceCollection AddChangeFeedRetention(this IServiceCollection services) =>
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeedRetention>());
}

/// <summary>Deletes changes older than <see cref="ChangeFeedOptions.RetentionDays"/>, on one cms node at a time (lease "change-feed").</summary>
public sealed class ChangeFeedRetention(IServiceScopeFactory scopes, IJobLease lease, TimeProvider clock, IOptions<ChangeFeedOptions> options, ILogger<ChangeFeedRetention> logger)
    : LeasedRoundWorker(lease, logger)
{
    protected override string LeaseName => "change-feed";

    protected override TimeSpan Interval => options.Value.RetentionInterval;

    protected override Task RoundAsync(CancellationToken ct) => PruneAsync(ct);

    /// <summary>One round: deletes what is older than the retention; the new horizon, or null when nothing was.</summary>
    public async Task<long?> PruneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await ChangeFeed.PruneAsync(db, clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays), ct);
    }
}
