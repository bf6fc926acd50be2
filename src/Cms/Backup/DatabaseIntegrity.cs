using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Backup;

public sealed record IntegrityReport(bool Passed, string Detail);

/// <summary>
/// SQLite's quick_check, run once when the site starts (a damaged copy otherwise starts normally
/// and serves what it can), logged, and reported by /health. It runs in the background so a large
/// database does not delay the start; /health waits for it. PostgreSQL checks its own pages.
/// </summary>
public sealed partial class DatabaseIntegrity(DatabaseSettings database, ILogger<DatabaseIntegrity> logger)
{
    private readonly Lazy<Task<IntegrityReport>> _report = new(() => Task.Run(() => RunAsync(database, logger)));

    public Task<IntegrityReport> CheckAsync() => _report.Value;

    private static async Task<IntegrityReport> RunAsync(DatabaseSettings database, ILogger logger)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return new IntegrityReport(true, "not applicable to PostgreSQL");
        }

        try
        {
            var file = DatabaseCopy.SqliteFile(database);
            if (!File.Exists(file))
            {
                return new IntegrityReport(true, "no database file yet");
            }

            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync();
            var result = await DatabaseCopy.QuickCheckAsync(connection, CancellationToken.None);
            var report = new IntegrityReport(result == "ok", "quick_check: " + result);
            if (report.Passed)
            {
                LogPassed(logger, file);
            }
            else
            {
                LogFailed(logger, file, result);
            }

            return report;
        }
        catch (SqliteException e)
        {
            LogFailed(logger, database.ConnectionString, e.Message);
            return new IntegrityReport(false, "quick_check could not run: " + e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite quick_check of {File}: ok")]
    private static partial void LogPassed(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Critical, Message = "SQLite quick_check of {File} FAILED: {Result}. The database is damaged: stop the site and restore the last backup (see README, Backups).")]
    private static partial void LogFailed(ILogger logger, string file, string result);
}

/// <summary>Starts the check as the host starts, without waiting for it.</summary>
internal sealed class IntegrityCheckAtStart(DatabaseIntegrity integrity) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = integrity.CheckAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class IntegrityHealthCheck(DatabaseIntegrity integrity) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await integrity.CheckAsync().WaitAsync(cancellationToken);
        return report.Passed ? HealthCheckResult.Healthy(report.Detail) : HealthCheckResult.Unhealthy(report.Detail);
    }
}

internal static class IntegrityExtensions
{
    /// <summary>The start-time integrity check and its /health entry ("integrity").</summary>
    public static IHealthChecksBuilder AddDatabaseIntegrityCheck(this IHealthChecksBuilder builder)
    {
        builder.Services.TryAddSingleton<DatabaseIntegrity>();
        builder.Services.AddHostedService<IntegrityCheckAtStart>();
        return builder.AddCheck<IntegrityHealthCheck>("integrity", HealthStatus.Unhealthy, ["ready"]);
    }
}
