using Microsoft.Data.Sqlite;

namespace PromoSite.Testing;

/// <summary>
/// A SQLite file that opens and answers ordinary queries but fails an integrity check: the pages of
/// a table nothing reads are overwritten, as a torn copy of a live file would leave them.
/// </summary>
public static class DamagedSqlite
{
    public static async Task<string> CreateAsync()
    {
        var file = Path.Combine(TestFolders.Root, $"damaged-{Guid.NewGuid():N}.db");
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE filler (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
                INSERT INTO filler (id, data) SELECT i, hex(randomblob(200)) FROM n;
                """;
            await command.ExecuteNonQueryAsync();
        }

        const int pageSize = 4096;
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            var pages = stream.Length / pageSize;
            for (var page = pages - 6; page < pages - 1; page++)
            {
                stream.Position = page * pageSize;
                stream.Write(Enumerable.Repeat((byte)0xFF, 64).ToArray());
            }
        }

        return file;
    }
}
