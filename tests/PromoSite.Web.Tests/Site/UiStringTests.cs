using System.Text.RegularExpressions;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;
using PromoSite.Web.Localization;

namespace PromoSite.Web.Tests.Site;

public sealed partial class UiStringTests
{
    private static readonly string Root = RepositoryRoot.Find(AppContext.BaseDirectory)!;

    private static Dictionary<string, string> Load(string locale) => UiStrings.Public(Path.Combine(Root, "locales"), locale);

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("zh")]
    public void Every_language_has_every_key_and_no_empty_text(string locale)
    {
        var reference = Load("en").Keys.ToHashSet();
        var strings = Load(locale);
        Assert.Empty(reference.Except(strings.Keys));
        Assert.Empty(strings.Keys.Except(reference));
        Assert.DoesNotContain(strings, s => string.IsNullOrWhiteSpace(s.Value));
    }

    [Fact]
    public void Every_key_the_views_use_exists()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src", "Web"), "*.cs*", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            foreach (Match match in UsedKey().Matches(File.ReadAllText(file)))
            {
                used.Add(match.Groups[1].Value);
            }
        }

        var registry = new ContentTypeRegistry();
        foreach (var type in registry.All)
        {
            used.Add(type.LabelKey);
            used.Add(type.SingularLabelKey);
            if (type.CompareParameter is not null)
            {
                used.Add(type.CompareTitleKey);
            }
        }

        foreach (var locale in Locales.All)
        {
            used.Add($"language.{locale}");
        }

        foreach (var field in registry.All.SelectMany(t => t.Fields))
        {
            if (field.UnitKey is { } unit)
            {
                used.Add(unit);
            }

            used.Add($"field.{field.Name}");
            foreach (var option in field.Options)
            {
                used.Add($"enum.{field.Name}.{option}");
            }
        }

        Assert.Empty(used.Except(Load("en").Keys).Order());
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("zh")]
    public void Placeholders_match_the_english_text(string locale)
    {
        var english = Load("en");
        var strings = Load(locale);
        foreach (var (key, text) in english)
        {
            Assert.Equal(Placeholders(text), Placeholders(strings[key]));
        }
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"(?:T\[|Find\([a-z]+, )""([a-z][a-zA-Z]*\.[a-zA-Z.]+)""")]
    private static partial Regex UsedKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
