using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PromoSite.Cms.Storage;

public enum DatabaseProvider { Sqlite, Postgres }

public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>
    /// PostgreSQL when ConnectionStrings:Postgres is set; otherwise SQLite, at
    /// ConnectionStrings:Sqlite or promosite.db in the data folder.
    /// </summary>
    public static DatabaseSettings From(IConfiguration configuration, DataFolder data)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return new DatabaseSettings(DatabaseProvider.Postgres, postgres);
        }

        var sqlite = configuration.GetConnectionString("Sqlite");
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(sqlite) ? $"Data Source={data.Combine("promosite.db")}" : sqlite)
        {
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new DatabaseSettings(DatabaseProvider.Sqlite, builder.ToString());
    }
}

public static class StorageExtensions
{
    public static IServiceCollection AddCmsStorage(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        // Features add their save hooks as ISaveChangesInterceptor services (Agencies fills in the audit log's agency);
        // they are singletons, so the options are built once, not per request. Contexts are pooled: building one per
        // request (options checks, the service-provider lookup, its state objects) was about a twentieth of an
        // uncached page's server time in a profile (issue 16), and nothing here changes a context's settings after
        // creation, which is what a pooled context would carry over.
        services.AddDbContextPool<CmsDbContext>(
            (sp, options) =>
            {
                Configure(options, settings);
                options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor>());
            });
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        switch (settings.Provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(settings.ConnectionString);
                break;
            default:
                options.UseSqlite(settings.ConnectionString).AddInterceptors(SqliteDurability.Instance);
                break;
        }

        // Migrations are SQL scripts checked against the model by a test (see SqlScriptMigration);
        // there is no EF model snapshot for this warning to compare with.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>Brings the schema up to date. SQLite is switched to WAL first (a property of the file).</summary>
    public static async Task MigrateAsync(this CmsDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>The CREATE script EF Core derives from the model, for writing the next migration.</summary>
    public static string CreateScript(DatabaseProvider provider)
    {
        var builder = new DbContextOptionsBuilder<CmsDbContext>();
        Configure(builder, new DatabaseSettings(provider, provider == DatabaseProvider.Postgres ? "Host=localhost" : "Data Source=:memory:"));
        using var db = new CmsDbContext(builder.Options);
        return db.Database.GenerateCreateScript();
    }
}

/// <summary>
/// Per-connection SQLite settings that make an acknowledged save durable: full fsync on commit
/// (WAL's default, NORMAL, can lose the last commits on power loss), foreign keys enforced, and a
/// busy timeout so concurrent writers wait instead of failing.
/// </summary>
internal sealed class SqliteDurability : DbConnectionInterceptor
{
    public static readonly SqliteDurability Instance = new();

    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
