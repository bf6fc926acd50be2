using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Webhooks;

namespace PromoSite.Web.Tests.Operations;

/// <summary>
/// Runs alone: OpenTelemetry listens to every meter named "PromoSite" in the process, so a host
/// started by a test running in parallel would add its own queue gauges to this host's scrape.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>/metrics: Prometheus text for the operator's scraper, on allowed networks only.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests
{
    private static async Task<HttpResponseMessage> ScrapeAsync(HttpClient client, string peer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(PromoSiteFactory.PeerHeader, peer);
        return await client.SendAsync(request);
    }

    /// <summary>The value of the first sample of <paramref name="metric"/> with the label <paramref name="label"/> (name="value"), or -1.</summary>
    private static double Sample(string text, string metric, string? label = null)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && (label is null || l.Contains(label, StringComparison.Ordinal)));
        return line is null ? -1 : double.Parse(line[(line.LastIndexOf('}') + 2)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_scrape_from_loopback_shows_request_cache_publish_and_queue_series(DatabaseProvider provider)
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(provider);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/en/", UriKind.Relative))).StatusCode); // rendered
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/en/", UriKind.Relative))).StatusCode); // from the cache
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var source = new LocalizationInput("vi", new JsonObject { ["title"] = "Trà đo", ["summary"] = "Đo thời gian." }, LocalizationStatus.Published);
            var created = await scope.ServiceProvider.GetRequiredService<ContentEditor>().CreateAsync("ocop-products", "tra-do", new JsonObject { ["category"] = "beverage" }, source, "test");
            Assert.True(created.Succeeded);

            // One webhook delivery waiting for its retry time.
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var subscription = new WebhookSubscription { Url = "https://receiver.example/hook", Events = "published", ProtectedSecret = "x", CreatedBy = "test", CreatedAt = DateTime.UtcNow, Active = false };
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
            db.WebhookDeliveries.Add(new WebhookDelivery { SubscriptionId = subscription.Id, Event = "published", Locale = "vi", Payload = "{}", State = DeliveryState.Pending, NextAttemptAt = DateTime.UtcNow.AddDays(1), CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        string text;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(300); // the exporter keeps a scrape for a moment
            var response = await ScrapeAsync(client, "127.0.0.1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
        }
        while (Sample(text, "promosite_publish_to_visible_seconds_count") < 1 && DateTime.UtcNow < deadline);

        Assert.True(Sample(text, "http_server_request_duration_seconds_count", "http_route=\"{locale:locale}\"") >= 1, text); // the rendered one (a cache hit is answered before routing)
        Assert.True(Sample(text, "promosite_output_cache_lookups_total", "result=\"hit\"") >= 1, text);
        Assert.True(Sample(text, "promosite_output_cache_lookups_total", "result=\"miss\"") >= 1, text);
        Assert.True(Sample(text, "promosite_publish_to_visible_seconds_count") >= 1, text);
        Assert.InRange(Sample(text, "promosite_publish_to_visible_seconds_sum"), 0, 60);
        Assert.Equal(1, Sample(text, "promosite_jobs_pending", "queue=\"webhooks\""));
        Assert.Equal(0, Sample(text, "promosite_jobs_pending", "queue=\"mail\""));
        Assert.Equal(0, Sample(text, "promosite_jobs_pending", "queue=\"derivatives\""));
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scrape_from_outside_the_allowed_networks_is_a_plain_404()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(settings: new Dictionary<string, string> { ["Metrics:AllowedNetworks:0"] = "10.1.0.0/16" });
        var client = app.CreateClient();
        var outside = await ScrapeAsync(client, "203.0.113.5");
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.DoesNotContain("promosite_", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(client, "127.0.0.1")).StatusCode); // loopback is not in this list
        Assert.Equal(HttpStatusCode.OK, (await ScrapeAsync(client, "10.1.2.3")).StatusCode);
    }
}
