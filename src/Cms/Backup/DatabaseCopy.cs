using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using PromoSite.Cms.Processes;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Backup;

/// <summary>What the database part of a backup reports about itself: its counts (media not included) and the last migration.</summary>
internal sealed record DatabaseFacts(long Items, long Revisions, long Users, string? SchemaMigration);

/// <summary>
/// Provider-specific halves of backup and restore. SQLite copies through its online backup API
/// (one step under a read transaction, so the copy is one consistent moment while writers go on
/// in WAL mode). PostgreSQL dumps with pg_dump in custom format from a snapshot this process
/// exports, so the counts in the manifest are taken at exactly the moment the dump shows.
/// </summary>
internal static class DatabaseCopy
{
    public static async Task<DatabaseFacts> FactsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT (SELECT COUNT(*) FROM content_items), (SELECT COUNT(*) FROM revisions), (SELECT COUNT(*) FROM users)";
        long items, revisions, users;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (items, revisions, users) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\" DESC LIMIT 1";
        var migration = await command.ExecuteScalarAsync(ct) as string;
        return new DatabaseFacts(items, revisions, users, migration);
    }

    // ---- SQLite ----

    public static string SqliteFile(DatabaseSettings settings) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource);

    /// <summary>A private connection to a file (no pool), so closing it releases the file at once.</summary>
    public static SqliteConnection OpenSqliteFile(string file, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, Mode = mode, DefaultTimeout = 30 }.ToString());

    public static async Task<string> SqliteSnapshotAsync(DatabaseSettings settings, string target, CancellationToken ct)
    {
        await using (var source = new SqliteConnection(settings.ConnectionString))
        await using (var destination = OpenSqliteFile(target))
        {
            await source.OpenAsync(ct);
            await destination.OpenAsync(ct);
            // The backup API calls SQLite directly, past Microsoft.Data.Sqlite's own retry on a busy
            // database: SQLite's busy handler waits instead when a writer holds the WAL briefly.
            await using (var busy = source.CreateCommand())
            {
                busy.CommandText = "PRAGMA busy_timeout=30000;";
                await busy.ExecuteNonQueryAsync(ct);
            }

            source.BackupDatabase(destination);

            // The copy carries the source's WAL flag; as one self-contained file it is clearer in
            // rollback-journal mode (the site switches it back to WAL when it starts on it).
            await using var journal = destination.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE;";
            await journal.ExecuteNonQueryAsync(ct);
        }

        // The copy is checked before it goes into the archive: a backup never carries a damaged file.
        return await QuickCheckAsync(target, ct);
    }

    /// <summary>PRAGMA quick_check on a file: "ok", or the first problems it lists.</summary>
    public static async Task<string> QuickCheckAsync(string file, CancellationToken ct)
    {
        await using var connection = OpenSqliteFile(file, SqliteOpenMode.ReadWrite);
        await connection.OpenAsync(ct);
        return await QuickCheckAsync(connection, ct);
    }

    public static async Task<string> QuickCheckAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(10)";
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("; ", lines);
    }

    public static async Task<DatabaseFacts> SqliteFactsAsync(string file, CancellationToken ct)
    {
        await using var connection = OpenSqliteFile(file, SqliteOpenMode.ReadWrite);
        await connection.OpenAsync(ct);
        return await FactsAsync(connection, null, ct);
    }

    // ---- PostgreSQL ----

    /// <summary>
    /// Dumps the database as it was when this method's transaction exported its snapshot; the facts
    /// are read inside that same transaction.
    /// </summary>
    public static async Task<DatabaseFacts> PostgresDumpAsync(DatabaseSettings settings, string pgDump, string target, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var export = connection.CreateCommand();
        export.Transaction = transaction;
        export.CommandText = "SELECT pg_export_snapshot()";
        var snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
        var facts = await FactsAsync(connection, transaction, ct);
        await RunAsync(pgDump, settings, ["--format=custom", "--no-owner", "--snapshot=" + snapshot, "--file=" + target], ct);
        await transaction.CommitAsync(ct);
        return facts;
    }

    public static async Task PostgresRestoreAsync(DatabaseSettings settings, string pgRestore, string dump, bool clean, CancellationToken ct)
    {
        List<string> arguments = ["--no-owner", "--exit-on-error", "--single-transaction"];
        if (clean)
        {
            arguments.AddRange(["--clean", "--if-exists"]);
        }

        arguments.Add(dump);
        await RunAsync(pgRestore, settings, arguments, ct);
        NpgsqlConnection.ClearAllPools(); // pooled connections may have cached the old schema's types
    }

    public static async Task<bool> PostgresIsEmptyAsync(DatabaseSettings settings, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()";
        return (long)(await command.ExecuteScalarAsync(ct))! == 0;
    }

    /// <summary>Drops the current schema with everything in it and creates it again empty (the restore drill's wipe).</summary>
    public static async Task PostgresWipeAsync(DatabaseSettings settings, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_schema()";
        var schema = ((string)(await command.ExecuteScalarAsync(ct))!).Replace("\"", "\"\"", StringComparison.Ordinal);
        command.CommandText = $"DROP SCHEMA \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\"";
        await command.ExecuteNonQueryAsync(ct);
        NpgsqlConnection.ClearAllPools();
    }

    public static async Task<DatabaseFacts> PostgresFactsAsync(DatabaseSettings settings, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        return await FactsAsync(connection, null, ct);
    }

    /// <summary>
    /// A PostgreSQL client tool: the configured one (Backup:PgDump, Backup:PgRestore), else the
    /// newest /usr/lib/postgresql/*/bin (as scripts/postgres.sh finds the server), else one on PATH.
    /// </summary>
    public static string? FindTool(string name, IConfiguration? configuration)
    {
        var key = name == "pg_dump" ? "Backup:PgDump" : "Backup:PgRestore";
        if (configuration?[key] is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var versioned = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin", name))
                .Where(File.Exists)
                .OrderBy(path => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path))), out var v) ? v : new Version(0, 0))
                .LastOrDefault()
            : null;
        return versioned ?? (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    private static async Task RunAsync(string tool, DatabaseSettings settings, IEnumerable<string> arguments, CancellationToken ct)
    {
        var connection = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        List<string> all =
        [
            .. arguments,
            "--host=" + (connection.Host ?? "localhost"),
            "--port=" + connection.Port,
            "--username=" + connection.Username,
            "--dbname=" + connection.Database,
            "--no-password", // never wait for a password prompt; it comes from the environment
        ];
        var environment = string.IsNullOrEmpty(connection.Password) ? null : new Dictionary<string, string> { ["PGPASSWORD"] = connection.Password };
        ExternalToolResult result;
        try
        {
            // No time limit: a large database takes as long as it takes, and the caller's token still stops (and kills) it.
            result = await ExternalTool.RunAsync(tool, all, Timeout.InfiniteTimeSpan, environment, ct);
        }
        catch (ExternalToolUnavailableException e)
        {
            throw new InvalidOperationException($"{tool} could not be started: {e.Reason}", e);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{Path.GetFileName(tool)} failed (exit {result.ExitCode}): {result.Errors.Trim()}");
        }
    }
}
