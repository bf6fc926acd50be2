using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// Issue 16's memory aim: what a node keeps is bounded. The page cache has a configurable budget, and an item's
/// rendered Markdown is held only weakly, so a page rendered after the memory was reclaimed shows the same text.
/// </summary>
public sealed class SiteMemoryTests
{
    private const string ItemPage = "/en/heritage/hang-gon-megalithic-tomb";

    [Fact]
    public async Task The_page_cache_budget_is_the_configured_megabytes_and_100_by_default()
    {
        await using var configured = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["Site:OutputCacheMegabytes"] = "8" });
        await using var plain = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Sqlite);

        Assert.Equal(8L * 1024 * 1024, configured.Services.GetRequiredService<IOptions<OutputCacheOptions>>().Value.SizeLimit);
        Assert.Equal(100L * 1024 * 1024, plain.Services.GetRequiredService<IOptions<OutputCacheOptions>>().Value.SizeLimit);
    }

    [Fact]
    public async Task An_item_body_rendered_again_after_a_full_garbage_collection_is_the_same_html()
    {
        await using var app = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, PromoSite.Testing.TestFolders.SampleContent, new Dictionary<string, string> { ["Site:OutputCache"] = "false" });
        using var client = app.CreateClient();

        var first = await BodyOfAsync(client);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var second = await BodyOfAsync(client);

        Assert.Contains("<p>", first, StringComparison.Ordinal); // the Markdown body rendered as HTML
        Assert.Equal(first, second);
    }

    private static async Task<string> BodyOfAsync(HttpClient client)
    {
        var html = await client.GetStringAsync(new Uri(ItemPage, UriKind.Relative));
        var document = await new HtmlParser().ParseDocumentAsync(html);
        return document.QuerySelector("div.body")?.InnerHtml ?? "";
    }
}
