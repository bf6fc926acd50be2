using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Changes;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Webhooks;

namespace PromoSite.Cms.Metrics;

/// <summary>A background queue whose length is worth watching: its name (the <c>queue</c> label) and how to count it cheaply.</summary>
public sealed record JobQueue(string Name, Func<IServiceProvider, long> Count);

public static class SiteMetricsExtensions
{
    /// <summary>The PromoSite meter and the queues every node can count (webhooks, image derivatives; the web host adds enquiry mail).</summary>
    internal static IServiceCollection AddSiteMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<SiteMetrics>();
        services.AddSingleton<PublishVisibility>();
        services.AddSingleton<DerivativeBacklog>();
        services.AddSingleton(new JobQueue("webhooks", sp => sp.GetRequiredService<CmsDbContext>().WebhookDeliveries.Count(d => d.State == DeliveryState.Pending)));
        services.AddSingleton(new JobQueue("derivatives", sp => sp.GetRequiredService<DerivativeBacklog>().Count(sp)));
        return services;
    }
}

/// <summary>
/// PromoSite's own measurements, on the "PromoSite" meter (exported with the ASP.NET Core,
/// HttpClient and runtime ones at /metrics, see docs/deploy.md): output-cache hits and misses, the
/// time from a change taking effect to this node serving it, and the length of the job queues.
/// </summary>
public sealed class SiteMetrics
{
    public const string MeterName = "PromoSite";

    private readonly Counter<long> _cacheLookups;
    private readonly Histogram<double> _publishToVisible;

    public SiteMetrics(IMeterFactory meters, IServiceScopeFactory scopes, IEnumerable<JobQueue> queues)
    {
        var meter = meters.Create(MeterName);
        _cacheLookups = meter.CreateCounter<long>("promosite.output_cache.lookups", description: "Public requests the output cache could answer: result=hit (served from memory) or miss (rendered).");
        _publishToVisible = meter.CreateHistogram<double>(
            "promosite.publish_to_visible", unit: "s",
            description: "From a change taking effect (its commit, or a publish time passing) to this node evicting its caches for it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30] });
        var list = queues.ToList();
        meter.CreateObservableGauge("promosite.jobs.pending", () => Measure(scopes, list), description: "Work waiting in a background queue (webhook deliveries, enquiry mails, image derivatives).");
    }

    public void CacheHit() => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", "hit"));

    public void CacheMiss() => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", "miss"));

    public void PublishedToVisible(TimeSpan elapsed) => _publishToVisible.Record(Math.Max(0, elapsed.TotalSeconds));

    // Read at scrape time only (every 15 s or so), each a count over an index; a database that is
    // down leaves the gauge out of that scrape rather than failing it.
    private static List<Measurement<long>> Measure(IServiceScopeFactory scopes, List<JobQueue> queues)
    {
        var measurements = new List<Measurement<long>>(queues.Count);
        using var scope = scopes.CreateScope();
        foreach (var queue in queues)
        {
            try
            {
                measurements.Add(new Measurement<long>(queue.Count(scope.ServiceProvider), new KeyValuePair<string, object?>("queue", queue.Name)));
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
            {
                // Not measured this time.
            }
        }

        return measurements;
    }
}

/// <summary>
/// Measures publish-to-visible on this node: each time the node learns that content changed (its
/// own save, a NOTIFY, the poll), the change feed entries it has not seen yet are timed from when
/// they took effect. Entries older than an hour (a node that was down, a window told late) are
/// not latency and are skipped.
/// </summary>
public sealed class PublishVisibility(IServiceScopeFactory scopes, SiteMetrics metrics, TimeProvider clock)
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private long? _seen;

    public async Task ObserveAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            if (_seen is not { } seen)
            {
                _seen = (await ChangeFeed.BoundsAsync(db, ct)).Head; // what was there before this node started is not news
                return;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var fresh = await db.ContentChanges.AsNoTracking().Where(c => c.Id > seen).OrderBy(c => c.Id).Take(1000).Select(c => new { c.Id, c.OccurredAt }).ToListAsync(ct);
            foreach (var change in fresh)
            {
                var elapsed = now - DateTime.SpecifyKind(change.OccurredAt, DateTimeKind.Utc);
                if (elapsed < TimeSpan.FromHours(1))
                {
                    metrics.PublishedToVisible(elapsed);
                }

                _seen = change.Id;
            }
        }
        finally
        {
            _one.Release();
        }
    }
}

/// <summary>
/// Image files that still lack derivatives, for the <c>derivatives</c> queue gauge. Finding them
/// reads every media item and asks the store, so the count is kept for a minute rather than
/// recounted at every scrape.
/// </summary>
internal sealed class DerivativeBacklog(Media.MediaDerivatives derivatives, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private (long Count, DateTimeOffset At)? _last;

    public long Count(IServiceProvider services)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && now - last.At < TimeSpan.FromMinutes(1))
            {
                return last.Count;
            }

            var files = services.GetRequiredService<CmsDbContext>().Items.AsNoTracking().Where(i => i.Type == Content.MediaAsset.Key).Select(i => i.SharedJson).ToList()
                .Select(json => System.Text.Json.Nodes.JsonNode.Parse(json)?["file"]?.GetValue<string>())
                .OfType<string>().Distinct(StringComparer.Ordinal);
            // A gauge's callback is synchronous; with the S3 store each check is a request, which is
            // why the count is kept for a minute rather than taken at every scrape.
            var count = files.LongCount(file => Media.MediaDerivatives.CanDerive(file) && !derivatives.IsDoneAsync(file, CancellationToken.None).GetAwaiter().GetResult());
            _last = (count, now);
            return count;
        }
    }
}
