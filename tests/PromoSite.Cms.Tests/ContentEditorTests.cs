using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

public sealed class ContentEditorTests
{
    private static JsonObject Shared(int stars = 5) => new() { ["stars"] = stars, ["category"] = "food" };

    private static LocalizationInput Vi(string title = "Bưởi Tân Triều", LocalizationStatus status = LocalizationStatus.Published) =>
        new("vi", new JsonObject { ["title"] = title, ["summary"] = "Bưởi ngon." }, status);

    private static LocalizationInput Tr(string locale, string title, string? slug = null) =>
        new(locale, new JsonObject { ["title"] = title, ["summary"] = "..." }, LocalizationStatus.Published, Slug: slug);

    private static async Task<ContentItem> CreateAsync(CmsHarness cms, string key = "buoi", string title = "Bưởi Tân Triều")
    {
        var outcome = await cms.EditAsync((editor, _) => editor.CreateAsync("ocop-products", key, Shared(), Vi(title), "tester"));
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        return outcome.Item!;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Every_save_appends_a_revision_and_an_unchanged_save_appends_none(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var item = await CreateAsync(cms);
        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Tr("en", "Tan Trieu pomelo"), "tester"));
        var again = await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Tr("en", "Tan Trieu pomelo"), "tester"));
        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Tr("en", "Tan Trieu pomelos"), "tester"));

        Assert.Equal(EditResult.Unchanged, again.Result);
        await using var db = cms.NewContext();
        var revisions = await db.Revisions.Where(r => r.ItemId == item.Id).OrderBy(r => r.Number).ToListAsync();
        Assert.Equal([1, 2, 3], revisions.Select(r => r.Number));
        Assert.Equal(["vi", "en", "en"], revisions.Select(r => r.Locale));
        Assert.Contains("Tan Trieu pomelo\"", revisions[1].FieldsJson, StringComparison.Ordinal);
        Assert.Contains("pomelos", revisions[2].FieldsJson, StringComparison.Ordinal);
        Assert.All(revisions, r => Assert.Equal("tester", r.Author));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_translation_cannot_change_a_shared_field(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var item = await CreateAsync(cms);
        var outcome = await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, Shared(stars: 3), Tr("ko", "자몽"), "tester"));

        Assert.Equal(EditResult.Invalid, outcome.Result);
        Assert.Contains(outcome.Errors, err => err.Field == "stars" && err.Message.Contains("source", StringComparison.Ordinal));
        await using var db = cms.NewContext();
        Assert.Contains("\"stars\":5", (await db.Items.SingleAsync()).SharedJson, StringComparison.Ordinal);
        Assert.False(await db.Localizations.AnyAsync(l => l.Locale == "ko"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_shared_field_sent_as_a_translated_field_is_refused(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var item = await CreateAsync(cms);
        var input = new LocalizationInput("ja", new JsonObject { ["title"] = "ザボン", ["stars"] = 3 }, LocalizationStatus.Draft);
        var outcome = await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, input, "tester"));
        Assert.Contains(outcome.Errors, err => err.Field == "stars");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Slugs_come_from_titles_stay_unique_and_cjk_locales_take_the_english_one(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var first = await CreateAsync(cms, "a", "Bưởi Tân Triều");
        var second = await CreateAsync(cms, "b", "Bưởi Tân Triều");
        await cms.EditAsync((e, _) => e.SaveAsync(first.Id, null, null, Tr("en", "Tan Trieu Pomelo"), "t"));
        var ko = await cms.EditAsync((e, _) => e.SaveAsync(first.Id, null, null, Tr("ko", "떤찌에우 자몽"), "t"));

        Assert.Equal("buoi-tan-trieu", first.Localizations.Single(l => l.Locale == "vi").Slug);
        Assert.Equal("buoi-tan-trieu-2", second.Localizations.Single(l => l.Locale == "vi").Slug);
        Assert.Equal("tan-trieu-pomelo", ko.Localization!.Slug);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_explicit_slug_already_taken_is_refused_with_who_holds_it(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        await CreateAsync(cms, "a", "Bưởi Tân Triều");
        var second = await CreateAsync(cms, "b", "Chôm chôm");
        var outcome = await cms.EditAsync((e, _) => e.SaveAsync(second.Id, null, null, Vi("Chôm chôm") with { Slug = "buoi-tan-trieu" }, "t"));
        var error = Assert.Single(outcome.Errors);
        Assert.Equal("slug", error.Field);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_changed_slug_leaves_a_permanent_redirect_that_no_other_item_can_take(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var item = await CreateAsync(cms, "a");
        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Vi() with { Slug = "buoi-tan-trieu-bien-hoa" }, "t"));
        var other = await CreateAsync(cms, "b", "Khác");
        var steal = await cms.EditAsync((e, _) => e.SaveAsync(other.Id, null, null, Vi("Khác") with { Slug = "buoi-tan-trieu" }, "t"));

        await using var db = cms.NewContext();
        var redirect = await db.SlugRedirects.SingleAsync();
        Assert.Equal(("buoi-tan-trieu", item.Id), (redirect.Slug, redirect.ItemId));
        Assert.Equal(EditResult.Invalid, steal.Result);
        Assert.Contains("redirect", steal.Errors.Single().Message, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_save_based_on_a_stale_version_is_refused_and_overwrites_nothing(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var item = await CreateAsync(cms);
        var startedFrom = item.Version;
        var first = await cms.EditAsync((e, _) => e.SaveAsync(item.Id, startedFrom, null, Vi("Bản của biên tập viên A"), "a"));
        var second = await cms.EditAsync((e, _) => e.SaveAsync(item.Id, startedFrom, null, Vi("Bản của biên tập viên B"), "b"));

        Assert.Equal(EditResult.Updated, first.Result);
        Assert.Equal(EditResult.Conflict, second.Result);
        await using var db = cms.NewContext();
        Assert.Contains("A\"", (await db.Localizations.SingleAsync()).FieldsJson, StringComparison.Ordinal);
        Assert.DoesNotContain(await db.Revisions.Select(r => r.FieldsJson).ToListAsync(), json => json.Contains("viên B", StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_translation_turns_outdated_when_the_vietnamese_changes_and_current_when_retranslated(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var item = await CreateAsync(cms);
        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Tr("en", "Tan Trieu pomelo"), "t"));
        await using (var db = cms.NewContext())
        {
            Assert.False(await IsOutdatedAsync(db, item.Id, "en"));
        }

        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Vi("Bưởi Tân Triều Biên Hòa"), "t"));
        await using (var db = cms.NewContext())
        {
            Assert.True(await IsOutdatedAsync(db, item.Id, "en"));
        }

        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Tr("en", "Bien Hoa's Tan Trieu pomelo"), "t"));
        await using (var db = cms.NewContext())
        {
            Assert.False(await IsOutdatedAsync(db, item.Id, "en"));
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_translation_cannot_exist_before_its_source(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var outcome = await cms.EditAsync((e, _) => e.CreateAsync("ocop-products", "x", Shared(), Tr("en", "Pomelo"), "t"));
        Assert.Equal(EditResult.Invalid, outcome.Result);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_draft_may_be_incomplete_but_publishing_requires_every_required_field(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var shared = new JsonObject { ["category"] = "food" };
        var draft = new LocalizationInput("vi", new JsonObject { ["title"] = "Nháp" }, LocalizationStatus.Draft);
        var created = await cms.EditAsync((e, _) => e.CreateAsync("ocop-products", "draft", shared, draft, "t"));
        var publish = await cms.EditAsync((e, _) => e.SaveAsync(created.Item!.Id, null, null, draft with { Status = LocalizationStatus.Published }, "t"));

        Assert.Equal(EditResult.Created, created.Result);
        Assert.Equal(EditResult.Invalid, publish.Result);
        Assert.Contains(publish.Errors, e => e.Field == "summary");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_reference_to_a_missing_item_is_refused(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var shared = new JsonObject { ["publication"] = "no-such-series", ["number"] = 1, ["period"] = "2026-Q1", ["issueDate"] = "2026-03-31" };
        var outcome = await cms.EditAsync((e, _) => e.CreateAsync("publication-issues", "i", shared, new LocalizationInput("vi", new JsonObject { ["title"] = "Số 1" }, LocalizationStatus.Published), "t"));
        Assert.Contains(outcome.Errors, e => e.Field == "publication" && e.Message.Contains("no-such-series", StringComparison.Ordinal));
    }

    private static async Task<bool> IsOutdatedAsync(CmsDbContext db, long itemId, string locale)
    {
        var rows = await db.Localizations.Where(l => l.ItemId == itemId).ToListAsync();
        return rows.Single(l => l.Locale == locale).SourceHash != rows.Single(l => l.Locale == "vi").ContentHash;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_draft_over_a_published_translation_leaves_the_live_version_online_until_published(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var item = await CreateAsync(cms);
        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Tr("en", "Tan Trieu pomelo"), "t"));
        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Tr("en", "Draft rewording") with { Status = LocalizationStatus.Draft }, "t"));

        var live = await cms.Delivery.GetByIdAsync("en", item.Id);
        Assert.Equal(("Tan Trieu pomelo", "en"), (live!.Title, live.ResolvedLocale));

        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Tr("en", "Draft rewording"), "t"));
        Assert.Equal("Draft rewording", (await cms.Delivery.GetByIdAsync("en", item.Id))!.Title);

        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, null, Tr("en", "Draft rewording") with { Status = LocalizationStatus.Unpublished }, "t"));
        Assert.Equal("vi", (await cms.Delivery.GetByIdAsync("en", item.Id))!.ResolvedLocale);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Shared_facts_go_live_with_the_published_source_and_not_before(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var item = await CreateAsync(cms);
        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, Shared(stars: 3), Vi() with { Status = LocalizationStatus.Draft }, "t"));
        Assert.Equal(5, (int)(await cms.Delivery.GetByIdAsync("ko", item.Id))!.Fields["stars"]!);

        await cms.EditAsync((e, _) => e.SaveAsync(item.Id, null, Shared(stars: 3), Vi(), "t"));
        Assert.Equal(3, (int)(await cms.Delivery.GetByIdAsync("ko", item.Id))!.Fields["stars"]!);
    }
}
