using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Monitoring;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, in the test) serving good, changing and hostile feeds,
/// which the monitoring poller reads as it would read a news site.
/// </summary>
internal sealed class LocalFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>Requests seen per path, with the conditional headers they carried.</summary>
    public List<(string Path, string? IfNoneMatch, string? IfModifiedSince)> Requests { get; } = [];

    /// <summary>The RSS served at /changing.xml; tests change it between polls.</summary>
    public string ChangingRss { get; set; } = Rss(("c1", "Đồng Nai mở rộng khu công nghiệp", "Tin tức về Đồng Nai."));

    public string BaseUrl { get; }

    private LocalFeedServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<LocalFeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LocalFeedServer? server = null;
        app.Use(async (context, next) =>
        {
            lock (server!.Requests)
            {
                server.Requests.Add((context.Request.Path.Value!, context.Request.Headers.IfNoneMatch.FirstOrDefault(), context.Request.Headers.IfModifiedSince.FirstOrDefault()));
            }

            await next(context);
        });
        app.MapGet("/good.xml", () => Results.Text(Rss(
            ("g1", "Đồng Nai thu hút vốn FDI kỷ lục", "Tỉnh Đồng Nai đón nhiều dự án mới."),
            ("g2", "Thời tiết miền Nam", "Không liên quan."),
            ("g3", "동나이성 산업단지 확장", "한국 기업의 투자가 늘고 있습니다.")), "application/rss+xml; charset=utf-8"));
        app.MapGet("/mirror.xml", () => Results.Text(Rss(("g1", "Đồng Nai thu hút vốn FDI kỷ lục", "Same item, another feed.")), "application/rss+xml; charset=utf-8"));
        app.MapGet("/atom.xml", () => Results.Text("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja"><title>ニュース</title><id>urn:test:atom</id><updated>2026-12-01T00:00:00Z</updated>
            <entry><id>urn:test:a1</id><title>ドンナイ省の工業団地に新工場</title><updated>2026-12-01T00:00:00Z</updated><summary>日本企業が進出します。</summary><link href="https://news.example/a1"/></entry>
            </feed>
            """, "application/atom+xml"));
        app.MapGet("/json.json", () => Results.Text("""
            {"version":"https://jsonfeed.org/version/1.1","title":"新闻","language":"zh","items":[{"id":"j1","url":"https://news.example/j1","title":"同奈省工业园区吸引外资","content_text":"隆城机场建设进展顺利。"}]}
            """, "application/feed+json"));
        app.MapGet("/changing.xml", (HttpContext http) =>
        {
            var etag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(server!.ChangingRss)))[..16] + "\"";
            if (http.Request.Headers.IfNoneMatch == etag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            http.Response.Headers.ETag = etag;
            return Results.Text(server.ChangingRss, "application/rss+xml; charset=utf-8");
        });
        app.MapGet("/dtd.xml", () => Results.Text("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY a "Đồng Nai Đồng Nai Đồng Nai"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <rss version="2.0"><channel><title>t</title><item><guid>d1</guid><title>&b;</title></item></channel></rss>
            """, "application/rss+xml"));
        app.MapGet("/huge.xml", async (HttpContext http) =>
        {
            // No Content-Length: the poller must stop reading by itself.
            http.Response.ContentType = "application/rss+xml";
            await http.Response.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>");
            var item = "<item><guid>x</guid><title>Đồng Nai</title></item>";
            for (var i = 0; i < 60_000; i++)
            {
                await http.Response.WriteAsync(item);
            }

            await http.Response.WriteAsync("</channel></rss>");
        });
        app.MapGet("/page.html", () => Results.Text("<html><body>Đồng Nai</body></html>", "text/html"));
        app.MapGet("/broken.xml", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LocalFeedServer(app, address);
        return server;
    }

    public static string Rss(params (string Guid, string Title, string Text)[] items) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Tin</title><link>https://news.example/</link><description>d</description>"
        + string.Concat(items.Select(i => $"<item><guid isPermaLink=\"false\">{i.Guid}</guid><title>{i.Title}</title><description>{i.Text}</description><link>https://news.example/{i.Guid}</link></item>"))
        + "</channel></rss>";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed class PressMonitoringTests
{
    private static Dictionary<string, string> Settings(bool allowPrivate = true) => new()
    {
        ["Admin:Email"] = "root@dongnai.example", ["Admin:Password"] = "river mango lantern 2026",
        ["Monitoring:AllowPrivateSources"] = allowPrivate ? "true" : "false", ["Monitoring:Poll"] = "false",
        ["Monitoring:MaxFeedBytes"] = "1000000",
    };

    private static async Task SeedAsync(PromoSiteFactory app, LocalFeedServer feeds, params (string Name, string Path, string? Locale)[] sources)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        db.KeywordRules.AddRange(
            new KeywordRule { Locale = "vi", Phrase = "Dong Nai" }, // no diacritics: still finds "Đồng Nai"
            new KeywordRule { Locale = "ko", Phrase = "동나이" },
            new KeywordRule { Locale = "ja", Phrase = "ドンナイ" },
            new KeywordRule { Locale = "zh", Phrase = "同奈" });
        foreach (var (name, path, locale) in sources)
        {
            db.MonitorSources.Add(new MonitorSource { Name = name, Url = feeds.BaseUrl + path, Locale = locale, NextFetchAt = DateTime.UtcNow.AddMinutes(-1), CreatedAt = DateTime.UtcNow });
        }

        await db.SaveChangesAsync();
    }

    private static async Task<T> ReadAsync<T>(PromoSiteFactory app, Func<CmsDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CmsDbContext>());
    }

    private static async Task DueNowAsync(PromoSiteFactory app) =>
        await ReadAsync(app, db => db.MonitorSources.ExecuteUpdateAsync(s => s.SetProperty(x => x.NextFetchAt, DateTime.UtcNow.AddMinutes(-1))));

    [Theory, ClassData(typeof(Providers))]
    public async Task Matching_items_of_rss_atom_and_json_feeds_are_filed_once_in_their_language(DatabaseProvider provider)
    {
        await using var feeds = await LocalFeedServer.StartAsync();
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, Settings());
        await SeedAsync(app, feeds, ("Báo mẫu", "/good.xml", null), ("Báo chép lại", "/mirror.xml", "vi"), ("Atom", "/atom.xml", null), ("JSON", "/json.json", null));
        var poller = app.Services.GetRequiredService<FeedPoller>();

        Assert.Equal(4, await poller.RunOnceAsync(CancellationToken.None));
        var mentions = await ReadAsync(app, db => db.Mentions.OrderBy(m => m.Id).ToListAsync());
        string[] expected = ["Đồng Nai thu hút vốn FDI kỷ lục", "동나이성 산업단지 확장", "ドンナイ省の工業団地に新工場", "同奈省工业园区吸引外资"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), mentions.Select(m => m.Title).Order(StringComparer.Ordinal)); // the weather item matched nothing
        Assert.Equal(("vi", "Dong Nai"), mentions.Where(m => m.Title.StartsWith("Đồng", StringComparison.Ordinal)).Select(m => (m.Locale, m.MatchedRules)).Single());
        Assert.Equal("ko", mentions.Single(m => m.Title.StartsWith("동나이", StringComparison.Ordinal)).Locale);
        Assert.Equal("ja", mentions.Single(m => m.Title.StartsWith("ドンナイ", StringComparison.Ordinal)).Locale);
        var chinese = mentions.Single(m => m.Title.StartsWith("同奈", StringComparison.Ordinal));
        Assert.Equal(("zh", "https://news.example/j1", "隆城机场建设进展顺利。"), (chinese.Locale, chinese.Link, chinese.Snippet));
        Assert.All(mentions, m => Assert.Equal(MentionTriage.New, m.Triage));

        // The same items again (and the mirror's copy of g1): nothing new is filed.
        await DueNowAsync(app);
        Assert.Equal(0, await poller.RunOnceAsync(CancellationToken.None));
        Assert.Equal(4, await ReadAsync(app, db => db.Mentions.CountAsync()));
    }

    [Fact]
    public async Task An_unchanged_feed_is_asked_with_its_validators_and_a_change_is_noticed()
    {
        await using var feeds = await LocalFeedServer.StartAsync();
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, Settings());
        await SeedAsync(app, feeds, ("Đổi", "/changing.xml", "vi"));
        var poller = app.Services.GetRequiredService<FeedPoller>();

        Assert.Equal(1, await poller.RunOnceAsync(CancellationToken.None));
        await DueNowAsync(app);
        Assert.Equal(0, await poller.RunOnceAsync(CancellationToken.None));
        var second = feeds.Requests.Where(r => r.Path == "/changing.xml").ToList()[1];
        Assert.NotNull(second.IfNoneMatch); // the ETag of the first answer, so the server could answer 304

        feeds.ChangingRss = LocalFeedServer.Rss(("c1", "Đồng Nai mở rộng khu công nghiệp", "x"), ("c2", "Biên Hòa, Đồng Nai: cầu mới", "y"));
        await DueNowAsync(app);
        Assert.Equal(1, await poller.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await ReadAsync(app, db => db.MonitorSources.Select(s => s.Failures).SingleAsync()));
    }

    [Fact]
    public async Task Hostile_and_broken_feeds_are_refused_unparsed_and_retried_later_with_growing_waits()
    {
        await using var feeds = await LocalFeedServer.StartAsync();
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, Settings());
        await SeedAsync(app, feeds, ("DTD", "/dtd.xml", null), ("Huge", "/huge.xml", null), ("HTML", "/page.html", null), ("500", "/broken.xml", null));
        var poller = app.Services.GetRequiredService<FeedPoller>();

        Assert.Equal(0, await poller.RunOnceAsync(CancellationToken.None));
        var sources = await ReadAsync(app, db => db.MonitorSources.ToDictionaryAsync(s => s.Name));
        Assert.Contains("DTD", sources["DTD"].LastError, StringComparison.Ordinal);
        Assert.Contains("larger than", sources["Huge"].LastError, StringComparison.Ordinal);
        Assert.Contains("text/html", sources["HTML"].LastError, StringComparison.Ordinal);
        Assert.Contains("500", sources["500"].LastError, StringComparison.Ordinal);
        Assert.All(sources.Values, s => Assert.Equal(1, s.Failures));
        var firstWait = sources["500"].NextFetchAt - sources["500"].LastFetchedAt!.Value;

        // Not due yet: nothing is asked. Due again: it fails again and waits twice as long.
        var asked = feeds.Requests.Count;
        Assert.Equal(0, await poller.RunOnceAsync(CancellationToken.None));
        Assert.Equal(asked, feeds.Requests.Count);
        await DueNowAsync(app);
        await poller.RunOnceAsync(CancellationToken.None);
        var again = await ReadAsync(app, db => db.MonitorSources.SingleAsync(s => s.Name == "500"));
        Assert.Equal(2, again.Failures);
        Assert.Equal(firstWait * 2, again.NextFetchAt - again.LastFetchedAt!.Value);
        Assert.Equal(0, await ReadAsync(app, db => db.Mentions.CountAsync()));
    }

    [Fact]
    public async Task A_source_on_a_private_address_is_refused_when_added_and_when_fetched()
    {
        await using var feeds = await LocalFeedServer.StartAsync();
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path, Settings(allowPrivate: false));
        var admin = await AdminClient.ForNewUserAsync(app, "admin2@dongnai.example", Role.Administrator);
        var (refused, page) = await admin.SubmitAsync("/admin/press/monitoring", new Dictionary<string, string> { ["Name"] = "Nội bộ", ["FeedUrl"] = feeds.BaseUrl + "/good.xml" }, form: 1);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("127.0.0.1", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await ReadAsync(app, db => db.MonitorSources.CountAsync()));

        // A name that points at a private address only after it was saved (DNS rebinding) is refused at the connection (the SSRF guard).
        await SeedAsync(app, feeds, ("Localhost", "/good.xml", null));
        var byName = feeds.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/good.xml";
        await ReadAsync(app, db => db.MonitorSources.ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, byName)));
        var before = feeds.Requests.Count;
        Assert.Equal(0, await app.Services.GetRequiredService<FeedPoller>().RunOnceAsync(CancellationToken.None));
        Assert.Equal(before, feeds.Requests.Count);
        Assert.Contains("refused", await ReadAsync(app, db => db.MonitorSources.Select(s => s.LastError).SingleAsync()), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_source_whose_host_name_resolves_to_a_private_address_is_refused_when_added_with_the_webhook_guards_coded_vietnamese_message(DatabaseProvider provider)
    {
        // This machine's own name resolves to a loopback or private address (a container's, a VM's): as an internal server would.
        var host = Dns.GetHostName();
        var resolved = await Dns.GetHostAddressesAsync(host);
        Assert.True(resolved.Length > 0 && !resolved.Any(Cms.Webhooks.WebhookTargets.IsPublic), $"{host} should resolve to non-public addresses only for this test: {string.Join(", ", resolved.Select(r => r.ToString()))}");
        await using var feeds = await LocalFeedServer.StartAsync();
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, Settings(allowPrivate: false));
        var admin = await AdminClient.ForNewUserAsync(app, "admin3@dongnai.example", Role.Administrator);
        var url = feeds.BaseUrl.Replace("127.0.0.1", host, StringComparison.Ordinal) + "/good.xml";
        var (refused, page) = await admin.SubmitAsync("/admin/press/monitoring", new Dictionary<string, string> { ["Name"] = "Máy chủ nội bộ", ["FeedUrl"] = url }, form: 1);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var alert = page.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains($"Tên {host} trỏ tới {resolved.First(a => !Cms.Webhooks.WebhookTargets.IsPublic(a))}", alert, StringComparison.Ordinal);
        Assert.Contains("chỉ được gọi tới máy chủ công khai", alert, StringComparison.Ordinal);
        Assert.Equal(url, page.QuerySelector("input[name=FeedUrl]")?.GetAttribute("value")); // what was typed is kept to correct it
        Assert.Equal(0, await ReadAsync(app, db => db.MonitorSources.CountAsync()));

        // The same guard as the webhooks', not a copy: it refuses the same address for a webhook too, by the same code.
        var webhook = await Cms.Webhooks.WebhookTargets.ProblemAsync(url.Replace("http:", "https:", StringComparison.Ordinal), allowPrivate: false, requireHttps: true, CancellationToken.None);
        Assert.Equal("urlResolvesPrivate", webhook?.Code);
        Assert.Null(await Cms.Webhooks.WebhookTargets.ProblemAsync(url, allowPrivate: true, requireHttps: false, CancellationToken.None)); // the tests' allowance
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Editors_triage_assign_and_link_a_mention_to_its_answer_and_see_the_chart(DatabaseProvider provider)
    {
        await using var feeds = await LocalFeedServer.StartAsync();
        using var content = PressRoomTests.Content();
        await using var app = await PromoSiteFactory.StartAsync(provider, content.Path, Settings());
        await SeedAsync(app, feeds, ("Báo mẫu", "/good.xml", null));
        await app.Services.GetRequiredService<FeedPoller>().RunOnceAsync(CancellationToken.None);
        var id = await ReadAsync(app, db => db.Mentions.Where(m => m.Locale == "vi").Select(m => m.Id).SingleAsync());

        var editor = await AdminClient.ForNewUserAsync(app, "editor@dongnai.example", Role.Editor);
        var (inbox, page) = await editor.GetAsync("/admin/press/mentions");
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        Assert.Equal("Hộp thư đề cập", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("figure.chart svg"));
        Assert.Contains("Dong Nai", page.QuerySelector($"#mention-{id} .matched")!.TextContent, StringComparison.Ordinal);
        var form = page.QuerySelectorAll("main form").ToList().FindIndex(f => f.QuerySelector($"input[name=id][value='{id}']") is not null);

        var (saved, _) = await editor.SubmitAsync("/admin/press/mentions", new Dictionary<string, string> { ["triage"] = "NeedsResponse", ["assignedTo"] = "editor@dongnai.example", ["answeredBy"] = "thong-cao-mau" }, form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var mention = await ReadAsync(app, db => db.Mentions.SingleAsync(m => m.Id == id));
        Assert.Equal((MentionTriage.NeedsResponse, "editor@dongnai.example", "thong-cao-mau"), (mention.Triage, mention.AssignedTo, mention.AnsweredBy));

        // An answer that is not a statement is not taken.
        await editor.SubmitAsync("/admin/press/mentions", new Dictionary<string, string> { ["triage"] = "Ignore", ["answeredBy"] = "buoi-tan-trieu" }, form);
        mention = await ReadAsync(app, db => db.Mentions.SingleAsync(m => m.Id == id));
        Assert.Equal((MentionTriage.Ignore, "thong-cao-mau"), (mention.Triage, mention.AnsweredBy));
        Assert.Null((await editor.GetAsync("/admin/press/mentions")).Page.QuerySelector($"#mention-{id}")); // ignored ones leave the default view

        var translator = await AdminClient.ForNewUserAsync(app, "translator@dongnai.example", Role.Translator, "ko");
        Assert.NotEqual(HttpStatusCode.OK, (await translator.GetAsync("/admin/press/mentions")).Response.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await editor.GetAsync("/admin/press/monitoring")).Response.StatusCode); // sources: administrators only
    }
}
