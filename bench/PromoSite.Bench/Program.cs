using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PromoSite.Cms;
using PromoSite.Cms.Content;
using PromoSite.Cms.Search;
using PromoSite.Cms.Storage;

// Search benchmark: a generated corpus of N items in five languages, on a fresh database;
// reports index build time, database size and query latency p50/p95 (index query alone and the
// whole search with delivery and snippets).
//   dotnet run -c Release --project bench/PromoSite.Bench -- sqlite|postgres [items=10000] [postgres-server-connection]
var provider = args.ElementAtOrDefault(0) == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
var count = int.TryParse(args.ElementAtOrDefault(1), out var n) ? n : 10_000;
var work = Directory.CreateTempSubdirectory("promosite-search-bench-");
string connection;
string? pgDatabase = null;
if (provider == DatabaseProvider.Postgres)
{
    var server = args.ElementAtOrDefault(2) ?? Environment.GetEnvironmentVariable("PROMOSITE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("Give a PostgreSQL server connection string or set PROMOSITE_TEST_POSTGRES (source scripts/postgres.sh start).");
    pgDatabase = $"promosite_bench_{Guid.NewGuid():N}";
    await using (var admin = new NpgsqlConnection(server))
    {
        await admin.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{pgDatabase}\"", admin).ExecuteNonQueryAsync();
    }

    connection = new NpgsqlConnectionStringBuilder(server) { Database = pgDatabase }.ToString();
}
else
{
    connection = $"Data Source={Path.Combine(work.FullName, "bench.db")};Foreign Keys=True";
}

var services = new ServiceCollection().AddLogging()
    .AddCmsCore(new ConfigurationBuilder().Build(), new DatabaseSettings(provider, connection), new DataFolder(work.FullName))
    .BuildServiceProvider();
await services.PrepareCmsAsync(contentPath: null);

// The corpus: sentences of the shipped sample content, recombined, in every language.
var sentences = Sentences(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "content"));
var random = new Random(20261122);
var typeNames = new[] { "articles", "destinations", "ocop-products", "heritage-sites", "industrial-parks", "dishes" };
var stopwatch = Stopwatch.StartNew();
await using (var scope = services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
    var now = DateTime.UtcNow;
    for (var batch = 0; batch < count; batch += 500)
    {
        for (var i = batch; i < Math.Min(count, batch + 500); i++)
        {
            var type = typeNames[i % typeNames.Length];
            var item = new ContentItem { Type = type, Key = $"bench-{i}", SharedJson = Shared(type), CreatedAt = now, UpdatedAt = now };
            foreach (var locale in Locales.All)
            {
                var pool = sentences[locale];
                var fields = new JsonObject
                {
                    ["title"] = pool[random.Next(pool.Count)].Trim().TrimEnd('.', '。'),
                    ["summary"] = pool[random.Next(pool.Count)],
                    // A reference code per item, as real items have names few others share, for selective queries.
                    ["body"] = string.Join(' ', Enumerable.Range(0, 8).Select(_ => pool[random.Next(pool.Count)])) + $" REF{i:D5}",
                };
                item.Localizations.Add(new ContentLocalization
                {
                    Type = type, Locale = locale, Slug = $"bench-{i}", Status = LocalizationStatus.Published,
                    FieldsJson = ContentJson.Canonical(fields), ContentHash = ContentJson.Hash(fields), CreatedAt = now, UpdatedAt = now,
                });
            }

            db.Items.Add(item);
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}

Console.WriteLine($"{provider}: {count} items × 5 languages generated in {stopwatch.Elapsed.TotalSeconds:F1} s");
stopwatch.Restart();
await using (var scope = services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<SearchIndex>().RebuildAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>());
}

Console.WriteLine($"index build: {stopwatch.Elapsed.TotalSeconds:F1} s ({count * 5 / stopwatch.Elapsed.TotalSeconds:F0} documents/s)");
if (provider == DatabaseProvider.Postgres)
{
    // What autovacuum does soon after a bulk load: fold GIN's pending list into the index and gather statistics.
    await using var tidy = new NpgsqlConnection(connection);
    await tidy.OpenAsync();
    await new NpgsqlCommand("VACUUM ANALYZE search_index", tidy).ExecuteNonQueryAsync();
}
Console.WriteLine($"database size: {await SizeAsync() / 1024.0 / 1024.0:F1} MiB");

string[][] queries =
[
    ["vi", "Long Thành"], ["vi", "dong nai"], ["vi", "khu công nghiệp"], ["vi", "chôm chôm"], ["vi", "du lịch sinh thái"],
    ["en", "industrial parks"], ["en", "airport"], ["en", "national park"], ["en", "cashew"], ["en", "investment incentives"],
    ["ko", "동나이 산업단지"], ["ko", "공항"], ["ko", "국립공원"],
    ["ja", "ドンナイ 工業団地"], ["ja", "空港"], ["ja", "国立公園"],
    ["zh", "同奈 工业园"], ["zh", "机场"], ["zh", "国家公园"],
];
var index = services.GetRequiredService<SearchIndex>();
var search = services.GetRequiredService<ContentSearch>();
var fallbacks = services.GetRequiredService<FallbackChains>();
var types = services.GetRequiredService<ContentTypeRegistry>();
await search.SearchAsync(new SearchRequest("en", "warm up"), types); // builds the delivery snapshot once
await Measure("broad queries (common words of the corpus)", queries);
await Measure("selective queries (one item's reference code)", [.. Enumerable.Range(0, 19).Select(i => new[] { Locales.All[i % 5], $"ref{random.Next(count):D5}" })]);

async Task Measure(string label, string[][] set)
{
var raw = new List<double>();
var full = new List<double>();
var hits = 0;
for (var round = 0; round < 10; round++)
{
    foreach (var q in set)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        stopwatch.Restart();
        hits += (await index.QueryAsync(db, fallbacks.For(q[0]), SearchText.Terms(q[1]), DateTime.UtcNow, 1000)).Count;
        raw.Add(stopwatch.Elapsed.TotalMilliseconds);
        stopwatch.Restart();
        await search.SearchAsync(new SearchRequest(q[0], q[1]), types);
        full.Add(stopwatch.Elapsed.TotalMilliseconds);
    }
}

Console.WriteLine($"{label}: {raw.Count} queries, {hits / raw.Count} hits on average");
Console.WriteLine($"  index query:  p50 {Percentile(raw, 50):F2} ms, p95 {Percentile(raw, 95):F2} ms");
Console.WriteLine($"  whole search (+ delivery, ranking, snippets, first page): p50 {Percentile(full, 50):F2} ms, p95 {Percentile(full, 95):F2} ms");
}

await services.DisposeAsync();
if (pgDatabase is not null)
{
    NpgsqlConnection.ClearAllPools();
    await using var admin = new NpgsqlConnection(args.ElementAtOrDefault(2) ?? Environment.GetEnvironmentVariable("PROMOSITE_TEST_POSTGRES"));
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE \"{pgDatabase}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
}

work.Delete(recursive: true);
return;

async Task<long> SizeAsync()
{
    if (provider == DatabaseProvider.Sqlite)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return work.EnumerateFiles("bench.db*").Sum(f => f.Length);
    }

    await using var c = new NpgsqlConnection(connection);
    await c.OpenAsync();
    return (long)(await new NpgsqlCommand("SELECT pg_database_size(current_database())", c).ExecuteScalarAsync())!;
}

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static string Shared(string type) => type switch
{
    "articles" => """{"date":"2026-03-01"}""",
    "destinations" => """{"category":"nature"}""",
    "ocop-products" => """{"category":"food","stars":4}""",
    "heritage-sites" => """{"rank":"national"}""",
    "industrial-parks" => """{"locality":"Long Thành"}""",
    _ => "{}",
};

static Dictionary<string, List<string>> Sentences(string content)
{
    var byLocale = Locales.All.ToDictionary(l => l, _ => new List<string>());
    foreach (var file in Directory.EnumerateFiles(content, "*.md", SearchOption.AllDirectories))
    {
        var locale = Path.GetFileNameWithoutExtension(file);
        var text = File.ReadAllText(file);
        var body = text[(text.IndexOf("\n---", 3, StringComparison.Ordinal) + 4)..];
        foreach (var sentence in body.Split(['.', '。', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (sentence.Length > 20 && !sentence.StartsWith('#'))
            {
                byLocale[locale].Add(sentence + (locale is "ja" or "zh" ? "。" : "."));
            }
        }
    }

    return byLocale;
}
