using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Webhooks;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Admin;

/// <summary>Webhooks against a real receiver on a loopback port: signature, retries with their log, language filter, outdated events, re-send, and who may set them up.</summary>
public sealed class WebhookTests
{
    private const string RootEmail = "root@dongnai.example";
    private const string RootPassword = "river mango lantern 2026";

    /// <summary>A small HTTP server that answers 500 to its first <paramref name="failures"/> calls, then 200.</summary>
    private sealed class Receiver(int failures) : IAsyncDisposable
    {
        private WebApplication? _app;
        private int _calls;

        public ConcurrentQueue<(IHeaderDictionary Headers, string Body)> Received { get; } = new();

        public string Url { get; private set; } = "";

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.MapPost("/hook", async context =>
            {
                var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
                Received.Enqueue((new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body));
                context.Response.StatusCode = Interlocked.Increment(ref _calls) <= failures ? 500 : 200;
            });
            await _app.StartAsync();
            Url = _app.Urls.First() + "/hook";
        }

        public async Task WaitForAsync(int count)
        {
            for (var i = 0; i < 150 && Received.Count < count; i++)
            {
                await Task.Delay(100);
            }

            Assert.True(Received.Count >= count, $"the receiver got {Received.Count} calls, expected {count}");
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }

    private static Dictionary<string, string> Settings(bool allowPrivate = true) => new()
    {
        ["Admin:Email"] = RootEmail,
        ["Admin:Password"] = RootPassword,
        ["Webhooks:AllowPrivateTargets"] = allowPrivate ? "true" : "false",
        ["Webhooks:PollInterval"] = "00:00:00.1",
        ["Webhooks:RetryDelays:0"] = "00:00:00.2",
        ["Webhooks:RetryDelays:1"] = "00:00:00.2",
        ["Webhooks:RetryDelays:2"] = "00:00:00.2",
    };

    private static async Task<AdminClient> RootAsync(PromoSiteFactory app)
    {
        var root = new AdminClient(app);
        await root.SignInAsync(RootEmail, RootPassword);
        return root;
    }

    private static async Task<string> SubscribeAsync(AdminClient root, string url, string locales, params string[] events)
    {
        var fields = new List<KeyValuePair<string, string>> { new("url", url), new("description", "National portal") };
        fields.AddRange(events.Select(e => new KeyValuePair<string, string>("events", e)));
        fields.AddRange(locales.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => new KeyValuePair<string, string>("locales", l)));
        var (_, page) = await root.GetAsync("/admin/webhooks");
        var token = page.QuerySelector("form[action*='Create'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields.Add(new("__RequestVerificationToken", token));
        var response = await root.Http.PostAsync(new Uri("/admin/webhooks?handler=Create", UriKind.Relative), new FormUrlEncodedContent(fields));
        var html = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return html.QuerySelector("#new-secret")?.TextContent ?? throw new InvalidOperationException(html.QuerySelector("[role=alert]")?.TextContent ?? $"no secret ({response.StatusCode})");
    }

    private static Task<EditOutcome> SaveAsync(PromoSiteFactory app, long id, string locale, string title, LocalizationStatus status = LocalizationStatus.Published) =>
        WithScopeAsync(app, async sp =>
        {
            var db = sp.GetRequiredService<CmsDbContext>();
            var current = await db.Localizations.AsNoTracking().FirstOrDefaultAsync(l => l.ItemId == id && l.Locale == locale);
            var fields = current is null ? new JsonObject { ["summary"] = "요약." } : JsonNode.Parse(current.FieldsJson)!.AsObject();
            fields["title"] = title;
            return await sp.GetRequiredService<ContentEditor>().SaveAsync(id, null, null, new LocalizationInput(locale, fields, status), "test");
        });

    private static async Task<T> WithScopeAsync<T>(PromoSiteFactory app, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_korean_publish_reaches_the_receiver_signed_after_two_failures_with_every_attempt_logged(DatabaseProvider provider)
    {
        await using var receiver = new Receiver(failures: 2);
        await receiver.StartAsync();
        await using var japaneseOnly = new Receiver(failures: 0);
        await japaneseOnly.StartAsync();
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider, Settings());
        var root = await RootAsync(app);
        var secret = await SubscribeAsync(root, receiver.Url, "ko", WebhookEvents.Published, WebhookEvents.Outdated);
        await SubscribeAsync(root, japaneseOnly.Url, "ja", WebhookEvents.Published);

        var cashews = await app.ItemIdAsync("hat-dieu");
        Assert.True((await SaveAsync(app, cashews, "ko", "소금에 볶은 캐슈너트")).Succeeded);
        await receiver.WaitForAsync(3);

        var (headers, body) = receiver.Received.Last();
        var timestamp = headers["X-PromoSite-Timestamp"].ToString();
        Assert.Equal("sha256=" + WebhookDispatcher.Sign(secret, timestamp, body), headers["X-PromoSite-Signature"].ToString());
        Assert.NotEqual("sha256=" + WebhookDispatcher.Sign("whsec_wrong", timestamp, body), headers["X-PromoSite-Signature"].ToString());
        var payload = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("published", "ko", "hat-dieu", "소금에 볶은 캐슈너트"), (payload.GetProperty("event").GetString(), payload.GetProperty("locale").GetString(), payload.GetProperty("key").GetString(), payload.GetProperty("title").GetString()));
        Assert.EndsWith("/ko/ocop/salted-roasted-cashews", payload.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Single(receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()).Distinct()); // retries repeat the id

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var delivery = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().WebhookDeliveries.Include(d => d.Log).SingleAsync(d => d.Locale == "ko");
            Assert.Equal((DeliveryState.Delivered, 3), (delivery.State, delivery.Attempts));
            Assert.Equal([500, 500, 200], delivery.Log.OrderBy(a => a.Id).Select(a => a.StatusCode ?? 0));
        }

        // The Vietnamese source changes: the Korean translation made from it is now outdated.
        var pomelo = await app.ItemIdAsync("buoi-tan-trieu");
        Assert.True((await SaveAsync(app, pomelo, "vi", "Bưởi Tân Triều Biên Hòa")).Succeeded);
        await receiver.WaitForAsync(4);
        var outdated = JsonDocument.Parse(receiver.Received.Last().Body).RootElement;
        Assert.Equal(("outdated", "ko", "buoi-tan-trieu"), (outdated.GetProperty("event").GetString(), outdated.GetProperty("locale").GetString(), outdated.GetProperty("key").GetString()));

        await Task.Delay(500);
        Assert.Empty(japaneseOnly.Received); // nothing Japanese happened
        Assert.Equal(4, receiver.Received.Count); // and no English or Vietnamese events reach a Korean-only webhook

        // Sent again by hand: one more attempt, same id.
        var (_, list) = await root.GetAsync("/admin/webhooks?state=delivered");
        var firstId = list.QuerySelectorAll("#deliveries tbody tr").Last().Children[0].TextContent;
        var (resent, _) = await root.SubmitAsync("/admin/webhooks?state=delivered", new Dictionary<string, string> { ["id"] = firstId }, form: list.QuerySelectorAll("main form").Length - 1);
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        await receiver.WaitForAsync(5);
        Assert.Equal(JsonDocument.Parse(receiver.Received.First().Body).RootElement.GetProperty("id").GetString(), JsonDocument.Parse(receiver.Received.Last().Body).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_publish_this_process_was_not_told_of_still_goes_out_with_its_own_title_and_address()
    {
        // A change another node committed (or one read from the outbox before its writer told this process)
        // must not be described from a snapshot older than it: the poll is an hour away here.
        await using var receiver = new Receiver(failures: 0);
        await receiver.StartAsync();
        var settings = Settings();
        settings["Cms:ChangePollInterval"] = "01:00:00";
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite, settings);
        await SubscribeAsync(await RootAsync(app), receiver.Url, "ko", WebhookEvents.Published);
        var cashews = await app.ItemIdAsync("hat-dieu");
        Assert.True((await app.Services.GetRequiredService<PromoSite.Cms.Delivery.IContentDelivery>().GetByIdAsync("ko", cashews))!.IsFallback); // the snapshot is loaded, without Korean

        await WithScopeAsync(app, async sp =>
        {
            // Committed by the caller's own transaction: ContentCommit leaves the notice to that caller, which gives none.
            await using var transaction = await sp.GetRequiredService<CmsDbContext>().Database.BeginTransactionAsync();
            Assert.True((await sp.GetRequiredService<ContentEditor>().SaveAsync(cashews, null, null, new LocalizationInput("ko", new JsonObject { ["title"] = "소금에 볶은 캐슈너트", ["summary"] = "요약." }, LocalizationStatus.Published), "test")).Succeeded);
            await transaction.CommitAsync();
            return true;
        });

        await receiver.WaitForAsync(1);
        var payload = JsonDocument.Parse(receiver.Received.Single().Body).RootElement;
        Assert.Equal(("published", "소금에 볶은 캐슈너트"), (payload.GetProperty("event").GetString(), payload.GetProperty("title").GetString()));
        Assert.EndsWith("/ko/ocop/salted-roasted-cashews", payload.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_that_rolls_back_sends_nothing()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite, Settings());
        var cashews = await app.ItemIdAsync("hat-dieu");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var before = await db.WebhookEvents.CountAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var input = new LocalizationInput("ko", new JsonObject { ["title"] = "캐슈너트", ["summary"] = "요약." }, LocalizationStatus.Published);
            Assert.True((await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(cashews, null, null, input, "test")).Succeeded);
            Assert.Equal(before + 1, await db.WebhookEvents.CountAsync()); // in the transaction...
            await transaction.RollbackAsync();
        }

        db.ChangeTracker.Clear();
        Assert.Equal(before, await db.WebhookEvents.CountAsync()); // ...and gone with it
    }

    [Fact]
    public async Task Only_administrators_see_webhooks_and_internal_addresses_are_refused()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite, Settings(allowPrivate: false));
        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var (denied, _) = await editor.GetAsync("/admin/webhooks");
        Assert.StartsWith("http://localhost/admin/denied", denied.Headers.Location?.ToString(), StringComparison.Ordinal);

        var root = await RootAsync(app);
        foreach (var url in new[] { "http://169.254.169.254/latest/meta-data", "https://10.0.0.7/hook", "https://127.0.0.1/hook", "https://localhost/hook", "http://portal.example.gov.vn/hook" })
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SubscribeAsync(root, url, "", WebhookEvents.Published));
            Assert.False(string.IsNullOrWhiteSpace(error.Message), url);
        }

        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CmsDbContext>().WebhookSubscriptions.CountAsync());
        Assert.False(WebhookTargets.IsPublic(IPAddress.Parse("::ffff:192.168.1.10")));
        Assert.True(WebhookTargets.IsPublic(IPAddress.Parse("203.162.4.191")));
    }
}
