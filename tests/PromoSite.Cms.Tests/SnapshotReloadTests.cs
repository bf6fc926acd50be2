using System.Text.Json.Nodes;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

/// <summary>
/// The published snapshot is read again after every save, and reuses the fields it parsed before for language versions
/// whose revisions did not change (issue 18: reading and parsing every revision was most of a reload at 24,000 versions).
/// Revisions are never edited, so their facts and parsed fields are taken from the replaced snapshot where the same
/// revision is shown. These pin that the reuse never shows stale content: a new revision, a new Vietnamese revision under a translation
/// (its Vietnamese facts and its "outdated" mark), and an unpublished language are all read again.
/// </summary>
public sealed class SnapshotReloadTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task A_reload_reads_again_only_what_changed_and_shows_every_change(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var (edited, untouched) = await cms.EditAsync(async (editor, _) => (await ParkAsync(editor, "a"), await ParkAsync(editor, "b")));
        var delivery = (ContentDeliveryService)cms.Delivery;

        var before = await delivery.SnapshotAsync(CancellationToken.None);
        Assert.Equal("Công ty a", (await EnglishAsync(cms, edited)).Fields["developer"]?.GetValue<string>());

        // A new English revision: English is read again, the Vietnamese and the other park are not.
        await SaveAsync(cms, edited, "en", new JsonObject { ["title"] = "Park a, renamed", ["summary"] = "Summary." });
        var afterTranslation = await delivery.SnapshotAsync(CancellationToken.None);
        Assert.NotSame(before, afterTranslation);
        Assert.Equal("Park a, renamed", (await EnglishAsync(cms, edited)).Fields["title"]?.GetValue<string>());
        Assert.NotSame(FieldsOf(before, edited, "en"), FieldsOf(afterTranslation, edited, "en"));
        Assert.Same(FieldsOf(before, edited, "vi"), FieldsOf(afterTranslation, edited, "vi"));
        Assert.Same(FieldsOf(before, untouched, "en"), FieldsOf(afterTranslation, untouched, "en"));
        Assert.Same(afterTranslation.ById[untouched].Shared, before.ById[untouched].Shared);
        Assert.Same(before.ById[untouched].Localizations["en"].Revision, afterTranslation.ById[untouched].Localizations["en"].Revision);
        Assert.NotEqual(before.ById[edited].Localizations["en"].RevisionId, afterTranslation.ById[edited].Localizations["en"].RevisionId);

        // A new Vietnamese revision: the translation's Vietnamese facts and its outdated mark follow it, though its own revision is the same.
        await SaveAsync(cms, edited, "vi", new JsonObject { ["title"] = "Khu a", ["summary"] = "Tóm tắt mới.", ["developer"] = "Công ty mới" });
        var afterSource = await delivery.SnapshotAsync(CancellationToken.None);
        var english = await EnglishAsync(cms, edited);
        Assert.Equal("Công ty mới", english.Fields["developer"]?.GetValue<string>());
        Assert.True(english.IsOutdated);
        Assert.NotSame(FieldsOf(afterTranslation, edited, "en"), FieldsOf(afterSource, edited, "en"));
        Assert.Same(FieldsOf(afterTranslation, untouched, "vi"), FieldsOf(afterSource, untouched, "vi"));
        Assert.False((await EnglishAsync(cms, untouched)).IsOutdated);

        // Unpublishing English: English shows the Vietnamese as a fallback, and the unpublished version is read from its working copy.
        await SaveAsync(cms, edited, "en", new JsonObject { ["title"] = "Park a, withdrawn", ["summary"] = "Summary." }, LocalizationStatus.Unpublished);
        var withdrawn = await delivery.SnapshotAsync(CancellationToken.None);
        Assert.Equal("Park a, withdrawn", FieldsOf(withdrawn, edited, "en")["title"]?.GetValue<string>());
        var fallback = await EnglishAsync(cms, edited, withdrawn.ById[edited].Localizations["vi"].Slug);
        Assert.True(fallback.IsFallback);
        Assert.Equal("Khu a", fallback.Title);
    }

    private static JsonObject FieldsOf(PublishedSnapshot snapshot, long id, string locale) => snapshot.ById[id].Localizations[locale].Fields;

    /// <summary>The item as English readers get it, at its English address (or another slug it answers at).</summary>
    private static async Task<DeliveredItem> EnglishAsync(CmsHarness cms, long id, string? slug = null)
    {
        var snapshot = await ((ContentDeliveryService)cms.Delivery).SnapshotAsync(CancellationToken.None);
        var lookup = await cms.Delivery.GetAsync("en", IndustrialPark.Key, slug ?? snapshot.ById[id].Localizations["en"].Slug);
        Assert.Equal(LookupStatus.Found, lookup.Status);
        return lookup.Item!;
    }

    private static async Task<long> ParkAsync(ContentEditor editor, string name)
    {
        var created = await editor.CreateAsync(IndustrialPark.Key, $"park-{name}", new JsonObject { ["locality"] = "Biên Hòa" },
            new LocalizationInput("vi", new JsonObject { ["title"] = $"Khu {name}", ["summary"] = "Tóm tắt.", ["developer"] = $"Công ty {name}" }, LocalizationStatus.Published), "tester");
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        var english = await editor.SaveAsync(created.Item!.Id, null, null,
            new LocalizationInput("en", new JsonObject { ["title"] = $"Park {name}", ["summary"] = "Summary." }, LocalizationStatus.Published), "tester");
        Assert.True(english.Succeeded, string.Join("; ", english.Errors));
        return created.Item.Id;
    }

    private static async Task SaveAsync(CmsHarness cms, long id, string locale, JsonObject fields, LocalizationStatus status = LocalizationStatus.Published)
    {
        var saved = await cms.EditAsync((editor, _) => editor.SaveAsync(id, null, null, new LocalizationInput(locale, fields, status), "tester"));
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors));
    }
}
