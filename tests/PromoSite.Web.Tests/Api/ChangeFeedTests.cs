using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Changes;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Webhooks;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Api;

/// <summary>GET /api/v1/changes: what became visible or stopped being visible, in commit order, with cursors.</summary>
public sealed class ChangeFeedTests
{
    private static readonly Dictionary<string, string> FastRounds = new() { ["Webhooks:PollInterval"] = "00:00:00.200", ["Webhooks:AllowPrivateTargets"] = "true" };

    private sealed record Change(string Cursor, string Event, string Type, string Key, string Locale, string? Url, string? OldUrl, int? Revision, DateTime At);

    private static async Task<JsonObject> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<string> HeadAsync(HttpClient client) => (string)(await GetAsync(client, "/api/v1/changes?since=latest"))["next"]!;

    /// <summary>Follows the feed from <paramref name="since"/> until hasMore is false; the changes and the last next.</summary>
    private static async Task<(List<Change> Changes, string Next, int Pages)> ReadAllAsync(HttpClient client, string since, string query = "")
    {
        var all = new List<Change>();
        var pages = 0;
        while (true)
        {
            var page = await GetAsync(client, $"/api/v1/changes?since={since}{query}");
            pages++;
            all.AddRange(page["changes"]!.AsArray().Select(c => new Change(
                (string)c!["cursor"]!, (string)c["event"]!, (string)c["type"]!, (string)c["key"]!, (string)c["locale"]!,
                (string?)c["url"], (string?)c["oldUrl"], (int?)c["revision"], (DateTime)c["at"]!)));
            since = (string)page["next"]!;
            if (!(bool)page["hasMore"]!)
            {
                return (all, since, pages);
            }
        }
    }

    private static LocalizationInput Vi(string title, LocalizationStatus status, string? slug = null, DateTime? publishAt = null, DateTime? unpublishAt = null) =>
        new("vi", new JsonObject { ["title"] = title, ["summary"] = "Sản phẩm OCOP." }, status, Slug: slug, PublishAt: publishAt, UnpublishAt: unpublishAt);

    private static async Task<long> CreateAsync(PromoSiteFactory app, string key, LocalizationInput source)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<ContentEditor>().CreateAsync("ocop-products", key, new JsonObject { ["category"] = "beverage" }, source, "test");
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        return created.Item!.Id;
    }

    private static async Task SaveAsync(PromoSiteFactory app, long id, LocalizationInput input)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(id, null, null, input, "test");
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Publish_update_slug_move_unpublish_and_trash_are_told_in_commit_order_and_drafts_are_not(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var client = app.CreateClient();
        var start = await HeadAsync(client);

        var draftOnly = await CreateAsync(app, "tra-nhap", Vi("Trà nháp", LocalizationStatus.Draft));
        var id = await CreateAsync(app, "tra-feed", Vi("Trà feed", LocalizationStatus.Published, slug: "tra-feed"));
        await SaveAsync(app, draftOnly, Vi("Trà nháp hai", LocalizationStatus.InReview));
        await SaveAsync(app, id, Vi("Trà feed", LocalizationStatus.Draft, slug: "tra-feed-nhap")); // a draft with another slug: nothing public moves
        await SaveAsync(app, id, Vi("Trà feed mới", LocalizationStatus.Published, slug: "tra-feed"));
        await SaveAsync(app, id, Vi("Trà feed mới", LocalizationStatus.Published, slug: "tra-feed-moi"));
        await SaveAsync(app, id, Vi("Trà feed mới", LocalizationStatus.Unpublished, slug: "tra-feed-moi"));
        await SaveAsync(app, id, Vi("Trà feed mới", LocalizationStatus.Published, slug: "tra-feed-moi"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ContentEditor>().TrashAsync(id));
        }

        var (changes, next, _) = await ReadAllAsync(client, start);
        Assert.DoesNotContain(changes, c => c.Key == "tra-nhap");
        Assert.Equal(
            ["published", "updated", "slugMoved", "unpublished", "published", "trashed"],
            changes.Select(c => c.Event));
        Assert.All(changes, c => Assert.Equal(("ocop-products", "tra-feed", "vi"), (c.Type, c.Key, c.Locale)));
        Assert.Equal("https://dongnai.example/vi/ocop/tra-feed", changes[0].Url);
        Assert.Equal("https://dongnai.example/vi/ocop/tra-feed-moi", changes[2].Url);
        Assert.Equal("https://dongnai.example/vi/ocop/tra-feed", changes[2].OldUrl);
        Assert.Equal("https://dongnai.example/vi/ocop/tra-feed-moi", changes[5].Url);
        Assert.Null(changes[3].Revision);
        Assert.True(changes[1].Revision > changes[0].Revision);
        var cursors = changes.Select(c => long.Parse(c.Cursor, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(cursors.Order(), cursors);
        Assert.Equal(changes[^1].Cursor, next);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Pages_follow_the_cursor_with_has_more_and_an_unchanged_head_answers_304(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var client = app.CreateClient();
        var (everything, head, _) = await ReadAllAsync(client, "0", "&limit=1000");
        Assert.NotEmpty(everything); // the first import published the fixture
        Assert.Equal(head, await HeadAsync(client));

        var (paged, pagedNext, pages) = await ReadAllAsync(client, "0", "&limit=2");
        Assert.Equal(everything.Select(c => c.Cursor), paged.Select(c => c.Cursor));
        Assert.Equal(head, pagedNext);
        Assert.Equal((everything.Count + 1) / 2 + (everything.Count % 2 == 0 ? 1 : 0), pages);
        var first = await GetAsync(client, "/api/v1/changes?since=0&limit=2");
        Assert.True((bool)first["hasMore"]!);
        Assert.Equal(2, first["changes"]!.AsArray().Count);

        // Nothing new: the same empty answer, and a 304 for the client that has it.
        var empty = await client.GetAsync(new Uri($"/api/v1/changes?since={head}", UriKind.Relative));
        Assert.Empty((await empty.Content.ReadFromJsonAsync<JsonObject>())!["changes"]!.AsArray());
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/changes?since={head}");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(empty.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        // After a publish the same request has news.
        await CreateAsync(app, "tra-moi", Vi("Trà mới", LocalizationStatus.Published));
        var after = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/changes?since={head}");
        after.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(empty.Headers.ETag!.ToString()));
        var news = await client.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, news.StatusCode);
        Assert.Equal("tra-moi", (string?)(await news.Content.ReadFromJsonAsync<JsonObject>())!["changes"]![0]!["key"]);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Locale_and_type_filters_return_only_matching_changes_and_still_advance_the_cursor(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var client = app.CreateClient();
        var (everything, head, _) = await ReadAllAsync(client, "0", "&limit=1000");
        Assert.Contains(everything, c => c.Locale == "ko");
        Assert.Contains(everything, c => c.Type != "ocop-products");

        var (korean, koreanNext, _) = await ReadAllAsync(client, "0", "&locale=ko&limit=1");
        Assert.Equal(everything.Where(c => c.Locale == "ko").Select(c => c.Cursor), korean.Select(c => c.Cursor));
        Assert.Equal(head, koreanNext);

        var (ocop, _, _) = await ReadAllAsync(client, "0", "&types=ocop-products,heritage-sites&locale=en");
        Assert.Equal(everything.Where(c => c.Locale == "en" && c.Type is "ocop-products" or "heritage-sites").Select(c => c.Cursor), ocop.Select(c => c.Cursor));
        Assert.NotEmpty(ocop);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_bad_query_is_refused_with_400_and_a_message(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var client = app.CreateClient();
        foreach (var (query, says) in new[]
        {
            ("since=abc", "'since' must be a cursor"), ("since=-3", "'since' must be a cursor"), ("limit=0", "from 1 to 1000"), ("limit=1001", "from 1 to 1000"),
            ("locale=xx", "'xx' is not a supported locale"), ("types=ocop-products,nope", "'nope' is not a content type"),
        })
        {
            var response = await client.GetAsync(new Uri("/api/v1/changes?" + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_cursor_older_than_retention_or_ahead_of_the_feed_is_410_and_says_to_resync(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var client = app.CreateClient();
        var head = long.Parse(await HeadAsync(client), System.Globalization.CultureInfo.InvariantCulture);

        // Everything so far is made 100 days old, then retention (90 days) runs.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.ContentChanges.ExecuteUpdateAsync(s => s.SetProperty(c => c.OccurredAt, DateTime.UtcNow.AddDays(-100)));
        }

        Assert.Equal(head, await app.Services.GetRequiredService<ChangeFeedRetention>().PruneAsync(CancellationToken.None));
        await CreateAsync(app, "tra-sau", Vi("Trà sau", LocalizationStatus.Published));

        var expired = await client.GetAsync(new Uri("/api/v1/changes?since=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        var problem = await expired.Content.ReadAsStringAsync();
        Assert.Contains("no longer kept", problem, StringComparison.Ordinal);
        Assert.Contains("Resynchronise", problem, StringComparison.Ordinal);

        // From the horizon (or with no cursor) the feed goes on, without a gap.
        var (kept, _, _) = await ReadAllAsync(client, head.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["tra-sau"], kept.Select(c => c.Key));
        var fromStart = await GetAsync(client, "/api/v1/changes");
        Assert.Equal("tra-sau", (string?)fromStart["changes"]![0]!["key"]);

        var ahead = await client.GetAsync(new Uri("/api/v1/changes?since=" + (head + 1000), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, ahead.StatusCode);
        Assert.Contains("ahead of this feed", await ahead.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_scheduled_publish_is_told_when_its_window_opens_and_its_webhook_carries_the_same_cursor(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, FastRounds);
        var client = app.CreateClient();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            db.WebhookSubscriptions.Add(new WebhookSubscription
            {
                Url = "http://127.0.0.1:9/hook", Events = "published,unpublished", CreatedBy = "test", CreatedAt = DateTime.UtcNow,
                ProtectedSecret = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(WebhookDispatcher.SecretPurpose).Protect("secret"),
            });
            await db.SaveChangesAsync();
        }

        var start = await HeadAsync(client);
        var publishAt = DateTime.UtcNow.AddSeconds(2);
        var unpublishAt = publishAt.AddSeconds(2);
        await CreateAsync(app, "tra-lich", Vi("Trà lịch", LocalizationStatus.Published, publishAt: publishAt, unpublishAt: unpublishAt));
        Assert.Empty((await ReadAllAsync(client, start)).Changes); // scheduled: nothing public yet

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<Change> changes;
        do
        {
            await Task.Delay(200);
            changes = (await ReadAllAsync(client, start)).Changes;
        }
        while (changes.Count < 2 && DateTime.UtcNow < deadline);

        Assert.Equal(["published", "unpublished"], changes.Select(c => c.Event));
        Assert.True(Math.Abs((changes[0].At - publishAt).TotalMilliseconds) < 1, $"published at {changes[0].At:O}, window {publishAt:O}");
        Assert.True(Math.Abs((changes[1].At - unpublishAt).TotalMilliseconds) < 1, $"unpublished at {changes[1].At:O}, window {unpublishAt:O}");

        List<string> payloads;
        do
        {
            await using var scope = app.Services.CreateAsyncScope();
            payloads = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().WebhookDeliveries.Where(d => d.Payload.Contains("tra-lich")).OrderBy(d => d.Id).Select(d => d.Payload).ToListAsync();
            await Task.Delay(100);
        }
        while (payloads.Count < 2 && DateTime.UtcNow < deadline);

        Assert.Equal(changes.Select(c => c.Cursor), payloads.Select(p => (string?)JsonNode.Parse(p)!["cursor"]));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_change_feed_with_its_parameters_and_refusals()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();
        var document = await GetAsync(app.CreateClient(), "/openapi/v1.json");
        var operation = document["paths"]!["/api/v1/changes"]!["get"]!;
        Assert.Equal(["since", "locale", "types", "limit"], operation["parameters"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.Equal(["200", "400", "410"], operation["responses"]!.AsObject().Select(r => r.Key).Order());
        Assert.Contains("410", (string)operation["description"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_postgres_a_change_committed_after_a_later_id_is_never_skipped_by_a_reader_polling_in_between()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Postgres);
        var client = app.CreateClient();
        var start = await HeadAsync(client);

        // Transaction A appends and holds its commit; transaction B appends meanwhile. Without the
        // ordering, B would take the next id, commit first, and a reader moving to B's id would
        // never see A's.
        await using var scopeA = app.Services.CreateAsyncScope();
        await using var scopeB = app.Services.CreateAsyncScope();
        var dbA = scopeA.ServiceProvider.GetRequiredService<CmsDbContext>();
        var dbB = scopeB.ServiceProvider.GetRequiredService<CmsDbContext>();
        static ContentChange Entry(string key) => new() { Kind = ChangeKinds.Published, ItemId = 1, Type = "ocop-products", Key = key, Locale = "vi", Path = "/vi/ocop/" + key, Revision = 1, OccurredAt = DateTime.UtcNow };

        await using var transactionA = await dbA.Database.BeginTransactionAsync();
        await ChangeFeed.AppendAsync(dbA, [Entry("first")], CancellationToken.None);
        var b = Task.Run(async () =>
        {
            await using var transactionB = await dbB.Database.BeginTransactionAsync();
            await ChangeFeed.AppendAsync(dbB, [Entry("second")], CancellationToken.None);
            await transactionB.CommitAsync();
        });
        await Task.Delay(500);
        Assert.False(b.IsCompleted, "B appended while A held its place: their ids would not follow commit order");

        var (seen, cursor, _) = await ReadAllAsync(client, start); // polling between the two commits
        Assert.Empty(seen);
        Assert.Equal(start, cursor);

        await transactionA.CommitAsync();
        await b.WaitAsync(TimeSpan.FromSeconds(30));
        var (later, _, _) = await ReadAllAsync(client, cursor);
        Assert.Equal(["first", "second"], later.Select(c => c.Key));
    }

    [Fact]
    public async Task On_postgres_parallel_publishes_are_all_seen_by_a_reader_polling_meanwhile()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Postgres);
        var client = app.CreateClient();
        var cursor = await HeadAsync(client);
        var seen = new List<Change>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (changes, next, _) = await ReadAllAsync(client, cursor);
                seen.AddRange(changes);
                cursor = next;
            }
        });

        const int Publishes = 16;
        await Task.WhenAll(Enumerable.Range(0, Publishes).Select(n => Task.Run(() => CreateAsync(app, $"tra-song-song-{n}", Vi($"Trà song song {n}", LocalizationStatus.Published)))));
        await Task.Delay(300);
        await stop.CancelAsync();
        await reader;
        var (rest, _, _) = await ReadAllAsync(client, cursor);
        seen.AddRange(rest);

        Assert.Equal(Enumerable.Range(0, Publishes).Select(n => $"tra-song-song-{n}").Order(), seen.Select(c => c.Key).Order());
        Assert.Equal(seen.Count, seen.Select(c => c.Cursor).Distinct().Count());
    }
}
