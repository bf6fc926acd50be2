using System.Text.Json.Nodes;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

/// <summary>Scheduling a new version of a live page: the page stays up with the old text until the new one's time.</summary>
public sealed class ScheduledRevisionTests
{
    private static LocalizationInput En(string title, LocalizationStatus status = LocalizationStatus.Published, DateTime? publishAt = null) =>
        new("en", new JsonObject { ["title"] = title, ["summary"] = "Sweet pomelo." }, status, PublishAt: publishAt);

    private static async Task<long> CreateAsync(CmsHarness cms)
    {
        var vi = new LocalizationInput("vi", new JsonObject { ["title"] = "Bưởi Tân Triều", ["summary"] = "Bưởi ngon." }, LocalizationStatus.Published);
        var created = await cms.EditAsync((e, _) => e.CreateAsync("ocop-products", "buoi", new JsonObject { ["stars"] = 5, ["category"] = "food" }, vi, "tester"));
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        var id = created.Item!.Id;
        Assert.True((await cms.EditAsync((e, _) => e.SaveAsync(id, null, null, En("Tan Trieu pomelo"), "tester"))).Succeeded);
        return id;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_version_scheduled_for_tomorrow_leaves_todays_version_live_until_then(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var id = await CreateAsync(cms);
        var tomorrow = cms.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        Assert.True((await cms.EditAsync((e, _) => e.SaveAsync(id, null, null, En("Tan Trieu pomelo, five stars", publishAt: tomorrow), "tester"))).Succeeded);

        var today = await cms.Delivery.GetAsync("en", "ocop-products", "tan-trieu-pomelo");
        Assert.Equal(LookupStatus.Found, today.Status);
        Assert.Equal(("Tan Trieu pomelo", "en"), (today.Item!.Title, today.Item.ResolvedLocale));
        Assert.Contains(today.Item.Alternates, a => a.Locale == "en");

        cms.Clock.Advance(TimeSpan.FromDays(1.01));
        var later = await cms.Delivery.GetByIdAsync("en", id);
        Assert.Equal("Tan Trieu pomelo, five stars", later!.Title);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_language_taken_down_before_a_scheduled_publish_stays_down_until_then(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var id = await CreateAsync(cms);
        Assert.True((await cms.EditAsync((e, _) => e.SaveAsync(id, null, null, En("Tan Trieu pomelo", LocalizationStatus.Unpublished), "tester"))).Succeeded);
        var tomorrow = cms.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        Assert.True((await cms.EditAsync((e, _) => e.SaveAsync(id, null, null, En("Tan Trieu pomelo, five stars", publishAt: tomorrow), "tester"))).Succeeded);

        var today = await cms.Delivery.GetByIdAsync("en", id);
        Assert.Equal("vi", today!.ResolvedLocale); // falls back: the English was taken down on purpose

        cms.Clock.Advance(TimeSpan.FromDays(1.01));
        Assert.Equal("Tan Trieu pomelo, five stars", (await cms.Delivery.GetByIdAsync("en", id))!.Title);
    }
}
