using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

/// <summary>Every text has a declared maximum and one-line texts stay one line, for every write (editor and import).</summary>
public sealed class ContentLimitTests
{
    private static JsonObject Shared() => new() { ["stars"] = 5, ["category"] = "food" };

    private static LocalizationInput Vi(JsonObject fields, string? seoTitle = null, string? seoDescription = null) =>
        new("vi", fields, LocalizationStatus.Published, SeoTitle: seoTitle, SeoDescription: seoDescription);

    private static async Task<EditOutcome> CreateAsync(CmsHarness cms, JsonObject fields, JsonObject? shared = null, string? seoTitle = null, string? seoDescription = null) =>
        await cms.EditAsync((editor, _) => editor.CreateAsync("ocop-products", "buoi", shared ?? Shared(), Vi(fields, seoTitle, seoDescription), "tester"));

    [Fact]
    public void Every_text_field_of_every_type_declares_a_maximum_length()
    {
        var fields = new ContentTypeRegistry().All.SelectMany(t => t.Fields.Select(f => (Type: t.Name, Field: f)))
            .Where(x => x.Field.Kind is FieldKind.Text or FieldKind.Markdown or FieldKind.TextList or FieldKind.RefList).ToList();

        Assert.NotEmpty(fields);
        Assert.All(fields, x => Assert.True(x.Field.MaxLength is > 0, $"{x.Type}.{x.Field.Name} has no maximum length"));
        Assert.All(fields.Where(x => x.Field.Kind == FieldKind.Markdown), x => Assert.Equal(TextLimits.MarkdownMaxLength, x.Field.MaxLength));
        Assert.All(fields.Where(x => x.Field.Name == "title"), x => Assert.False(x.Field.MultiLine));
    }

    [Fact]
    public void A_text_field_without_a_declared_maximum_is_refused_at_start()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ContentTypeRegistry.Of(typeof(Unbounded)));
        Assert.Contains("Unbounded.Note", ex.Message, StringComparison.Ordinal);
    }

    [ContentType("unbounded", "Unbounded")]
    private sealed class Unbounded
    {
        [Localized, System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MaxLength(100)] public string Title { get; init; } = "";
        [Localized] public string? Note { get; init; }
    }

    [Theory]
    [InlineData("Bưởi Tân Triều", false, true)]
    [InlineData("Bưởi\nTân Triều", false, false)]
    [InlineData("Bưởi\rTân Triều", false, false)]
    [InlineData("Bưởi\tTân Triều", false, false)]
    [InlineData("Bưởi\u0000", false, false)]
    [InlineData("Bưởi\u0085", false, false)]
    [InlineData("Bưởi\u2028Tân", false, false)]
    [InlineData("Line one\nLine two\r\n\tIndented", true, true)]
    [InlineData("Bell\u0007", true, false)]
    [InlineData("Escape\u001b[31m", true, false)]
    [InlineData("Delete\u007f", true, false)]
    public void One_line_texts_refuse_every_control_character_and_multi_line_texts_all_but_line_breaks_and_tabs(string value, bool multiLine, bool accepted) =>
        Assert.Equal(accepted, TextLimits.CharacterProblem("title", "'title'", value, multiLine) is null);

    [Theory, ClassData(typeof(Providers))]
    public async Task A_line_break_in_a_title_is_refused_naming_the_field_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var outcome = await CreateAsync(cms, new JsonObject { ["title"] = "Bưởi\nTân Triều", ["summary"] = "Bưởi ngon." });

        Assert.Equal(EditResult.Invalid, outcome.Result);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal("title", error.Field);
        Assert.Contains("'title'", error.Message, StringComparison.Ordinal);
        await using var db = cms.NewContext();
        Assert.False(await db.Items.AnyAsync());
        Assert.False(await db.Revisions.AnyAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Multi_line_fields_keep_line_breaks_but_refuse_other_control_characters(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var bell = await CreateAsync(cms, new JsonObject { ["title"] = "Bưởi", ["summary"] = "Ngon.", ["whereToBuy"] = "Chợ Biên Hòa\u0007" });
        var lines = await CreateAsync(cms, new JsonObject { ["title"] = "Bưởi", ["summary"] = "Ngon.", ["whereToBuy"] = "Chợ Biên Hòa\nHợp tác xã Tân Triều", ["body"] = "# Bưởi\n\n\tMột đoạn." });

        Assert.Equal("whereToBuy", Assert.Single(bell.Errors).Field);
        Assert.True(lines.Succeeded, string.Join("; ", lines.Errors));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task Over_long_texts_are_refused_per_field(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var shared = Shared();
        shared["producer"] = "HTX\nTân Triều";
        var outcome = await CreateAsync(cms,
            new JsonObject { ["title"] = new string('b', 161), ["summary"] = "Ngon.", ["body"] = new string('x', TextLimits.MarkdownMaxLength + 1) },
            shared,
            seoTitle: new string('s', 100_000),
            seoDescription: new string('d', TextLimits.SeoDescriptionMaxLength + 1));

        Assert.Equal(EditResult.Invalid, outcome.Result);
        Assert.Equal(["body", "producer", "seoDescription", "seoTitle", "title"], outcome.Errors.Select(e => e.Field).Distinct().Order());
        Assert.Contains(outcome.Errors, e => e.Field == "seoTitle" && e.Message.Contains("100000", StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_tag_with_a_line_break_is_refused(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        var outcome = await cms.EditAsync((editor, _) => editor.CreateAsync(
            "media", "anh", new JsonObject { ["file"] = "originals/00/" + new string('0', 64) + ".png", ["tags"] = new JsonArray("lễ hội", "a\nb") },
            Vi(new JsonObject { ["title"] = "Ảnh" }), "tester"));

        Assert.Contains(outcome.Errors, e => e.Field == "tags" && e.Message.Contains("entry 2", StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_import_with_an_over_long_title_is_refused_at_its_path_and_line(DatabaseProvider provider)
    {
        await using var cms = await CmsHarness.CreateAsync(provider);
        using var content = ContentFolder.Fixture();
        content.Write("dishes", "banh-bo", "vi", $"""
            ---
            summary: Bánh bò nướng.
            title: {new string('b', 161)}
            ---
            Bánh.
            """);

        var report = await cms.ImportAsync(content.Path);

        Assert.False(report.Succeeded);
        var error = Assert.Single(report.Errors);
        Assert.EndsWith("dishes/banh-bo/vi.md", error.Path, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
        Assert.Contains("title", error.Message, StringComparison.Ordinal);
        await using var db = cms.NewContext();
        Assert.False(await db.Items.AnyAsync());
    }
}
