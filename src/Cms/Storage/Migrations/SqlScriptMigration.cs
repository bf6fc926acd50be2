using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

/// <summary>
/// A migration whose body is a SQL script per provider (Migrations/Sqlite/*.sql and
/// Migrations/Postgres/*.sql, embedded). EF Core's migration tooling (the Design package) is not
/// available from this project's package mirror, so the scripts are written from the model with
/// `promosite schema sqlite|postgres` and checked by a test that compares the migrated schema with
/// the one EF Core derives from the model, on both databases. EF's runtime still applies them,
/// records them in __EFMigrationsHistory and takes its migration lock.
/// </summary>
public abstract class SqlScriptMigration : Migration
{
    protected abstract string Script { get; }

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var folder = migrationBuilder.ActiveProvider switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => "Sqlite",
            "Npgsql.EntityFrameworkCore.PostgreSQL" => "Postgres",
            var other => throw new NotSupportedException($"No migration scripts for provider {other}."),
        };
        var name = $"PromoSite.Cms.Storage.Migrations.{folder}.{Script}.sql";
        using var stream = typeof(SqlScriptMigration).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Migration script {name} is not embedded.");
        using var reader = new StreamReader(stream);
        migrationBuilder.Sql(reader.ReadToEnd());
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("PromoSite migrations only go forward; restore a backup to go back.");
}
