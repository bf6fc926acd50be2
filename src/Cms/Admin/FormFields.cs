using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Admin;

/// <summary>
/// Field values between HTML forms and stored JSON, driven by the field's declared kind, so every
/// content type gets its admin form without a line of type-specific code.
/// </summary>
internal static class FormFields
{
    public static string ToText(FieldDefinition field, JsonNode? value) => value switch
    {
        null => "",
        JsonArray { Count: 2 } point when field.Kind == FieldKind.Coordinates =>
            string.Create(CultureInfo.InvariantCulture, $"{point[0]!.GetValue<double>()}, {point[1]!.GetValue<double>()}"),
        JsonArray list => string.Join('\n', list.Select(v => v?.GetValue<string>())),
        _ => value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(),
    };

    /// <summary>The value for storage, null when empty, or a message (in the admin's language) saying what is wrong with the text.</summary>
    public static JsonNode? ToJson(FieldDefinition field, string? text, IStringLocalizer<AdminText> a, out string? problem)
    {
        problem = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        switch (field.Kind)
        {
            case FieldKind.Integer when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i):
                return i;
            case FieldKind.Decimal when decimal.TryParse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var d):
                return d;
            case FieldKind.DateTime when ContentTimes.Normalize(text) is { } time:
                return time;
            case FieldKind.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
            case FieldKind.Enum when field.Options.Contains(text):
            case FieldKind.Text or FieldKind.Markdown or FieldKind.Ref:
                return text.ReplaceLineEndings("\n");
            case FieldKind.Coordinates:
                var parts = text.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                    && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lng))
                {
                    return new JsonArray(lat, lng);
                }

                break;
            case FieldKind.RefList or FieldKind.TextList:
                return new JsonArray([.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode?)v)]);
            case FieldKind.EnumList:
                // Checkboxes of one name post "a,b"; a stored value shown as text is one per line.
                var chosen = text.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (chosen.All(field.Options.Contains))
                {
                    return new JsonArray([.. field.Options.Where(chosen.Contains).Select(v => (JsonNode?)v)]);
                }

                break;
        }

        problem = a["admin.edit.notA." + field.Kind switch
        {
            FieldKind.Integer => "integer",
            FieldKind.Decimal => "decimal",
            FieldKind.Date => "date",
            FieldKind.DateTime => "time",
            FieldKind.Enum or FieldKind.EnumList => "option",
            FieldKind.Coordinates => "coordinates",
            _ => "value",
        }, a.Field(field), text];
        return null;
    }

    /// <summary>A UTC time shown in the editor's own time zone, for a datetime-local input.</summary>
    public static string ToLocalInput(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } value ? TimeZoneInfo.ConvertTimeFromUtc(value, zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : "";

    public static DateTime? FromLocalInput(string? text, TimeZoneInfo zone, IStringLocalizer<AdminText> a, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        }

        problem = a["admin.edit.notATime", text];
        return null;
    }

    public static TimeZoneInfo Zone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
