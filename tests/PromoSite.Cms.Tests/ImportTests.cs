using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

public sealed class ImportTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task Importing_twice_changes_nothing_the_second_time(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        using var content = ContentFolder.Fixture();
        var first = await cms.ImportAsync(content.Path);
        int revisions;
        await using (var db = cms.NewContext())
        {
            revisions = await db.Revisions.CountAsync();
        }

        var second = await cms.ImportAsync(content.Path);

        Assert.True(first.Succeeded, first.ToString());
        Assert.Equal(4, (await CountAsync(cms, db => db.Items)));
        Assert.Equal((0, 0), (second.Created, second.Updated));
        Assert.Equal(first.Created + first.Updated, second.Unchanged);
        await using var after = cms.NewContext();
        Assert.Equal(revisions, await after.Revisions.CountAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_changed_file_gives_exactly_one_new_revision(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        using var content = ContentFolder.Fixture();
        await cms.ImportAsync(content.Path);
        var before = await CountAsync(cms, db => db.Revisions);
        content.Write("ocop-products", "hat-dieu", "en", """
            ---
            title: Salted roasted cashew nuts
            summary: Roasted cashew nuts from Bình Phước.
            ---
            Cashews.
            """);
        var report = await cms.ImportAsync(content.Path);

        Assert.Equal(1, report.Updated);
        Assert.Equal(before + 1, await CountAsync(cms, db => db.Revisions));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Malformed_yaml_is_reported_with_path_and_line_and_nothing_is_imported(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        using var content = ContentFolder.Fixture();
        content.Write("dishes", "banh-bo", "vi", """
            ---
            title: Bánh bò
            summary: [unclosed
            ---
            Body.
            """);
        var report = await cms.ImportAsync(content.Path);

        Assert.False(report.Succeeded);
        var error = Assert.Single(report.Errors);
        Assert.EndsWith("dishes/banh-bo/vi.md", error.Path, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
        Assert.Equal(0, await CountAsync(cms, db => db.Items));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_file_that_is_not_utf8_is_refused_with_its_line_and_byte_and_nothing_is_imported(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        using var content = ContentFolder.Fixture();
        content.Write("dishes", "banh-bo", "vi", "placeholder");
        // "Bánh bò" saved as Windows-1258 (á = 0xE1, ò = 0xF2): bytes a UTF-8 decoder would replace with U+FFFD.
        byte[] legacy = [.. "---\ntitle: B"u8, 0xE1, .. "nh b"u8, 0xF2, .. "\nsummary: S.\n---\nBody.\n"u8];
        await File.WriteAllBytesAsync(Path.Combine(content.Path, "dishes", "banh-bo", "vi.md"), legacy);

        var report = await cms.ImportAsync(content.Path);

        Assert.False(report.Succeeded);
        var error = Assert.Single(report.Errors);
        Assert.EndsWith("dishes/banh-bo/vi.md", error.Path, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
        Assert.Contains("not UTF-8 at line 2, byte 9", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(cms, db => db.Items));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_refused_import_keeps_none_of_the_media_files_it_read(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        using var content = ContentFolder.Fixture();
        content.Write("media", "logo", "vi", "---\ntitle: Logo\n---\n");
        await File.WriteAllBytesAsync(Path.Combine(content.Path, "media", "logo", "logo.png"), Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));
        content.Write("dishes", "banh-bo", "vi", "---\ntitle: Bánh bò\nsummary: [unclosed\n---\n");

        var report = await cms.ImportAsync(content.Path);

        Assert.False(report.Succeeded);
        var data = cms.Services.GetRequiredService<DataFolder>().Path;
        var originals = Path.Combine(data, "media", "originals");
        Assert.Empty(Directory.Exists(originals) ? Directory.GetFiles(originals, "*", SearchOption.AllDirectories) : []);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_translation_that_sets_a_shared_field_is_refused_at_its_line(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        using var content = ContentFolder.Fixture();
        content.Write("ocop-products", "hat-dieu", "ko", """
            ---
            title: 캐슈넛
            summary: 구운 캐슈넛.
            stars: 3
            ---
            """);
        var report = await cms.ImportAsync(content.Path);

        var error = Assert.Single(report.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("shared", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(cms, db => db.Items));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task One_bad_file_among_good_ones_leaves_existing_content_exactly_as_it_was(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        using var content = ContentFolder.Fixture();
        await cms.ImportAsync(content.Path);
        var revisionsBefore = await CountAsync(cms, db => db.Revisions);
        content.Write("ocop-products", "buoi-tan-trieu", "en", """
            ---
            title: Tan Trieu pomelo, renamed
            summary: Changed.
            ---
            """);
        content.Write("heritage-sites", "van-mieu", "vi", """
            ---
            rank: world-famous
            title: Văn miếu Trấn Biên
            summary: Văn miếu.
            ---
            """);
        var report = await cms.ImportAsync(content.Path);

        var error = Assert.Single(report.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("special-national", error.Message, StringComparison.Ordinal);
        Assert.Equal(revisionsBefore, await CountAsync(cms, db => db.Revisions));
        await using var db = cms.NewContext();
        Assert.DoesNotContain(await db.Localizations.Select(l => l.FieldsJson).ToListAsync(), f => f.Contains("renamed", StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_failure_found_only_while_writing_rolls_the_whole_run_back(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        using var content = ContentFolder.Fixture();
        // Valid on its own, but its explicit slug collides with another item's: found only in the database.
        content.Write("ocop-products", "zzz-copy", "vi", """
            ---
            stars: 4
            category: food
            slug: buoi-tan-trieu
            title: Bản sao
            summary: Trùng slug.
            ---
            """);
        var report = await cms.ImportAsync(content.Path);

        Assert.Contains(report.Errors, e => e.Path.EndsWith("zzz-copy/vi.md", StringComparison.Ordinal) && e.Line == 4);
        Assert.Equal(0, await CountAsync(cms, db => db.Items));
        Assert.Equal(0, await CountAsync(cms, db => db.Revisions));
    }

    [Theory]
    [InlineData("no-front-matter", "Just text.", 1, "must start")]
    [InlineData("unclosed", "---\ntitle: x\n", 3, "not closed")]
    [InlineData("unknown-field", "---\ntitle: x\nsummary: y\ncategory: food\nprice: 10\n---\n", 5, "'price' is not a field")]
    [InlineData("bad-number", "---\ntitle: x\nsummary: y\ncategory: food\nstars: five\n---\n", 5, "whole number")]
    [InlineData("bad-time", "---\ntitle: x\nsummary: y\ncategory: food\npublishAt: tomorrow\n---\n", 5, "not a time")]
    public async Task Each_kind_of_malformed_file_gets_a_message_that_says_what_is_wrong(string key, string text, int line, string message)
    {
        await using var cms = await CmsHarness.CreateAsync(DatabaseProvider.Sqlite);
        using var content = new ContentFolder();
        content.Write("ocop-products", key, "vi", text);
        var report = await cms.ImportAsync(content.Path);

        var error = Assert.Single(report.Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folders_that_are_not_types_items_or_locales_are_reported()
    {
        await using var cms = await CmsHarness.CreateAsync(DatabaseProvider.Sqlite);
        using var content = new ContentFolder();
        content.Write("recipes", "pho", "vi", "---\ntitle: Phở\n---\n");
        content.Write("dishes", "Bad Key", "vi", "---\ntitle: x\nsummary: y\n---\n");
        content.Write("dishes", "ok", "fr", "---\ntitle: x\n---\n");
        var report = await cms.ImportAsync(content.Path);

        Assert.Contains(report.Errors, e => e.Message.Contains("'recipes' is not a content type", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Message.Contains("'Bad Key' is not a valid item key", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Path.EndsWith("fr.md", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Message.Contains("vi.md", StringComparison.Ordinal) && e.Path.EndsWith("dishes/ok", StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task The_shipped_sample_content_imports_cleanly_and_covers_every_section(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        // As on a first start: the agencies first (statements name their issuer), their series rules after.
        Assert.Empty(await cms.InScopeAsync(sp => sp.GetRequiredService<AgencySeed>().ImportAsync(TestFolders.SampleContent, withSeries: false)));
        var report = await cms.ImportAsync(TestFolders.SampleContent);
        Assert.True(report.Succeeded, report.ToString());
        Assert.Empty(await cms.InScopeAsync(sp => sp.GetRequiredService<AgencySeed>().ImportAsync(TestFolders.SampleContent, withSeries: true)));

        await using var db = cms.NewContext();
        var counts = await db.Items.GroupBy(i => i.Type).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        foreach (var type in new[] { "investment-projects", "industrial-parks", "ocop-products", "destinations", "dishes", "events", "heritage-sites" })
        {
            Assert.True(counts.GetValueOrDefault(type) >= 5, $"{type} has {counts.GetValueOrDefault(type)} items; at least 5 are promised.");
        }

        Assert.True(counts.GetValueOrDefault("publications") >= 4);
        var locales = await db.Localizations.Select(l => l.Locale).Distinct().ToListAsync();
        Assert.Equal(["en", "ja", "ko", "vi", "zh"], locales.Order());
        var missing = await db.Items.CountAsync(i => i.Localizations.Count < 5);
        Assert.True(missing > 0, "Some translations are meant to be missing so that fallback shows.");
    }

    private static async Task<int> CountAsync<T>(CmsHarness cms, Func<CmsDbContext, IQueryable<T>> set)
    {
        await using var db = cms.NewContext();
        return await set(db).CountAsync();
    }
}
