using System.Globalization;
using System.Text.Json.Nodes;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PromoSite.Cms.Import;

/// <summary>A problem in a source file, located so an editor can go straight to it.</summary>
public sealed record ImportError(string Path, int? Line, string Message)
{
    public override string ToString() => Line is null ? $"{Path}: {Message}" : $"{Path}:{Line}: {Message}";
}

/// <summary>One locale file of one item, parsed and checked against its type but not yet stored.</summary>
public sealed record ParsedContentFile(
    string Path,
    string Locale,
    JsonObject Shared,
    JsonObject Localized,
    LocalizationStatus Status,
    string? Slug,
    string? SeoTitle,
    string? SeoDescription,
    DateTime? PublishAt,
    DateTime? UnpublishAt,
    string? TranslatedFrom,
    IReadOnlyDictionary<string, int> Lines)
{
    public int? LineOf(string field) => Lines.TryGetValue(field, out var line) ? line : null;

    /// <summary>The item's language plan (source file only): null when the file declares none.</summary>
    public IReadOnlyList<string>? Languages { get; init; }
}

/// <summary>
/// Reads content/{type}/{key}/{locale}.md: YAML front matter between "---" lines, then the Markdown
/// body. Every error carries the file and the line it was found on.
/// </summary>
public static class ContentFileParser
{
    public static ParsedContentFile? Parse(string path, string displayPath, string text, ContentTypeDefinition type, string locale, List<ImportError> errors)
    {
        var errorCount = errors.Count;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            errors.Add(new ImportError(displayPath, 1, "The file must start with a '---' line opening the YAML front matter."));
            return null;
        }

        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
        if (close < 0)
        {
            errors.Add(new ImportError(displayPath, lines.Length, "The YAML front matter is not closed by a '---' line."));
            return null;
        }

        var yaml = string.Join('\n', lines[1..close]);
        var body = string.Join('\n', lines[(close + 1)..]).Trim();
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                errors.Add(new ImportError(displayPath, 2, "The front matter must be a YAML mapping of 'key: value' lines."));
                return null;
            }

            root = mapping;
        }
        catch (YamlException ex)
        {
            errors.Add(new ImportError(displayPath, (int)ex.Start.Line + 1, $"YAML error: {ex.InnerException?.Message ?? ex.Message}"));
            return null;
        }

        var shared = new JsonObject();
        var localized = new JsonObject();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var status = LocalizationStatus.Published;
        string? slug = null, seoTitle = null, seoDescription = null, translatedFrom = null;
        DateTime? publishAt = null, unpublishAt = null;
        IReadOnlyList<string>? plan = null;

        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var line = (int)keyNode.Start.Line + 1; // YAML lines count from 1 after the opening '---' line
            lineOf[key] = line;
            if (key == LanguagePlans.FrontMatterKey)
            {
                ReadPlan(valueNode, locale, displayPath, line, errors, ref plan);
                continue;
            }

            if (ReservedFieldNames.All.Contains(key))
            {
                var value = Scalar(valueNode);
                switch (key)
                {
                    case "state" when !LocalizationStatuses.TryParse(value, out status):
                        errors.Add(new ImportError(displayPath, line, $"state '{value}' is not one of draft, in-review, published, unpublished."));
                        break;
                    case "slug":
                        slug = value;
                        break;
                    case "seoTitle":
                        seoTitle = value;
                        break;
                    case "seoDescription":
                        seoDescription = value;
                        break;
                    case "translatedFrom" when locale == Locales.Source:
                        errors.Add(new ImportError(displayPath, line, "translatedFrom belongs in translations, not in the Vietnamese source."));
                        break;
                    case "translatedFrom":
                        translatedFrom = value;
                        break;
                    case "publishAt":
                        publishAt = ParseTime(value, displayPath, line, key, errors);
                        break;
                    case "unpublishAt":
                        unpublishAt = ParseTime(value, displayPath, line, key, errors);
                        break;
                }

                continue;
            }

            if (!type.FieldsByName.TryGetValue(key, out var field))
            {
                errors.Add(new ImportError(displayPath, line, $"'{key}' is not a field of {type.Name}. Fields: {string.Join(", ", type.Fields.Select(f => f.Name))}."));
                continue;
            }

            // The body is what follows the front matter; another Markdown field (an agenda) is a YAML block ("agenda: |").
            if (field.Kind == FieldKind.Markdown && field == type.MarkdownBody)
            {
                errors.Add(new ImportError(displayPath, line, $"'{key}' is the Markdown body: write it after the front matter, not in it."));
                continue;
            }

            if (field.Shared && locale != Locales.Source)
            {
                errors.Add(new ImportError(displayPath, line, $"'{key}' is a shared field: it is the same in every language and is set in {Locales.Source}.md only."));
                continue;
            }

            var converted = Convert(field, valueNode, out var problem);
            if (problem is not null)
            {
                errors.Add(new ImportError(displayPath, line, $"'{key}' {problem}"));
            }
            else if (converted is not null)
            {
                (field.Localized ? localized : shared)[key] = converted;
            }
        }

        if (body.Length > 0)
        {
            if (type.MarkdownBody is null)
            {
                errors.Add(new ImportError(displayPath, close + 2, $"{type.Name} has no Markdown body; the text after the front matter has nowhere to go."));
            }
            else
            {
                localized["body"] = body;
                lineOf["body"] = close + 2;
            }
        }

        if (errors.Count > errorCount)
        {
            return null;
        }

        return new ParsedContentFile(path, locale, shared, localized, status, slug, seoTitle, seoDescription, publishAt, unpublishAt, translatedFrom, lineOf) { Languages = plan };
    }

    /// <summary>"plannedLocales: [vi, en]" (or "vi, en"): the languages the item is meant to have, declared in the source file.</summary>
    private static void ReadPlan(YamlNode node, string locale, string path, int line, List<ImportError> errors, ref IReadOnlyList<string>? plan)
    {
        if (locale != Locales.Source)
        {
            errors.Add(new ImportError(path, line, $"{LanguagePlans.FrontMatterKey} is the item's language plan: it is set in {Locales.Source}.md only."));
            return;
        }

        IEnumerable<string?> parts = node switch
        {
            YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) => list.Children.Select(Scalar),
            YamlScalarNode scalar => [Scalar(scalar)],
            _ => [],
        };
        if (!LanguagePlans.TryParse(parts, out var parsed, out var problem))
        {
            errors.Add(new ImportError(path, line, $"{LanguagePlans.FrontMatterKey}: {problem}"));
            return;
        }

        plan = parsed;
    }

    private static string? Scalar(YamlNode node) => node is YamlScalarNode scalar && !IsNull(scalar) ? scalar.Value : null;

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";

    private static DateTime? ParseTime(string? value, string path, int line, string key, List<ImportError> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.UtcDateTime;
        }

        errors.Add(new ImportError(path, line, $"{key} '{value}' is not a time; write it like 2026-03-01T08:00:00Z."));
        return null;
    }

    private static JsonNode? Convert(FieldDefinition field, YamlNode node, out string? problem)
    {
        problem = null;
        if (node is YamlScalarNode scalar && IsNull(scalar))
        {
            return null;
        }

        switch (field.Kind)
        {
            case FieldKind.Coordinates:
                if (node is YamlSequenceNode { Children.Count: 2 } pair
                    && double.TryParse(Scalar(pair.Children[0]), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                    && double.TryParse(Scalar(pair.Children[1]), NumberStyles.Float, CultureInfo.InvariantCulture, out var lng))
                {
                    return new JsonArray(lat, lng);
                }

                problem = "must be [latitude, longitude], e.g. [10.95, 106.82].";
                return null;
            case FieldKind.RefList or FieldKind.TextList:
                if (node is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode))
                {
                    return new JsonArray([.. list.Children.Select(c => (JsonNode?)JsonValue.Create(Scalar(c)))]);
                }

                problem = "must be a list, e.g. [first, second].";
                return null;
            case FieldKind.EnumList:
                if (node is YamlSequenceNode options && options.Children.All(c => c is YamlScalarNode s && field.Options.Contains(Scalar(s) ?? "")))
                {
                    return new JsonArray([.. options.Children.Select(c => (JsonNode?)JsonValue.Create(Scalar(c)))]);
                }

                problem = $"must be a list of {string.Join(", ", field.Options)}, e.g. [{field.Options[0]}].";
                return null;
        }

        var text = Scalar(node);
        if (text is null)
        {
            problem = $"must be {ContentJson.Describe(field)}.";
            return null;
        }

        switch (field.Kind)
        {
            case FieldKind.Integer when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i):
                return i;
            case FieldKind.Decimal when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d):
                return d;
            case FieldKind.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                return text;
            case FieldKind.Enum when field.Options.Contains(text):
                return text;
            case FieldKind.DateTime when ContentTimes.Normalize(text) is { } time:
                return time;
            case FieldKind.Text or FieldKind.Ref or FieldKind.Markdown:
                return text.Trim();
            default:
                problem = $"is '{text}' but must be {ContentJson.Describe(field)}.";
                return null;
        }
    }
}
