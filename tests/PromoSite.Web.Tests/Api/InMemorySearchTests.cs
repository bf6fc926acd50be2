using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Search;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Site;

namespace PromoSite.Web.Tests.Api;

/// <summary>
/// The node's in-memory search index (Lucene.Net) against the database's: the same rows for the same
/// queries in every language, and nothing that visitors may not see, at any moment.
/// </summary>
public sealed class InMemorySearchTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task The_in_memory_index_finds_exactly_the_rows_and_results_the_database_index_finds(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var search = app.Services.GetRequiredService<ContentSearch>();
        var memory = app.Services.GetRequiredService<LuceneSearchIndex>();
        var index = app.Services.GetRequiredService<SearchIndex>();
        var chains = app.Services.GetRequiredService<FallbackChains>();
        var types = app.Services.GetRequiredService<ContentTypeRegistry>();
        string[][] queries =
        [
            ["vi", "Long Thành"], ["vi", "long thanh"], ["vi", "chôm chôm"], ["vi", "khu công nghiệp"], ["en", "industrial parks"], ["en", "national park"],
            ["en", "Amata"], ["ko", "동나이 산업단지"], ["ko", "2026"], ["ko", "OCOP"], ["ja", "ドンナイ 工業団地"], ["ja", "工業団地"], ["zh", "同奈 工业园"], ["zh", "工"],
        ];

        foreach (var q in queries)
        {
            var fromMemory = await search.SearchAsync(new SearchRequest(q[0], q[1], PageSize: 100), types, SearchEngine.Lucene); // also brings the index up to date
            var fromDatabase = await search.SearchAsync(new SearchRequest(q[0], q[1], PageSize: 100), types, SearchEngine.Database);
            Assert.True(fromDatabase.TotalItems > 0, $"'{q[1]}' finds nothing: the comparison would prove nothing");
            Assert.Equal(fromDatabase.TotalItems, fromMemory.TotalItems);
            Assert.Equal(fromDatabase.Items.Select(i => i.Item.Id).Order(), fromMemory.Items.Select(i => i.Item.Id).Order());
            Assert.Equal(fromDatabase.Types, fromMemory.Types);

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var terms = SearchText.Terms(q[1]);
            var now = DateTime.UtcNow;
            var rows = (await index.QueryAsync(db, chains.For(q[0]), terms, now, 100_000)).Select(h => (h.ItemId, h.Locale)).Order().ToList();
            Assert.Equal(rows, memory.Query(chains.For(q[0]), terms, now, 100_000).Select(h => (h.ItemId, h.Locale)).Order().ToList());
            // The live documents cached per window of publish times are those found again for one query: same rows, same order, same scores.
            Assert.Equal(memory.Query(chains.For(q[0]), terms, now, 100_000, cacheLiveFilter: false), memory.Query(chains.For(q[0]), terms, now, 100_000));
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Results_of_equal_score_go_by_title_and_pages_cut_through_them_as_one_ranking(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartAsync(provider, TestFolders.SampleContent);
        var search = app.Services.GetRequiredService<ContentSearch>();
        var types = app.Services.GetRequiredService<ContentTypeRegistry>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Seven articles alike but for one letter of the title: the same score for each, created out of title order.
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            foreach (var letter in new[] { "e", "b", "g", "a", "f", "c", "d" })
            {
                var created = await editor.CreateAsync("articles", $"zefrim-{letter}", new JsonObject { ["date"] = "2026-12-01" },
                    new LocalizationInput("vi", new JsonObject { ["title"] = $"Zefrim {letter.ToUpperInvariant()}", ["summary"] = "Tin Zefrim." }, LocalizationStatus.Published, Slug: $"zefrim-{letter}"), "test");
                Assert.True(created.Succeeded, string.Join("; ", created.Errors));
            }
        }

        foreach (var engine in new[] { SearchEngine.Lucene, SearchEngine.Database })
        {
            var all = await search.SearchAsync(new SearchRequest("vi", "zefrim", PageSize: 100), types, engine);
            Assert.Equal(["Zefrim A", "Zefrim B", "Zefrim C", "Zefrim D", "Zefrim E", "Zefrim F", "Zefrim G"], all.Items.Select(i => i.Item.Title));
            Assert.Single(all.Items.Select(i => i.Score).Distinct());
            var pages = new List<string>();
            for (var page = 1; page <= 3; page++)
            {
                var slice = await search.SearchAsync(new SearchRequest("vi", "zefrim", Page: page, PageSize: 3), types, engine);
                Assert.Equal(7, slice.TotalItems);
                Assert.Equal(7, slice.Types["articles"]);
                pages.AddRange(slice.Items.Select(i => i.Item.Title));
            }

            Assert.Equal(all.Items.Select(i => i.Item.Title), pages);
            Assert.Empty((await search.SearchAsync(new SearchRequest("vi", "zefrim", Page: 4, PageSize: 3), types, engine)).Items);
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Embargoed_scheduled_and_unpublished_content_is_never_found_in_memory(DatabaseProvider provider)
    {
        using var content = PressRoomTests.Content();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, testServices: s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        });
        var search = app.Services.GetRequiredService<ContentSearch>();
        var types = app.Services.GetRequiredService<ContentTypeRegistry>();
        async Task<List<string>> FoundAsync(string locale, string query) =>
            [.. (await search.SearchAsync(new SearchRequest(locale, query, PageSize: 100), types, SearchEngine.Lucene)).Items.Select(i => i.Item.Key)];

        long statement;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            // A statement under embargo for two hours (no publish time of its own), an article scheduled
            // for next month, and an article saved as a draft: each with a word found nowhere else.
            var shared = new JsonObject
            {
                ["number"] = "09/TCBC-UBND", ["date"] = "2026-12-01", ["agency"] = "so-cong-thuong", ["priority"] = "urgent",
                ["embargo"] = clock.GetUtcNow().AddHours(2).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            };
            var created = await editor.CreateAsync(Statement.Key, "zorbex", shared, new LocalizationInput("vi", new JsonObject { ["title"] = "Thông cáo Zorbex", ["summary"] = "Zorbex.", ["body"] = "Nội dung Zorbex." }, LocalizationStatus.Published), "test");
            Assert.True(created.Succeeded, string.Join("; ", created.Errors));
            statement = created.Item!.Id;
            var scheduled = await editor.CreateAsync("articles", "quoxal", new JsonObject { ["date"] = "2026-12-01" },
                new LocalizationInput("vi", new JsonObject { ["title"] = "Tin Quoxal", ["summary"] = "Quoxal sắp công bố." }, LocalizationStatus.Published, Slug: "tin-quoxal", PublishAt: clock.GetUtcNow().UtcDateTime.AddDays(30)), "test");
            Assert.True(scheduled.Succeeded, string.Join("; ", scheduled.Errors));
            var draft = await editor.CreateAsync("articles", "vimtrel", new JsonObject { ["date"] = "2026-12-01" },
                new LocalizationInput("vi", new JsonObject { ["title"] = "Tin Vimtrel", ["summary"] = "Vimtrel còn là bản nháp." }, LocalizationStatus.Draft, Slug: "tin-vimtrel"), "test");
            Assert.True(draft.Succeeded, string.Join("; ", draft.Errors));
        }

        var memory = app.Services.GetRequiredService<LuceneSearchIndex>();
        var chain = app.Services.GetRequiredService<FallbackChains>().For("vi");
        foreach (var word in new[] { "zorbex", "quoxal", "vimtrel" })
        {
            Assert.Empty(await FoundAsync("vi", word));
            Assert.Empty(memory.Query(chain, SearchText.Terms(word), clock.GetUtcNow().UtcDateTime, 100)); // the index itself, before the delivery's own check
        }

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await FoundAsync("vi", "zorbex")); // an hour before the embargo ends: still nothing
        clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal(["zorbex"], await FoundAsync("vi", "zorbex")); // no save in between: the embargo passing is enough
        Assert.Empty(await FoundAsync("vi", "quoxal"));
        Assert.Empty(await FoundAsync("vi", "vimtrel"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var editor = scope.ServiceProvider.GetRequiredService<ContentEditor>();
            var item = await db.Items.AsNoTracking().Include(i => i.Localizations).SingleAsync(i => i.Id == statement);
            var vi = item.Localizations.Single(l => l.Locale == "vi");
            var outcome = await editor.SaveAsync(statement, item.Version, null, new LocalizationInput("vi", JsonNode.Parse(vi.FieldsJson)!.AsObject(), LocalizationStatus.Unpublished, vi.Slug), "test");
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        }

        Assert.Empty(await FoundAsync("vi", "zorbex"));
        Assert.Empty(memory.Query(chain, SearchText.Terms("zorbex"), clock.GetUtcNow().UtcDateTime, 100));
    }
}
