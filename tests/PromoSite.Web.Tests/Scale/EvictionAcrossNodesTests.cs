using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Scale;

/// <summary>A publish on one node reaches another node's cached pages through PostgreSQL's NOTIFY, not the poll.</summary>
public sealed class EvictionAcrossNodesTests
{
    private const string Path = "/en/ocop/tan-trieu-pomelo";

    internal static async Task RetitleAsync(PromoSiteFactory app, string title)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var item = await db.Items.Include(i => i.Localizations).SingleAsync(i => i.Key == "buoi-tan-trieu");
        var en = item.Localizations.Single(l => l.Locale == "en");
        var input = new LocalizationInput("en", new JsonObject { ["title"] = title, ["summary"] = "New." }, LocalizationStatus.Published, en.Slug);
        var outcome = await scope.ServiceProvider.GetRequiredService<ContentEditor>().SaveAsync(item.Id, item.Version, null, input, "test");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
    }

    [Fact]
    public async Task A_publish_on_the_cms_node_evicts_the_site_nodes_cached_page_long_before_its_poll()
    {
        // The site node would not poll for an hour: only the notification can tell it in time.
        await using var nodes = await Nodes.StartAsync(DatabaseProvider.Postgres, "cms", "site", settingsB: new Dictionary<string, string> { ["Cms:ChangePollInterval"] = "01:00:00" });
        var site = nodes.B.CreateClient();
        Assert.Contains("Tan Trieu pomelo", await site.GetStringAsync(new Uri(Path, UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("Tan Trieu pomelo", await site.GetStringAsync(new Uri(Path, UriKind.Relative)), StringComparison.Ordinal); // cached now

        await RetitleAsync(nodes.A, "Tân Triều pomelo, fresh");
        var watch = Stopwatch.StartNew();
        var page = await site.GetStringAsync(new Uri(Path, UriKind.Relative));
        while (!page.Contains("Tân Triều pomelo, fresh", StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
            page = await site.GetStringAsync(new Uri(Path, UriKind.Relative));
        }

        Assert.Contains("Tân Triều pomelo, fresh", page, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"visible on the other node after {watch.Elapsed}");
    }

    [Fact]
    public async Task A_rolled_back_write_notifies_no_one()
    {
        await using var nodes = await Nodes.StartAsync(DatabaseProvider.Postgres, "cms", "site");
        var notifier = nodes.B.Services.GetRequiredService<ContentChangeNotifier>();
        await Task.Delay(500); // the listener is connected (it starts with the host; a connection takes a few ms)
        var before = notifier.LocalChanges;

        await using (var scope = nodes.A.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.BumpChangeCounterAsync();
            await transaction.RollbackAsync();
        }

        await RetitleAsync(nodes.A, "Committed");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (notifier.LocalChanges == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(300);
        Assert.Equal(before + 1, notifier.LocalChanges); // the commit, not the rollback
    }
}
