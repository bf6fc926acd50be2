using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Hosting;

/// <summary>
/// On PostgreSQL, listens for the NOTIFY that every content commit sends (Storage.ChangeCounters)
/// and tells this process as a local save would: the delivery snapshot reloads and cached pages
/// are evicted within milliseconds of a publish on another node, not at the next poll. The poll
/// (Cms:ChangePollInterval) stays: it covers SQLite, scheduled times, and any notification lost
/// while the listening connection was down. The node that made the change hears its own notice too
/// and reloads once more; publishes are rare, so that costs less than telling nodes apart.
/// </summary>
public sealed partial class ContentChangeListener(DatabaseSettings database, ContentChangeNotifier notifier, ILogger<ContentChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectWait = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        // A connection of its own, outside the pool (it is held for ever), with keepalives so a
        // connection dropped by a firewall or a failover is noticed and made again.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 15, ApplicationName = "promosite-listener" }.ToString();
        var reconnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, _) => notifier.NotifyChanged();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + ChangeCounters.NotifyChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (reconnected)
                {
                    notifier.NotifyChanged(); // whatever was committed while nobody listened
                }

                reconnected = true;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenFailed(logger, ex, ReconnectWait);
                reconnected = true;
                try
                {
                    await Task.Delay(ReconnectWait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for content changes failed; the poll covers until it is listening again in {Wait}")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, TimeSpan wait);
}
