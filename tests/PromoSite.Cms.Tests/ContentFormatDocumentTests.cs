using System.Text.Json;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Tests;

public sealed class ContentFormatDocumentTests
{
    private static readonly string Root = RepositoryRoot.Find(AppContext.BaseDirectory)!;

    private static string Generated() => ContentFormatDocument.Write(new ContentTypeRegistry(), English());

    /// <summary>The English public strings: locales/en.json and the features' locales/site/*.en.json.</summary>
    private static Dictionary<string, string> English()
    {
        var folder = Path.Combine(Root, "locales");
        var site = Path.Combine(folder, "site");
        var files = Directory.Exists(site) ? Directory.GetFiles(site, "*.en.json").Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
        return files.Prepend(Path.Combine(folder, "en.json"))
            .SelectMany(f => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(f))!)
            .ToDictionary();
    }

    [Fact]
    public void The_content_format_document_is_what_the_declarations_say()
    {
        var file = File.ReadAllText(Path.Combine(Root, "docs", "content-format.md")).ReplaceLineEndings("\n");
        Assert.True(
            file == Generated(),
            "docs/content-format.md is stale: run `dotnet run --project src/Web -- content-format > docs/content-format.md` and commit it.");
    }

    [Fact]
    public void Every_type_and_field_is_documented_with_its_english_label()
    {
        var document = Generated();
        foreach (var type in new ContentTypeRegistry().All)
        {
            Assert.Contains($"### {type.Name}:", document, StringComparison.Ordinal);
            foreach (var field in type.Fields)
            {
                Assert.Contains($"| `{field.Name}` |", document, StringComparison.Ordinal);
            }
        }

        Assert.Contains("| `image` | S | ref(media) |  | Image (picture) |", document, StringComparison.Ordinal);
        Assert.Contains("| `areaHa` | S | decimal | 0.01 to 100,000; in ha |", document, StringComparison.Ordinal);
    }
}
