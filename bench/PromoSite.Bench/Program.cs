using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PromoSite.Cms;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Search;
using PromoSite.Cms.Storage;

// Search benchmark: a generated corpus of N items in five languages, on a fresh database;
// reports index build time, database size, the in-memory index's memory, and query latency p50/p95
// (the index query alone and the whole search with delivery and snippets): the previous search
// pipeline (old) and the current one (new) side by side, interleaved, after checking both answer alike.
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

if (args.ElementAtOrDefault(0) == "profile")
{
    await ProfileVerb.RunAsync(args[1], int.TryParse(args.ElementAtOrDefault(2), out var seconds) ? seconds : 0);
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

var index = services.GetRequiredService<SearchIndex>();
var memory = services.GetRequiredService<LuceneSearchIndex>();
var search = services.GetRequiredService<ContentSearch>();
var fallbacks = services.GetRequiredService<FallbackChains>();
var types = services.GetRequiredService<ContentTypeRegistry>();
var previous = new PreviousSearch(memory, services.GetRequiredService<IContentDelivery>(), fallbacks, types);
stopwatch.Restart();
await search.SearchAsync(new SearchRequest("en", "warm up"), types, SearchEngine.Database); // the delivery snapshot alone, as a node with Cms:SearchInMemory=false
var (withoutIndex, heapWithoutIndex) = Memory();
Console.WriteLine($"snapshot built in {stopwatch.Elapsed.TotalSeconds:F1} s; process memory {withoutIndex} MiB, managed heap {heapWithoutIndex} MiB (as Cms:SearchInMemory=false)");
stopwatch.Restart();
await search.SearchAsync(new SearchRequest("en", "warm up"), types, SearchEngine.Lucene); // builds the in-memory index once
var (withIndex, heapWithIndex) = Memory();
Console.WriteLine($"in-memory index built in {stopwatch.Elapsed.TotalSeconds:F1} s, {memory.SizeInBytes / 1024.0 / 1024.0:F1} MiB of index files; process memory {withIndex} MiB (+{withIndex - withoutIndex}), managed heap {heapWithIndex} MiB (+{heapWithIndex - heapWithoutIndex}) (as Cms:SearchInMemory=true)");
Console.WriteLine($"load average before timing: {LoadAverage()}");
await Measure("broad queries (common words of the corpus)", BenchQueries.Broad);
var random = new Random(20261122);
await Measure("selective queries (one item's reference code)", [.. Enumerable.Range(0, 19).Select(i => new[] { Locales.All[i % 5], $"ref{random.Next(count):D5}" })]);
Console.WriteLine($"load average after timing: {LoadAverage()}");

// Before any timing, both indexes must find exactly the same rows (every match, not only the 1,000
// best), and the previous and the current pipeline the same results (count, facets, the page's items
// in order with their snippets, on the first two pages), or the figures would compare different work.
// Then each query is timed each way in turn (the order alternating by round), so load on the machine
// hits them alike: the in-memory index query alone, and the whole search by the previous pipeline
// (old), by the current one (new), and by the current one on the database's index (what a node with
// Cms:SearchInMemory=false does).
async Task Measure(string label, string[][] set)
{
    var rawNew = new List<double>();
    var fullOld = new List<double>();
    var fullNew = new List<double>();
    var fullDatabase = new List<double>();
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
        foreach (var page in new[] { 1, 2 })
        {
            var old = await previous.SearchAsync(new SearchRequest(q[0], q[1], Page: page));
            var now2 = await search.SearchAsync(new SearchRequest(q[0], q[1], Page: page), types, SearchEngine.Lucene);
            Same(q, page, old, now2);
        }
    }

    var shown = 0;
    for (var round = 0; round < 10; round++)
    {
        foreach (var q in set)
        {
            var terms = SearchText.Terms(q[1]);
            stopwatch.Restart();
            memory.Query(fallbacks.For(q[0]), terms, DateTime.UtcNow, 1000);
            rawNew.Add(stopwatch.Elapsed.TotalMilliseconds);
            for (var turn = 0; turn < 3; turn++)
            {
                switch ((turn + round) % 3)
                {
                    case 0:
                        stopwatch.Restart();
                        await previous.SearchAsync(new SearchRequest(q[0], q[1]));
                        fullOld.Add(stopwatch.Elapsed.TotalMilliseconds);
                        break;
                    case 1:
                        stopwatch.Restart();
                        shown += (await search.SearchAsync(new SearchRequest(q[0], q[1]), types, SearchEngine.Lucene)).TotalItems;
                        fullNew.Add(stopwatch.Elapsed.TotalMilliseconds);
                        break;
                    default:
                        stopwatch.Restart();
                        await search.SearchAsync(new SearchRequest(q[0], q[1]), types, SearchEngine.Database);
                        fullDatabase.Add(stopwatch.Elapsed.TotalMilliseconds);
                        break;
                }
            }
        }
    }

    Console.WriteLine($"{label}: {set.Length} queries × 10 rounds, {rows / set.Length} matching rows and {shown / fullNew.Count} results on average (both indexes find the same rows; old and new pipelines the same results)");
    Console.WriteLine($"  index query alone, Lucene.Net:           p50 {Percentile(rawNew, 50),7:F2} ms, p95 {Percentile(rawNew, 95),7:F2} ms");
    Console.WriteLine($"  whole search, previous pipeline (old):   p50 {Percentile(fullOld, 50),7:F2} ms, p95 {Percentile(fullOld, 95),7:F2} ms");
    Console.WriteLine($"  whole search, current pipeline (new):    p50 {Percentile(fullNew, 50),7:F2} ms, p95 {Percentile(fullNew, 95),7:F2} ms   (new/old p50 {Percentile(fullNew, 50) / Percentile(fullOld, 50):F2}, p95 {Percentile(fullNew, 95) / Percentile(fullOld, 95):F2})");
    Console.WriteLine($"  whole search, new on the database index: p50 {Percentile(fullDatabase, 50),7:F2} ms, p95 {Percentile(fullDatabase, 95),7:F2} ms   (Cms:SearchInMemory=false)");
}

static void Same(string[] q, int page, SearchResults old, SearchResults now)
{
    var oldPage = old.Items.Select(i => (i.Item.Id, i.SnippetHtml)).ToList();
    var newPage = now.Items.Select(i => (i.Item.Id, i.SnippetHtml)).ToList();
    if (old.TotalItems != now.TotalItems || !oldPage.SequenceEqual(newPage)
        || !old.Types.OrderBy(t => t.Key).SequenceEqual(now.Types.OrderBy(t => t.Key)) || !old.Sections.OrderBy(t => t.Key).SequenceEqual(now.Sections.OrderBy(t => t.Key)))
    {
        throw new InvalidOperationException(
            $"'{q[1]}' ({q[0]}) page {page}: the previous pipeline gives {old.TotalItems} results starting {string.Join(", ", oldPage.Take(5).Select(p => p.Id))}, "
            + $"the current one {now.TotalItems} starting {string.Join(", ", newPage.Take(5).Select(p => p.Id))} (or other facets or snippets)");
    }
}

static (long ProcessMiB, long HeapMiB) Memory()
{
    var heap = GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024;
    using var process = Process.GetCurrentProcess();
    return (process.WorkingSet64 / 1024 / 1024, heap);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

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
