using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Hosting;

/// <summary>
/// /health/ready: may this node be sent traffic? The database answers, its schema has every
/// migration this build knows (a node started against a database another version migrated, or
/// one not migrated yet, is not ready), and the published snapshot is loaded. A site node that
/// loses the database but has its snapshot stays ready as Degraded (200): it goes on serving the
/// last published content, which beats taking every public node out at once. A cms or all node
/// without its database cannot do its work and is not ready (503).
/// </summary>
internal sealed class ReadinessCheck(IServiceScopeFactory scopes, IContentDelivery delivery, IConfiguration configuration) : IHealthCheck
{
    public const string Tag = "ready";

    /// <summary>The check's registered name.</summary>
    public const string Name = "readiness";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        bool snapshot;
        try
        {
            await delivery.GetContentVersionAsync(cancellationToken); // loads it the first time; then answers from memory
            snapshot = true;
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            snapshot = false;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return Unreachable(snapshot);
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, the newest {pending[^1]}: run the migrate verb (or start a cms node) first");
            }
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            return Unreachable(snapshot);
        }

        return snapshot ? HealthCheckResult.Healthy("database reachable, schema up to date, snapshot loaded")
            : HealthCheckResult.Unhealthy("the published content could not be loaded");
    }

    private HealthCheckResult Unreachable(bool snapshot) =>
        NodeRoles.Read(configuration) == NodeRole.Site && snapshot
            ? HealthCheckResult.Degraded("the database is unreachable; serving the last published snapshot")
            : HealthCheckResult.Unhealthy("the database is unreachable");
}
