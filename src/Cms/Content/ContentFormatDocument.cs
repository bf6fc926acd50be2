using System.Globalization;
using System.Text;

namespace PromoSite.Cms.Content;

/// <summary>
/// docs/content-format.md, written from the declarations so it cannot drift from them: the
/// hand-written explanation, then each type with its fields (localized or shared, kind, required,
/// limits, options, English label). The <c>content-format</c> verb prints it; a test fails when the
/// file in the repository differs from what the code declares.
/// </summary>
public static class ContentFormatDocument
{
    /// <param name="english">The English UI strings (locales/en.json), for type and field labels.</param>
    public static string Write(ContentTypeRegistry types, IReadOnlyDictionary<string, string> english)
    {
        var text = new StringBuilder();
        text.Append(Introduction);
        text.Append("## Types and fields\n");
        text.Append("Generated from `src/Cms/Content/ContentTypes.cs` by `dotnet run --project src/Web -- content-format > docs/content-format.md`;\n");
        text.Append("do not edit below this line by hand. L = localized (one value per language), S = shared (in `vi.md` only), * = required.\n");
        foreach (var type in types.All.OrderBy(t => t.ClrType.MetadataToken))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n### {type.Name}: {english.GetValueOrDefault(type.LabelKey, type.Label)}\n");
            var facts = new List<string>();
            if (type.PublicPath is { } path)
            {
                facts.Add($"pages at `/{{locale}}/{path}`");
            }
            else
            {
                facts.Add("no public pages");
            }

            if (type.ListPath is { } list)
            {
                facts.Add($"list at `/{{locale}}/{list}`");
            }

            if (type.Section is { } section)
            {
                facts.Add($"section `{section}`");
            }

            facts.Add($"schema.org `{type.SchemaType}`");
            if (type.Printable)
            {
                facts.Add("printable one-pager");
            }

            if (type.TakesEnquiries)
            {
                facts.Add("takes enquiries");
            }

            if (type.ComparePath is { } compare)
            {
                facts.Add($"compared 2 to 4 side by side at `/{{locale}}/{compare}?{type.CompareParameter}=key&{type.CompareParameter}=key`");
            }

            text.Append(string.Join(" · ", facts)).Append("\n\n");
            text.Append("| field | | kind | limits | label (en) |\n|---|---|---|---|---|\n");
            foreach (var field in type.Fields)
            {
                var marks = (field.Localized ? "L" : "S") + (field.Required ? "*" : "");
                var notes = new List<string>();
                if (field.Filterable)
                {
                    notes.Add(field.FilterAtLeast ? "filter: at least" : "filter");
                }

                if (field.OnCard)
                {
                    notes.Add("card");
                }

                if (field.Picture)
                {
                    notes.Add("picture");
                }

                if (field.PlaceName)
                {
                    notes.Add("place name");
                }

                if (field.Agency)
                {
                    notes.Add("agency key");
                }

                if (field.TextFact)
                {
                    notes.Add("fact");
                }

                var label = english.GetValueOrDefault(field.LabelKey, field.Label);
                text.Append(CultureInfo.InvariantCulture, $"| `{field.Name}` | {marks} | {Kind(field)} | {Limits(field, english)} | {label}{(notes.Count > 0 ? " (" + string.Join(", ", notes) + ")" : "")} |\n");
            }
        }

        text.Append(Media);
        return text.ToString();
    }

    private static string Kind(FieldDefinition field) => field.Kind switch
    {
        FieldKind.Text when field.MultiLine => "text, may span lines",
        FieldKind.Text => "text, one line",
        FieldKind.Markdown when field.Name == "body" => "markdown (the file body)",
        FieldKind.Markdown => "markdown (a YAML block: `" + field.Name + ": |`)",
        FieldKind.Integer => "int",
        FieldKind.Decimal => "decimal",
        FieldKind.Date => "date",
        FieldKind.DateTime => "time (yyyy-MM-ddTHH:mm:ssZ)",
        FieldKind.Enum => "enum: " + string.Join(", ", field.Options.Select(o => $"`{o}`")),
        FieldKind.Coordinates => "coordinates",
        FieldKind.Ref => $"ref({field.RefType})",
        FieldKind.RefList => $"refs({field.RefType})",
        FieldKind.TextList => "list of text",
        FieldKind.EnumList => "list of: " + string.Join(", ", field.Options.Select(o => $"`{o}`")),
        _ => field.Kind.ToString(),
    };

    private static string Limits(FieldDefinition field, IReadOnlyDictionary<string, string> english)
    {
        var parts = new List<string>();
        if (field.MaxLength is { } max)
        {
            parts.Add(field.Kind is FieldKind.TextList or FieldKind.RefList or FieldKind.EnumList
                ? string.Create(CultureInfo.InvariantCulture, $"≤ {max:#,0} entries")
                : string.Create(CultureInfo.InvariantCulture, $"≤ {max:#,0} characters"));
        }

        if (field.Min is { } min && field.Max is { } top)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{min:0.##} to {top:#,0.##}"));
        }

        if (field.UnitKey is { } unit)
        {
            parts.Add("in " + english.GetValueOrDefault(unit, unit));
        }

        return string.Join("; ", parts);
    }

    private const string Introduction = """
        # Source content format (content/)

        Content that lives in git: one folder per item, one Markdown file per locale.

        ```
        content/{type}/{key}/vi.md     the Vietnamese source (required)
        content/{type}/{key}/en.md     a translation (optional; missing = falls back)
        content/{type}/{key}/ko.md, ja.md, zh.md
        ```

        - `{type}` is the content type's API name (`ocop-products`, `heritage-sites`, ...; see the types below).
        - `{key}` is the item's stable key: lowercase ASCII letters, digits and hyphens (e.g. `buoi-tan-trieu`).
          It never changes and is what other items use to refer to this one. It is not the public URL;
          slugs are per locale.
        - Each file is YAML front matter between `---` lines, then the Markdown body, which becomes the
          type's `body` field. Markdown is CommonMark; raw HTML is not allowed and is not rendered.

        ## Front matter keys every file may carry
        | key | meaning |
        |---|---|
        | `sample: true` | marks sample content (all shipped content carries it) |
        | `state` | workflow state of this language: `draft`, `in-review` or `published` (default `published`) |
        | `slug` | the URL slug in this locale; default: from the title (vi, en); ko, ja, zh take the English slug |
        | `seoTitle`, `seoDescription` | optional overrides for search engines: one line of at most 200 characters, and at most 400 characters (search engines show about 60 and 160) |
        | `publishAt`, `unpublishAt` | optional UTC times, ISO 8601 (`2026-03-01T00:00:00Z`) |
        | `translatedFrom` | translations only: the source hash the translation was made from; omitted = made from the current source |
        | `plannedLocales` | `vi.md` only: the languages the item is meant to have, e.g. `[vi, en]` (default: all five; an issue without one follows its series). Only planned languages count as missing |

        Then the type's fields, by their names below. **Localized** fields may appear in every locale's file.
        **Shared** fields appear only in `vi.md`; a translation that sets a shared field is refused at import,
        because shared facts (stars, coordinates, hectares) cannot differ between languages.

        **Facts that are text** read in each language. A *fact* (a park's `developer`, an incentive's
        `legalBasis`, a media asset's `credit`) is localized: give its form in each translation's file
        (`developer: "Sonadezi Long Thành Joint Stock Company"`); a translation that leaves it out shows
        the Vietnamese form. A *place name* (`locality`) is shared: write it once in Vietnamese in `vi.md`
        (it is also the list filter's value), and every language shows its established form from the
        public strings, `place.{Vietnamese name}` in `locales/{locale}.json` (`"place.Trảng Bom": "짱봄"`),
        or the Vietnamese name where a language gives none. A new locality needs a line in each of the
        five files (a test checks that every key is in every language). An *agency key* (a statement's
        `agency`) is the key of an agency in `agencies.yml` (`agency: ubnd-tinh`): a key that names no
        agency is refused, and readers see the agency's name in their language.

        ## Field kinds
        - text: one line, or (longer texts) may span lines; markdown: the file body for `body`, a YAML block (`agenda: |` then indented lines) for any other;
        - int, decimal: numbers; date: `2026-03-01`; time: `2026-03-01T08:00:00+07:00` (kept in UTC); enum: one of the listed values;
        - coordinates: `[latitude, longitude]` in decimal degrees;
        - ref: the key of another item of the named type; refs: a YAML list of keys, in order.

        **Limits.** A text field of at most 300 characters is one line: a line break, tab or other control
        character is refused with the field's name (at import, as `path:line`). Longer text fields and the
        body may contain line breaks and tabs, but no other control characters. Lists count entries, each
        entry at most 120 characters.

        Leave out any optional field whose value you are not sure of. Never invent a figure.


        """;

    private const string Media = """

        ## Media files
        The file sits beside the texts: `content/media/{key}/photo.jpg` (any one image, PDF or MP4 file,
        whatever its name). The import checks it by content like an upload, stores it under its hash and
        fills `file`; a file that is not accepted refuses the whole import with the reason. Other items
        refer to the asset by its key (`image: da-ba-chong`).

        """;
}
