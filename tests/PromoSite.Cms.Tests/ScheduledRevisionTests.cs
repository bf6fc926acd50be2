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

    // Lists and filter values are worked out once per snapshot and point of its schedule (issue 18): these pin that a
    // scheduled time passing, to the tick, and a save each give the list of that moment.
    [Theory, ClassData(typeof(Providers))]
    public async Task A_list_read_before_a_scheduled_version_shows_that_version_from_its_very_time(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var id = await CreateAsync(cms);
        var tomorrow = cms.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        Assert.True((await cms.EditAsync((e, _) => e.SaveAsync(id, null, null, En("Tan Trieu pomelo, five stars", publishAt: tomorrow), "tester"))).Succeeded);
        var query = new ContentQuery("en", "ocop-products");
        Assert.Equal(["Tan Trieu pomelo"], (await cms.Delivery.ListAsync(query)).Items.Select(i => i.Title));

        cms.Clock.Advance(tomorrow - cms.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromTicks(1));
        Assert.Equal(["Tan Trieu pomelo"], (await cms.Delivery.ListAllAsync(query)).Select(i => i.Title));
        cms.Clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(["Tan Trieu pomelo, five stars"], (await cms.Delivery.ListAsync(query)).Items.Select(i => i.Title));
        Assert.Equal(["Tan Trieu pomelo, five stars"], (await cms.Delivery.ListAllAsync(query)).Select(i => i.Title));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_product_leaves_its_list_and_its_locality_leaves_the_filter_when_its_unpublish_time_passes_and_a_new_one_enters_on_save(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var tomorrow = cms.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        await cms.EditAsync(async (e, _) =>
        {
            foreach (var (key, locality, until) in new[] { ("buoi", "Tân Triều", (DateTime?)null), ("ca-phe", "Long Khánh", tomorrow) })
            {
                var created = await e.CreateAsync("ocop-products", key, new JsonObject { ["category"] = "food", ["locality"] = locality },
                    new LocalizationInput("vi", new JsonObject { ["title"] = key, ["summary"] = "Ngon." }, LocalizationStatus.Published, UnpublishAt: until), "tester");
                Assert.True(created.Succeeded, string.Join("; ", created.Errors));
            }

            return 0;
        });
        var query = new ContentQuery("vi", "ocop-products");
        Assert.Equal(["buoi", "ca-phe"], (await cms.Delivery.ListAsync(query)).Items.Select(i => i.Title));
        Assert.Equal(["Long Khánh", "Tân Triều"], (await cms.Delivery.FieldValuesAsync("vi", "ocop-products", "locality")).Order(StringComparer.Ordinal));

        cms.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(["buoi"], (await cms.Delivery.ListAsync(query)).Items.Select(i => i.Title));
        Assert.Equal(["Tân Triều"], await cms.Delivery.FieldValuesAsync("vi", "ocop-products", "locality"));

        var added = await cms.EditAsync((e, _) => e.CreateAsync("ocop-products", "banh", new JsonObject { ["category"] = "food", ["locality"] = "Biên Hòa" },
            new LocalizationInput("vi", new JsonObject { ["title"] = "banh", ["summary"] = "Ngon." }, LocalizationStatus.Published), "tester"));
        Assert.True(added.Succeeded, string.Join("; ", added.Errors));
        Assert.Equal(["banh", "buoi"], (await cms.Delivery.ListAsync(query)).Items.Select(i => i.Title));
        Assert.Equal(["Biên Hòa", "Tân Triều"], (await cms.Delivery.FieldValuesAsync("vi", "ocop-products", "locality")).Order(StringComparer.Ordinal));
    }
}
