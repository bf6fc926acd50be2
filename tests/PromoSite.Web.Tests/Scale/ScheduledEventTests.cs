using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Webhooks;

namespace PromoSite.Web.Tests.Scale;

/// <summary>A scheduled publish is told to webhooks when its window opens, once, by one of the cms nodes.</summary>
public sealed class ScheduledEventTests
{
    private static readonly Dictionary<string, string> FastRounds = new() { ["Webhooks:PollInterval"] = "00:00:00.200" };

    private static async Task<List<(string Event, DateTime At)>> EventsAsync(PromoSiteFactory app, long itemId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().WebhookEvents.Where(e => e.ItemId == itemId && e.Locale == "vi")
            .OrderBy(e => e.Id).Select(e => new { e.Event, e.OccurredAt }).ToListAsync();
        return [.. rows.Select(r => (r.Event, r.OccurredAt))];
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_scheduled_publish_and_unpublish_fire_their_events_when_the_window_passes_once_across_two_cms_nodes(DatabaseProvider provider)
    {
        await using var nodes = await Nodes.StartAsync(provider, "cms", "cms", FastRounds, FastRounds);
        var publishAt = DateTime.UtcNow.AddSeconds(3);
        var unpublishAt = publishAt.AddSeconds(3);
        long itemId;
        await using (var scope = nodes.A.Services.CreateAsyncScope())
        {
            var source = new LocalizationInput("vi", new JsonObject { ["title"] = "Trà lên lịch", ["summary"] = "Đăng theo lịch." }, LocalizationStatus.Published, PublishAt: publishAt, UnpublishAt: unpublishAt);
            var created = await scope.ServiceProvider.GetRequiredService<ContentEditor>().CreateAsync("ocop-products", "tra-sample", new JsonObject { ["category"] = "beverage" }, source, "test");
            Assert.True(created.Succeeded, string.Join("; ", created.Errors));
            itemId = created.Item!.Id;
        }

        Assert.Empty(await EventsAsync(nodes.A, itemId)); // nothing at scheduling time

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await EventsAsync(nodes.A, itemId)).Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(1000); // more rounds of both dispatchers: still once each
        var events = await EventsAsync(nodes.B, itemId);
        Assert.Equal([WebhookEvents.Published, WebhookEvents.Unpublished], events.Select(e => e.Event));
        Assert.True(Math.Abs((events[0].At - publishAt).TotalMilliseconds) < 1, $"published dated {events[0].At:O}, window {publishAt:O}");
        Assert.True(Math.Abs((events[1].At - unpublishAt).TotalMilliseconds) < 1, $"unpublished dated {events[1].At:O}, window {unpublishAt:O}");
    }
}
