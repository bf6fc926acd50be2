using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

public sealed class StorageTests
{
    [Fact]
    public async Task Sqlite_runs_in_wal_mode_with_full_sync_foreign_keys_and_a_busy_timeout()
    {
        await using var cms = await CmsHarness.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = cms.NewContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal("2", await ScalarAsync(connection, "PRAGMA synchronous")); // 2 = FULL
        Assert.Equal("1", await ScalarAsync(connection, "PRAGMA foreign_keys"));
        Assert.Equal("10000", await ScalarAsync(connection, "PRAGMA busy_timeout"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Identifiers_are_never_reused_after_the_newest_row_is_deleted(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        await using var db = cms.NewContext();
        var now = DateTime.UtcNow;
        var first = new ContentItem { Type = "pages", Key = "a", CreatedAt = now, UpdatedAt = now };
        db.Items.Add(first);
        await db.SaveChangesAsync();
        db.Items.Remove(first);
        await db.SaveChangesAsync();
        var second = new ContentItem { Type = "pages", Key = "b", CreatedAt = now, UpdatedAt = now };
        db.Items.Add(second);
        await db.SaveChangesAsync();

        Assert.True(second.Id > first.Id, $"id {first.Id} was given again");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_migrated_schema_matches_the_model(DatabaseProvider provider)
    {
        await using var migrated = await CmsHarness.CreateAsync(provider);
        await using var fromModel = await TestDatabase.CreateAsync(provider);
        await using (var db = fromModel.CreateContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        await using var a = migrated.NewContext();
        await using var b = fromModel.CreateContext();
        var expected = await DescribeSchemaAsync(b, provider);
        var actual = await DescribeSchemaAsync(a, provider);
        Assert.Equal(expected, actual);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Migrating_twice_is_harmless(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        await using var db = cms.NewContext();
        await db.MigrateAsync();
        Assert.Equal(1, await db.ChangeCounters.CountAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_save_bumps_the_change_counter_other_nodes_poll(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        await cms.EditAsync((e, _) => e.CreateAsync("pages", "p", [], new LocalizationInput("vi", new JsonObject { ["title"] = "Giới thiệu" }, LocalizationStatus.Published), "t"));
        await using var db = cms.NewContext();
        Assert.Equal(1, (await db.ChangeCounters.SingleAsync()).Value);
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Tables, columns (type, nullability) and indexes, excluding EF's migration history.</summary>
    private static async Task<List<string>> DescribeSchemaAsync(CmsDbContext db, DatabaseProvider provider)
    {
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var rows = new List<string>();
        var sql = provider == DatabaseProvider.Sqlite
            ? """
              SELECT m.name || '.' || p.name || ' ' || p.type || ' ' || p."notnull" || ' ' || p.pk
              FROM sqlite_master m JOIN pragma_table_info(m.name) p
              WHERE m.type = 'table' AND m.name NOT LIKE '\_\_%' ESCAPE '\' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'search_index%'
              UNION ALL
              SELECT 'index ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name NOT LIKE '\_\_%' ESCAPE '\' AND tbl_name NOT LIKE 'search_index%'
              """
            : """
              SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || COALESCE(character_maximum_length::text, '') || ' ' || is_nullable || ' ' || COALESCE(identity_generation, '')
              FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_%' AND table_name <> 'search_index'
              UNION ALL
              SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_%' AND tablename <> 'search_index'
              """;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
