using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace PromoSite.Cms.Storage;

/// <summary>
/// The disk holding the database or the media is full. Nothing is lost (a failed write commits
/// nothing and an unfinished upload is deleted), but the person writing must be told.
/// </summary>
public static class StorageFull
{
    private const int SqliteFull = 13; // SQLITE_FULL
    private const string PostgresDiskFull = "53100"; // disk_full
    private const int Enospc = 28; // Linux errno, which .NET puts in IOException.HResult
    private const int WindowsDiskFull = unchecked((int)0x80070070); // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                case PostgresException { SqlState: PostgresDiskFull }:
                case IOException { HResult: Enospc or WindowsDiskFull or WindowsHandleDiskFull }:
                    return true;
            }
        }

        return false;
    }

    public const string Detail = "The server's disk is full, so nothing was saved; what was stored before is intact. Try again once an administrator has freed space.";
}

/// <summary>
/// The database server cannot be reached (PostgreSQL stopped, restarting, or the network to it
/// down). Reads go on from the last published snapshot (see ContentDeliveryService); writes are
/// refused with 503 until it is back, and /health says which content is being served.
/// </summary>
public sealed class DatabaseOutage(TimeProvider clock)
{
    private DateTimeOffset? _since;

    /// <summary>When the database was first found unreachable, while it still is; null when it answers.</summary>
    public DateTimeOffset? Since => _since;

    public void Failed() => _since ??= clock.GetUtcNow();

    public void Recovered() => _since = null;

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Class 08 is "connection exception"; 57P01-57P03 an administrator or crash shut the server down;
                // a database closed to connections says so in 55000.
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || postgres.SqlState is "57P01" or "57P02" or "57P03"
                    || (postgres.SqlState == "55000" && postgres.MessageText.Contains("not currently accepting connections", StringComparison.Ordinal)):
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    public const string Detail = "The database cannot be reached, so nothing was saved. The public site goes on serving the content published before; try again in a minute.";
}

/// <summary>/health: Degraded (still 200, the site serves) while content comes from the last snapshot because the database is unreachable.</summary>
internal sealed class DeliveryHealthCheck(DatabaseOutage outage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(outage.Since is { } since
            ? HealthCheckResult.Degraded($"the database has been unreachable since {since:yyyy-MM-dd HH:mm:ss} UTC; serving the content published before, refusing writes")
            : HealthCheckResult.Healthy("serving live content"));
}

/// <summary>
/// /health as text: the overall status on the first line (what monitors match), then one line per
/// check that is not healthy, saying why, so an operator reading it knows what is wrong.
/// </summary>
internal static class HealthText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { } why ? " (" + why + ")" : "")}");
        return context.Response.WriteAsync(string.Join('\n', [report.Status.ToString(), .. lines]));
    }
}
