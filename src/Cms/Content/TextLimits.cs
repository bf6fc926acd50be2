using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromoSite.Cms.Content;

/// <summary>
/// Limits every text written to the content store shares, beside each field's own [MaxLength]:
/// the SEO fields, Markdown bodies, list entries, and which characters a one-line or multi-line
/// text may hold. Checked by ContentEditor, the one place every write passes (admin form,
/// management API, import, XLIFF).
/// </summary>
public static class TextLimits
{
    /// <summary>
    /// Search engines show about 60-70 characters of a title and 150-160 of a description, but
    /// they cut by pixel width, which differs a lot between Vietnamese, English and CJK text, so
    /// those are advice, not rules. The hard limits only stop what can never be right (a pasted
    /// article, 100,000 characters through the API) without refusing a legitimate long one.
    /// </summary>
    public const int SeoTitleMaxLength = 200;

    /// <inheritdoc cref="SeoTitleMaxLength"/>
    public const int SeoDescriptionMaxLength = 400;

    /// <summary>A long article is some 30,000 characters; this leaves room and still bounds a revision.</summary>
    public const int MarkdownMaxLength = 100_000;

    /// <summary>One tag, or one key in a list of references.</summary>
    public const int ListEntryMaxLength = 120;

    /// <summary>
    /// Why a text may not be stored in a field, or null. One-line texts refuse every control
    /// character (Unicode Cc: CR, LF, TAB, NUL, ...) and the line and paragraph separators;
    /// multi-line texts allow line feed, carriage return and tab.
    /// </summary>
    public static FieldError? CharacterProblem(string field, string label, string value, bool multiLine)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var bad = multiLine
                ? char.IsControl(c) && c is not ('\n' or '\r' or '\t')
                : char.IsControl(c) || c is '\u2028' or '\u2029';
            if (bad)
            {
                var code = "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
                return multiLine
                    ? FieldError.Coded(field, "controlCharacter", $"{label} contains the control character {code} at position {i + 1}; only line breaks and tabs are allowed.", code, i + 1)
                    : FieldError.Coded(field, "singleLine", $"{label} is a single line: remove the line break or control character {code} at position {i + 1}.", code, i + 1);
            }
        }

        return null;
    }

    /// <summary>The character and list-entry problems of the fields being written, one per field.</summary>
    public static IEnumerable<FieldError> Check(ContentTypeDefinition type, JsonObject fields)
    {
        foreach (var (name, node) in fields)
        {
            if (node is null || !type.FieldsByName.TryGetValue(name, out var field))
            {
                continue; // unknown fields are reported by the type check
            }

            if (node is JsonArray list)
            {
                var entry = list.Select((n, i) => (Node: n, Index: i)).FirstOrDefault(e => e.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    && (v.GetValue<string>().Length > ListEntryMaxLength || CharacterProblem(name, "", v.GetValue<string>(), multiLine: false) is not null));
                if (entry.Node is not null)
                {
                    yield return FieldError.Coded(name, "listEntry", $"'{name}' entry {entry.Index + 1} must be one line of at most {ListEntryMaxLength} characters.", entry.Index + 1, ListEntryMaxLength);
                }
            }
            else if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                if (CharacterProblem(name, $"'{name}'", value.GetValue<string>(), field.MultiLine) is { } problem)
                {
                    yield return problem;
                }
            }
        }
    }
}
