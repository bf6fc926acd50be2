using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Press;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Press;

/// <summary>
/// Erases the personal data of accreditation requests older than Press:AccreditationRetentionDays,
/// once at start and then hourly; the requests stay (erased) for the counts.
/// </summary>
public sealed partial class AccreditationRetention(IServiceScopeFactory scopes, IOptions<PressOptions> options, TimeProvider clock, ILogger<AccreditationRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await EraseExpiredAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be away for a while; the next hour tries again.
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass; returns how many requests were erased.</summary>
    public async Task<int> EraseExpiredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = now.AddDays(-Math.Max(1, options.Value.AccreditationRetentionDays));
        var old = await db.AccreditationRequests.Where(r => r.ErasedAt == null && r.ReceivedAt < expired).ToListAsync(ct);
        foreach (var request in old)
        {
            request.Erase(now);
        }

        await db.SaveChangesAsync(ct);
        return old.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasing expired accreditation requests failed; trying again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
