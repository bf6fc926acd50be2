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

public static class TestFolders
{
    public static string Root { get; } = CreateRoot();

    public static string NewFolder(string prefix)
    {
        var path = Path.Combine(Root, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The checkout's content/ folder: the shipped sample content.</summary>
    public static string SampleContent => Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "content");

    private static string CreateRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "promosite-tests");
        Directory.CreateDirectory(root);
        return root;
    }
}
