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
// whole search with delivery and snippets), on the database index (old) and the in-memory
// Lucene.Net index (new) side by side.
//   dotnet run -c Release --project bench/PromoSite.Bench -- sqlite|postgres [items=10000] [postgres-server-connection]
// or, to give the site a corpus (bench/memory.sh): a SQLite database in a data folder, indexed.
//   dotnet run -c Release --project bench/PromoSite.Bench -- corpus DATA_FOLDER [items=10000]
if (args.ElementAtOrDefault(0) == "corpus")
{
    var folder = Directory.CreateDirectory(args[1]).FullName;
    var corpusServices = new ServiceCollection().AddLogging()
        .AddCmsCore(new ConfigurationBuilder().Build(), new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "promosite.db")};Foreign Keys=True"), new DataFolder(folder))
        .BuildServiceProvider();
    await corpusServices.PrepareCmsAsync(contentPath: null);
    var items = int.TryParse(args.ElementAtOrDefault(2), out var wanted) ? wanted : 10_000;
    await BenchCorpus.GenerateAsync(corpusServices, items);
    await BenchCorpus.RebuildIndexAsync(corpusServices);
    await corpusServices.DisposeAsync();
    Console.WriteLine($"corpus: {items} items × 5 languages in {folder}");
    return;
}

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

var stopwatch = Stopwatch.StartNew();
await BenchCorpus.GenerateAsync(services, count);
Console.WriteLine($"{provider}: {count} items × 5 languages generated in {stopwatch.Elapsed.TotalSeconds:F1} s");
stopwatch.Restart();
await BenchCorpus.RebuildIndexAsync(services);

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
var memory = services.GetRequiredService<LuceneSearchIndex>();
var search = services.GetRequiredService<ContentSearch>();
var fallbacks = services.GetRequiredService<FallbackChains>();
var types = services.GetRequiredService<ContentTypeRegistry>();
stopwatch.Restart();
await search.SearchAsync(new SearchRequest("en", "warm up"), types, SearchEngine.Lucene); // builds the delivery snapshot and the in-memory index once
Console.WriteLine($"snapshot and in-memory index built in {stopwatch.Elapsed.TotalSeconds:F1} s; process memory {Environment.WorkingSet / 1024 / 1024} MiB, managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024} MiB");
await Measure("broad queries (common words of the corpus)", queries);
var random = new Random(20261122);
await Measure("selective queries (one item's reference code)", [.. Enumerable.Range(0, 19).Select(i => new[] { Locales.All[i % 5], $"ref{random.Next(count):D5}" })]);

// Each query four ways in turn, so load on the machine hits them alike: the index query alone on the
// database (old) and in memory (new, Lucene.Net), and the whole search on each. Before any timing,
// both indexes must find exactly the same rows (every match, not only the 1,000 best), or the figures
// would compare different work.
async Task Measure(string label, string[][] set)
{
    var rawOld = new List<double>();
    var rawNew = new List<double>();
    var fullOld = new List<double>();
    var fullNew = new List<double>();
    var rows = 0;
    foreach (var q in set)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var terms = SearchText.Terms(q[1]);
        var now = DateTime.UtcNow;
        var inDatabase = (await index.QueryAsync(db, fallbacks.For(q[0]), terms, now, 1_000_000)).Select(h => (h.ItemId, h.Locale)).ToHashSet();
        var inMemory = memory.Query(fallbacks.For(q[0]), terms, now, 1_000_000).Select(h => (h.ItemId, h.Locale)).ToHashSet();
        if (!inDatabase.SetEquals(inMemory))
        {
            throw new InvalidOperationException($"'{q[1]}' ({q[0]}): {inDatabase.Count} rows match in the database, {inMemory.Count} in memory, or other rows");
        }

        rows += inDatabase.Count;
    }

    var shown = 0;
    for (var round = 0; round < 10; round++)
    {
        foreach (var q in set)
        {
            var terms = SearchText.Terms(q[1]);
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn + round) % 2 == 0)
                {
                    await using var scope = services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
                    stopwatch.Restart();
                    await index.QueryAsync(db, fallbacks.For(q[0]), terms, DateTime.UtcNow, 1000);
                    rawOld.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
                else
                {
                    stopwatch.Restart();
                    memory.Query(fallbacks.For(q[0]), terms, DateTime.UtcNow, 1000);
                    rawNew.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
            }

            SearchResults old = null!, now = null!;
            for (var turn = 0; turn < 2; turn++)
            {
                stopwatch.Restart();
                if ((turn + round) % 2 == 0)
                {
                    old = await search.SearchAsync(new SearchRequest(q[0], q[1]), types, SearchEngine.Database);
                    fullOld.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
                else
                {
                    now = await search.SearchAsync(new SearchRequest(q[0], q[1]), types, SearchEngine.Lucene);
                    fullNew.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
            }

            // Below the 1,000-row cap both see every match, so they count the same results; above it
            // each keeps its own best 1,000 (the scores differ: bm25 or ts_rank there, Lucene's BM25 here).
            if (old.TotalItems != now.TotalItems && old.TotalItems < 900)
            {
                throw new InvalidOperationException($"'{q[1]}' ({q[0]}): {old.TotalItems} results from the database, {now.TotalItems} from memory");
            }

            shown += now.TotalItems;
        }
    }

    Console.WriteLine($"{label}: {set.Length} queries × 10 rounds, {rows / set.Length} matching rows and {shown / rawNew.Count} results on average (both indexes find the same rows)");
    Console.WriteLine($"  index query, database (old):  p50 {Percentile(rawOld, 50),7:F2} ms, p95 {Percentile(rawOld, 95),7:F2} ms");
    Console.WriteLine($"  index query, Lucene.Net (new): p50 {Percentile(rawNew, 50),7:F2} ms, p95 {Percentile(rawNew, 95),7:F2} ms");
    Console.WriteLine($"  whole search, database (old): p50 {Percentile(fullOld, 50),7:F2} ms, p95 {Percentile(fullOld, 95),7:F2} ms");
    Console.WriteLine($"  whole search, Lucene.Net (new): p50 {Percentile(fullNew, 50),7:F2} ms, p95 {Percentile(fullNew, 95),7:F2} ms   (p95 new/old {Percentile(fullNew, 95) / Percentile(fullOld, 95):F2})");
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
