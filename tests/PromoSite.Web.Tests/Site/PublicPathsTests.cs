using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// <see cref="PublicPaths"/> is the one answer to "which item does this path show": the item page,
/// the one-pager and analytics all ask it. The fixture has two series whose issues share a slug, an
/// OCOP product and a series whose English slugs were changed, and a trashed heritage site.
/// </summary>
public sealed class PublicPathsTests(PublicPathsTests.Site site) : IClassFixture<PublicPathsTests.Site>
{
    [Fact]
    public async Task An_issue_is_found_within_its_own_series()
    {
        var a = await site.Paths.ResolveAsync("en", "publications/foreign-affairs-bulletin/2026-q1");
        var b = await site.Paths.ResolveAsync("en", "publications/trade-bulletin/2026-q1");

        Assert.Equal(LookupStatus.Found, a.Status);
        Assert.Equal(("publication-issues", "ban-tin-a-2026-q1"), (a.Type!.Name, a.Item!.Key));
        Assert.Equal("ban-tin-a", a.Parent!.Key);
        Assert.Equal("/en/publications/foreign-affairs-bulletin/2026-q1", a.Item.Path);
        Assert.Equal(("ban-tin-b-2026-q1", "ban-tin-b"), (b.Item!.Key, b.Parent!.Key));

        // The same slug under the other series, or under no series, is not this issue.
        Assert.Equal(LookupStatus.NotFound, (await site.Paths.ResolveAsync("en", "publications/trade-bulletin/2026-q2")).Status);
        Assert.Equal(LookupStatus.NotFound, (await site.Paths.ResolveAsync("en", "publications/no-such-series/2026-q1")).Status);
    }

    [Fact]
    public async Task An_old_slug_answers_moved_to_the_current_path()
    {
        var product = await site.Paths.ResolveAsync("en", "ocop/salted-roasted-cashews");
        var issue = await site.Paths.ResolveAsync("en", "publications/bulletin-a/2026-q2");

        Assert.Equal((LookupStatus.Moved, "/en/ocop/roasted-cashews"), (product.Status, product.RedirectPath));
        Assert.Equal("ocop-products", product.Type!.Name);
        // The series moved: the issue is sent to its place under the series' current slug.
        Assert.Equal((LookupStatus.Moved, "/en/publications/foreign-affairs-bulletin/2026-q2"), (issue.Status, issue.RedirectPath));
        Assert.Equal(LookupStatus.Found, (await site.Paths.ResolveAsync("en", issue.RedirectPath![4..])).Status);
    }

    [Fact]
    public async Task Words_the_site_uses_for_its_sections_are_never_page_slugs()
    {
        Assert.Equal("pages", site.Paths.Parse("about-dong-nai")!.Type.Name);
        foreach (var word in Slugs.Reserved)
        {
            Assert.NotEqual("pages", site.Paths.Parse(word)?.Type.Name);
            Assert.Null((await site.Paths.ResolveAsync("en", word)).Item);
        }

        Assert.Equal(PathLookup.NoMatch, await site.Paths.ResolveAsync("en", "news"));
        Assert.Null(site.Paths.Parse("ocop//x"));
        Assert.Null(site.Paths.Parse(""));
    }

    [Theory]
    [InlineData("ocop/tan-trieu-pomelo", LookupStatus.Found, true)]
    [InlineData("ocop/roasted-cashews", LookupStatus.Found, true)]
    [InlineData("ocop/salted-roasted-cashews", LookupStatus.Moved, true)]
    [InlineData("ocop/no-such-product", LookupStatus.NotFound, true)]
    [InlineData("publications/foreign-affairs-bulletin/2026-q1", LookupStatus.Found, true)]
    [InlineData("publications/bulletin-a/2026-q1", LookupStatus.Moved, true)]
    [InlineData("publications/trade-bulletin/2026-q1", LookupStatus.Found, true)]
    [InlineData("publications/trade-bulletin/2026-q2", LookupStatus.NotFound, true)]
    [InlineData("publications/foreign-affairs-bulletin", LookupStatus.Found, false)]
    [InlineData("publications/bulletin-a", LookupStatus.Moved, false)]
    [InlineData("heritage/mo-co-hang-gon", LookupStatus.Gone, false)]
    [InlineData("about-dong-nai", LookupStatus.Found, false)]
    [InlineData("no-such-page", LookupStatus.NotFound, false)]
    [InlineData("news/no/such/thing", LookupStatus.NotFound, false)]
    public async Task The_item_page_the_one_pager_and_analytics_agree_with_it(string path, LookupStatus expected, bool printable)
    {
        var shown = await site.Paths.ResolveAsync("en", path);
        Assert.Equal(expected, shown.Status);

        var page = await site.Client.GetAsync(new Uri($"/en/{path}", UriKind.Relative));
        Assert.Equal(Expected(shown.Status), page.StatusCode);
        Assert.Equal(shown.RedirectPath, page.Headers.Location?.OriginalString);

        if (printable)
        {
            var print = await site.Client.GetAsync(new Uri($"/en/print/{path}", UriKind.Relative));
            Assert.Equal(shown.Status is LookupStatus.Found or LookupStatus.Moved ? Expected(shown.Status) : HttpStatusCode.NotFound, print.StatusCode);
            Assert.Equal(shown.RedirectPath?.Replace("/en/", "/en/print/", StringComparison.Ordinal), print.Headers.Location?.OriginalString);
        }

        var visit = await site.Classifier.ClassifyAsync($"/en/{path}", CancellationToken.None);
        Assert.Equal(shown.Item?.Id, visit.ItemId);
        Assert.Equal("en", visit.Locale);
    }

    private static HttpStatusCode Expected(LookupStatus status) => status switch
    {
        LookupStatus.Found => HttpStatusCode.OK,
        LookupStatus.Moved => HttpStatusCode.MovedPermanently,
        LookupStatus.Gone => HttpStatusCode.Gone,
        _ => HttpStatusCode.NotFound,
    };

    /// <summary>The app with the fixture, changed after import as editors would: two slugs renamed, one item trashed.</summary>
    public sealed class Site : IAsyncLifetime
    {
        private PromoSiteFactory? _app;

        public HttpClient Client { get; private set; } = null!;

        public PublicPaths Paths => _app!.Services.GetRequiredService<PublicPaths>();

        public IVisitClassifier Classifier => _app!.Services.GetRequiredService<IVisitClassifier>();

        public async Task InitializeAsync()
        {
            var content = ContentFolder.Fixture();
            Series(content, "ban-tin-a", "Bản tin A", "ban-tin-a", "Foreign affairs bulletin", "bulletin-a");
            Series(content, "ban-tin-b", "Bản tin B", "ban-tin-b", "Trade bulletin", "trade-bulletin");
            Issue(content, "ban-tin-a-2026-q1", "ban-tin-a", 1, "2026-03-31", "bai-mot");
            Issue(content, "ban-tin-a-2026-q2", "ban-tin-a", 2, "2026-06-30", "bai-mot");
            Issue(content, "ban-tin-b-2026-q1", "ban-tin-b", 1, "2026-03-31", "bai-mot");
            content.Write("articles", "bai-mot", "vi", """
                ---
                date: 2026-03-01
                slug: bai-mot
                title: Bài một
                ---
                Nội dung.
                """);
            content.Write("pages", "gioi-thieu", "vi", """
                ---
                slug: gioi-thieu
                title: Giới thiệu
                ---
                Đồng Nai.
                """);
            content.Write("pages", "gioi-thieu", "en", """
                ---
                slug: about-dong-nai
                title: About Đồng Nai
                ---
                Đồng Nai.
                """);
            _app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, content.Path);
            content.Dispose();
            Client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

            await RenameAsync("hat-dieu", "en", "roasted-cashews");
            await RenameAsync("ban-tin-a", "en", "foreign-affairs-bulletin");
            await using var scope = _app.Services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<ContentEditor>().TrashAsync(await _app.ItemIdAsync("mo-co-hang-gon")));
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _app!.DisposeAsync();
        }

        private async Task RenameAsync(string key, string locale, string slug)
        {
            await using var scope = _app!.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var item = await db.Items.AsNoTracking().Include(i => i.Localizations).SingleAsync(i => i.Key == key);
            var localization = item.Localizations.Single(l => l.Locale == locale);
            var outcome = await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(
                item.Id, item.Version, null, new LocalizationInput(locale, JsonNode.Parse(localization.FieldsJson)!.AsObject(), LocalizationStatus.Published, slug), "test");
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        }

        private static void Series(ContentFolder content, string key, string vi, string viSlug, string en, string enSlug)
        {
            content.Write("publications", key, "vi", $"""
                ---
                frequency: quarterly
                slug: {viSlug}
                title: {vi}
                summary: {vi}.
                ---
                """);
            content.Write("publications", key, "en", $"""
                ---
                slug: {enSlug}
                title: {en}
                summary: {en}.
                ---
                """);
        }

        private static void Issue(ContentFolder content, string key, string series, int number, string date, string article)
        {
            var slug = $"2026-q{number}";
            content.Write("publication-issues", key, "vi", $"""
                ---
                slug: "{slug}"
                title: Số {number}
                publication: {series}
                number: {number}
                period: "2026-Q{number}"
                issueDate: {date}
                articles:
                  - {article}
                ---
                """);
            content.Write("publication-issues", key, "en", $"""
                ---
                slug: "{slug}"
                title: Issue {number}
                ---
                """);
        }
    }
}
