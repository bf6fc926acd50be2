using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Site;

/// <summary>Pages that change: cache eviction on publish, unpublished and trashed items, slug changes.</summary>
public sealed class PublishingTests
{
    private static async Task<EditOutcome> SaveEnglishAsync(PromoSiteFactory app, Func<LocalizationInput, LocalizationInput> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var item = await db.Items.Include(i => i.Localizations).SingleAsync(i => i.Key == "buoi-tan-trieu");
        var en = item.Localizations.Single(l => l.Locale == "en");
        var input = new LocalizationInput("en", JsonNode.Parse(en.FieldsJson)!.AsObject(), en.Status, en.Slug);
        var outcome = await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(item.Id, item.Version, null, change(input), "test");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        return outcome;
    }

    private static async Task<(HttpStatusCode Status, AngleSharp.Html.Dom.IHtmlDocument Document)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// Asks for the page until it is as wanted: a background poll (the change watcher's, every
    /// Cms:ChangePollInterval) decides when, so a test waits for the outcome, not a fixed time.
    /// </summary>
    private static async Task<(HttpStatusCode Status, AngleSharp.Html.Dom.IHtmlDocument Document)> EventuallyAsync(
        HttpClient client, string path, Func<(HttpStatusCode Status, AngleSharp.Html.Dom.IHtmlDocument Document), bool> wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var page = await GetAsync(client, path);
        while (!wanted(page) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            page = await GetAsync(client, path);
        }

        return page;
    }

    [Fact]
    public async Task A_publish_replaces_the_cached_page_at_once()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var client = app.CreateClient();
        var (_, before) = await GetAsync(client, "/en/ocop/tan-trieu-pomelo");
        Assert.Equal("Tan Trieu pomelo", before.QuerySelector("h1")!.TextContent);

        await SaveEnglishAsync(app, input => input with { Fields = new JsonObject { ["title"] = "Tân Triều pomelo", ["summary"] = "New." } });
        var (_, after) = await GetAsync(client, "/en/ocop/tan-trieu-pomelo");

        Assert.Equal("Tân Triều pomelo", after.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task An_unpublished_page_says_so_and_links_to_its_section()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var client = app.CreateClient();
        await GetAsync(client, "/en/ocop/tan-trieu-pomelo");

        // Korean and English both unpublished: the Korean URL has nothing published left to fall back to but Vietnamese.
        await SaveEnglishAsync(app, input => input with { Status = LocalizationStatus.Unpublished });
        var (status, document) = await GetAsync(client, "/en/ocop/tan-trieu-pomelo");

        Assert.Equal(HttpStatusCode.OK, status); // falls back to the Vietnamese, which is still published
        Assert.Equal("vi", document.QuerySelector("article")!.GetAttribute("lang"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.Localizations.Where(l => l.Item.Key == "buoi-tan-trieu").ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, LocalizationStatus.Unpublished).SetProperty(l => l.PublishedRevisionId, (long?)null));
            await db.ChangeCounters.ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1));
        }

        // Another node's change (no local notice): noticed by polling the change counter.
        (status, document) = await EventuallyAsync(client, "/en/ocop/tan-trieu-pomelo", page => page.Status == HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.NotNull(document.QuerySelector(".state"));
        Assert.NotNull(document.QuerySelector("main a[href='/en/ocop/']"));
    }

    [Fact]
    public async Task A_trashed_item_answers_410_gone_with_a_way_onward()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.Items.Where(i => i.Key == "buoi-tan-trieu").ExecuteUpdateAsync(s => s.SetProperty(i => i.DeletedAt, DateTime.UtcNow));
            await db.ChangeCounters.ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1));
            scope.ServiceProvider.GetRequiredService<ContentChangeNotifier>().NotifyChanged();
        }

        var (status, document) = await GetAsync(app.CreateClient(), "/ko/ocop/tan-trieu-pomelo");
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.NotNull(document.QuerySelector("main a[href='/ko/ocop/']"));
    }

    [Fact]
    public async Task A_changed_slug_redirects_the_old_public_url_permanently()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        await SaveEnglishAsync(app, input => input with { Slug = "tan-trieu-pomelos" });
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri("/en/ocop/tan-trieu-pomelo?from=qr", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/en/ocop/tan-trieu-pomelos?from=qr", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Each_locale_has_an_atom_feed_and_robots_points_to_the_sitemap()
    {
        using var content = ContentFolder.Fixture();
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
        var client = app.CreateClient();

        var feed = XDocument.Parse(await client.GetStringAsync(new Uri("/ko/feed.xml", UriKind.Relative)));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal("feed", feed.Root!.Name.LocalName);
        Assert.Equal("ko", feed.Root.Attribute(XNamespace.Xml + "lang")?.Value);
        Assert.NotNull(feed.Root.Element(atom + "updated"));

        var robots = await client.GetStringAsync(new Uri("/robots.txt", UriKind.Relative));
        Assert.Contains("Sitemap: https://dongnai.example/sitemap.xml", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /api/", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_publish_reaches_cached_pages_with_no_save_and_no_editor_action()
    {
        using var content = ContentFolder.Fixture();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var site = new PromoSiteFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), content.Path);
        await using var app = site.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        }));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var source = new LocalizationInput("vi", new JsonObject { ["title"] = "Trà lên lịch", ["summary"] = "Đăng theo lịch." }, LocalizationStatus.Published, PublishAt: clock.GetUtcNow().UtcDateTime.AddHours(1));
            var created = await scope.ServiceProvider.GetRequiredService<ContentEditor>().CreateAsync("ocop-products", "tra-sample", new JsonObject { ["category"] = "beverage" }, source, "test");
            Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        }

        var client = app.CreateClient();

        var before = await client.GetStringAsync(new Uri("/vi/ocop/", UriKind.Relative));
        Assert.DoesNotContain("Trà lên lịch", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/vi/ocop/tra-len-lich", UriKind.Relative))).StatusCode);

        clock.Advance(TimeSpan.FromHours(1)); // the publish time passes; the change watcher's next poll evicts the cached pages
        var (_, after) = await EventuallyAsync(client, "/vi/ocop/", page => page.Document.Body?.TextContent.Contains("Trà lên lịch", StringComparison.Ordinal) == true);
        Assert.Contains("Trà lên lịch", after.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/vi/ocop/tra-len-lich", UriKind.Relative))).StatusCode);
    }
}
