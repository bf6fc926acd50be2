using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Search;
using PromoSite.Cms.Storage;

/// <summary>
/// Where a broad search spends its time: the previous pipeline's phases summed over rounds of the
/// broad queries, on a corpus made once by the corpus verb (so a profile takes seconds, not minutes),
/// then the current ContentSearch looping for a while so dotnet-trace can be attached.
///   dotnet PromoSite.Bench.dll profile DATA_FOLDER [seconds=0]
/// With BENCH_INDEX_LAYOUTS=1 it also compares the index's size with and without positions (<see cref="IndexLayouts"/>).
/// </summary>
internal static class ProfileVerb
{
    public static async Task RunAsync(string folder, int seconds)
    {
        await using var services = new ServiceCollection().AddLogging()
            .AddCmsCore(new ConfigurationBuilder().Build(), new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "promosite.db")};Foreign Keys=True"), new DataFolder(folder))
            .BuildServiceProvider();
        var types = services.GetRequiredService<ContentTypeRegistry>();
        var search = services.GetRequiredService<ContentSearch>();
        var previous = new PreviousSearch(services.GetRequiredService<LuceneSearchIndex>(), services.GetRequiredService<IContentDelivery>(), services.GetRequiredService<FallbackChains>(), types);
        var watch = Stopwatch.StartNew();
        await search.SearchAsync(new SearchRequest("en", "warm up"), types, SearchEngine.Lucene);
        Console.WriteLine($"snapshot and in-memory index built in {watch.Elapsed.TotalSeconds:F1} s");
        if (Environment.GetEnvironmentVariable("BENCH_INDEX_LAYOUTS") == "1")
        {
            await using var scope = services.CreateAsyncScope();
            var ids = scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.Select(i => i.Id).ToList();
            await IndexLayouts.CompareAsync(services.GetRequiredService<IContentDelivery>(), ids);
        }

        for (var round = 0; round < 3; round++)
        {
            foreach (var q in BenchQueries.Broad)
            {
                await previous.SearchAsync(new SearchRequest(q[0], q[1]));
            }
        }

        previous.Phases.Clear();
        var rounds = 20;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var q in BenchQueries.Broad)
            {
                await previous.SearchAsync(new SearchRequest(q[0], q[1]));
            }
        }

        var calls = rounds * BenchQueries.Broad.Length;
        foreach (var (phase, total) in previous.Phases.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {phase,-40} {total / calls,7:F3} ms per search");
        }

        var memory = services.GetRequiredService<LuceneSearchIndex>();
        var chains = services.GetRequiredService<FallbackChains>();
        foreach (var cached in new[] { false, true, false, true })
        {
            watch.Restart();
            foreach (var q in BenchQueries.Broad)
            {
                memory.Query(chains.For(q[0]), SearchText.Terms(q[1]), DateTime.UtcNow, 1000, cached);
            }

            Console.WriteLine($"  index query, live filter {(cached ? "cached" : "per query")}: {watch.Elapsed.TotalMilliseconds / BenchQueries.Broad.Length:F3} ms per search");
        }

        watch.Restart();
        var searches = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            foreach (var q in BenchQueries.Broad)
            {
                await search.SearchAsync(new SearchRequest(q[0], q[1]), types, SearchEngine.Lucene);
                searches++;
            }
        }

        if (seconds > 0)
        {
            Console.WriteLine($"ContentSearch: {searches} broad searches in {watch.Elapsed.TotalSeconds:F0} s, {watch.Elapsed.TotalMilliseconds / searches:F2} ms each");
        }
    }
}

/// <summary>The benchmark's queries: broad ones use words found in about a tenth of the corpus or more.</summary>
internal static class BenchQueries
{
    public static readonly string[][] Broad =
    [
        ["vi", "Long Thành"], ["vi", "dong nai"], ["vi", "khu công nghiệp"], ["vi", "chôm chôm"], ["vi", "du lịch sinh thái"],
        ["en", "industrial parks"], ["en", "airport"], ["en", "national park"], ["en", "cashew"], ["en", "investment incentives"],
        ["ko", "동나이 산업단지"], ["ko", "공항"], ["ko", "국립공원"],
        ["ja", "ドンナイ 工業団地"], ["ja", "空港"], ["ja", "国立公園"],
        ["zh", "同奈 工业园"], ["zh", "机场"], ["zh", "国家公园"],
    ];
}
