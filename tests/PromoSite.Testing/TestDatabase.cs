using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PromoSite.Cms.Storage;

namespace PromoSite.Testing;

/// <summary>
/// A fresh, empty database for one test, on either provider, dropped afterwards. PostgreSQL comes
/// from the server that scripts/test.sh starts (PROMOSITE_TEST_POSTGRES); without it the
/// PostgreSQL half of the suite fails with a message saying how to run it, rather than skipping.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PROMOSITE_TEST_POSTGRES";

    private readonly string? _sqliteFile;
    private readonly string? _postgresName;
    private readonly string? _postgresServer;

    private TestDatabase(DatabaseSettings settings, string? sqliteFile, string? postgresName, string? postgresServer)
    {
        Settings = settings;
        _sqliteFile = sqliteFile;
        _postgresName = postgresName;
        _postgresServer = postgresServer;
    }

    public DatabaseSettings Settings { get; }

    public DatabaseProvider Provider => Settings.Provider;

    /// <summary>The configuration key and value that point the application at this database.</summary>
    public KeyValuePair<string, string> ConnectionSetting => Provider == DatabaseProvider.Postgres
        ? new("ConnectionStrings:Postgres", Settings.ConnectionString)
        : new("ConnectionStrings:Sqlite", Settings.ConnectionString);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(TestFolders.Root, $"db-{Guid.NewGuid():N}.db");
            var builder = new SqliteConnectionStringBuilder { DataSource = file, ForeignKeys = true, Pooling = false, DefaultTimeout = 30 };
            return new TestDatabase(new DatabaseSettings(DatabaseProvider.Sqlite, builder.ToString()), file, null, null);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set, so there is no PostgreSQL server for the PostgreSQL half of the tests. Run the suite with scripts/test.sh, which installs and starts one.");
        }

        var name = $"promosite_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var settings = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true, IncludeErrorDetail = true };
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres, settings.ToString()), null, name, server);
    }

    /// <summary>
    /// A new database holding a copy of everything in <paramref name="template"/>, which must be closed
    /// for copying (<see cref="CloseForCopyingAsync"/>) and stay unchanged while copies are made.
    /// </summary>
    public static async Task<TestDatabase> CopyOfAsync(TestDatabase template)
    {
        if (template._sqliteFile is not null)
        {
            var file = Path.Combine(TestFolders.Root, $"db-{Guid.NewGuid():N}.db");
            File.Copy(template._sqliteFile, file);
            var builder = new SqliteConnectionStringBuilder(template.Settings.ConnectionString) { DataSource = file };
            return new TestDatabase(new DatabaseSettings(DatabaseProvider.Sqlite, builder.ToString()), file, null, null);
        }

        var name = $"promosite_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(template._postgresServer))
        {
            await connection.OpenAsync();
            // PostgreSQL copies a template only while nobody is connected to it; copies made at the same
            // time from the postgres database do not count.
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template._postgresName}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var settings = new NpgsqlConnectionStringBuilder(template.Settings.ConnectionString) { Database = name };
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres, settings.ToString()), null, name, template._postgresServer);
    }

    /// <summary>
    /// Leaves nothing open on this database, so that it can be copied: SQLite's write-ahead log folded
    /// into the file, PostgreSQL's pooled and any other connections to it closed.
    /// </summary>
    public async Task CloseForCopyingAsync()
    {
        if (_sqliteFile is not null)
        {
            await using (var sqlite = new SqliteConnection(Settings.ConnectionString))
            {
                await sqlite.OpenAsync();
                await using var checkpoint = new SqliteCommand("PRAGMA wal_checkpoint(TRUNCATE);", sqlite);
                await checkpoint.ExecuteNonQueryAsync();
            }

            SqliteConnection.ClearAllPools();
            return;
        }

        await using (var pooled = new NpgsqlConnection(Settings.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(_postgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("name", _postgresName!);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops this database synchronously, for a process that is exiting (no awaiting there).</summary>
    public void DropNow()
    {
        try
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // The server may already be gone at exit (scripts/test.sh stops it); it held only test data.
        }
    }

    public CmsDbContext CreateContext()
    {
        var builder = new DbContextOptionsBuilder<CmsDbContext>();
        StorageExtensions.Configure(builder, Settings);
        return new CmsDbContext(builder.Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>
/// Where tests put their files: one folder per test process under /tmp/promosite-tests, removed when
/// the process exits. A run that was killed leaves its folder; the first use in a later process removes
/// what is older than a day, but never the folder of a process still running (its id is in the name).
/// </summary>
public static class TestFolders
{
    private const string RunPrefix = "run-";

    private static readonly string Top = Path.Combine(Path.GetTempPath(), "promosite-tests");

    public static string Root { get; } = CreateRoot();

    public static string NewFolder(string prefix)
    {
        var path = Path.Combine(Root, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a folder this process made; a leftover is removed with the process's folder at exit.</summary>
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Never fail a test over cleanup (a file still held open by a stopping server, say).
        }
    }

    /// <summary>The checkout's content/ folder: the shipped sample content.</summary>
    public static string SampleContent => Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "content");

    private static string CreateRoot()
    {
        Directory.CreateDirectory(Top);
        // In the background: the first run after this change finds tens of thousands of old entries.
        _ = Task.Run(() => RemoveStale(DateTime.UtcNow.AddDays(-1)));
        var root = Path.Combine(Top, $"{RunPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(root);
        return root;
    }

    private static void RemoveStale(DateTime before)
    {
        foreach (var entry in new DirectoryInfo(Top).EnumerateFileSystemInfos())
        {
            try
            {
                if (entry.LastWriteTimeUtc >= before || IsLiveRun(entry.Name))
                {
                    continue;
                }

                if (entry is DirectoryInfo folder)
                {
                    folder.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process removing the same entry, or a file it still holds: leave it for next time.
            }
        }
    }

    /// <summary>A run folder whose process is still running (run-{process id}-{guid}).</summary>
    private static bool IsLiveRun(string name)
    {
        if (!name.StartsWith(RunPrefix, StringComparison.Ordinal)
            || !int.TryParse(name.AsSpan(RunPrefix.Length, Math.Max(0, name.IndexOf('-', RunPrefix.Length) - RunPrefix.Length)), out var id))
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
