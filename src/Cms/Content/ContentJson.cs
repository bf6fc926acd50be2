using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PromoSite.Cms.Content;

/// <summary>
/// How field values are stored and exchanged: one JSON object per item (shared fields) and per
/// locale (localized fields), camelCase names, kebab-case enum values, dates as yyyy-MM-dd and
/// coordinates as [lat, lng].
/// </summary>
public static class ContentJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static string FieldName(string propertyName) => JsonNamingPolicy.CamelCase.ConvertName(propertyName);

    public static string EnumValue(string enumName) => JsonNamingPolicy.KebabCaseLower.ConvertName(enumName);

    public static JsonObject Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonNode.Parse(json)?.AsObject() ?? [];

    /// <summary>Serializes with keys in ordinal order, so equal content always gives equal text and hashes.</summary>
    public static string Canonical(JsonObject fields)
    {
        var sorted = new JsonObject();
        foreach (var (key, value) in fields.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is not null)
            {
                sorted[key] = value.DeepClone();
            }
        }

        return sorted.ToJsonString(StorageJson);
    }

    /// <summary>
    /// Stored text keeps Vietnamese and CJK characters as they are (the default encoder would store
    /// every one as a six-character escape); it is never embedded in HTML unencoded.
    /// </summary>
    private static readonly JsonSerializerOptions StorageJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A short, stable fingerprint of some fields' content (used to detect outdated translations).</summary>
    public static string Hash(JsonObject fields) => Hash(Canonical(fields));

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    /// <summary>Per-field fingerprints, so a translator can be told which source fields changed.</summary>
    public static Dictionary<string, string> FieldHashes(JsonObject fields) =>
        fields.Where(p => p.Value is not null)
              .ToDictionary(p => p.Key, p => Hash(p.Value!.ToJsonString(StorageJson)), StringComparer.Ordinal);

    /// <summary>Shared and localized fields together, as the typed model and the API see an item.</summary>
    public static JsonObject Merge(JsonObject shared, JsonObject localized)
    {
        var merged = new JsonObject();
        foreach (var (key, value) in shared)
        {
            merged[key] = value?.DeepClone();
        }

        foreach (var (key, value) in localized)
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }

    public static object ToModel(ContentTypeDefinition type, JsonObject merged) =>
        merged.Deserialize(type.ClrType, Options)
        ?? throw new InvalidOperationException($"Could not read a {type.Name} item.");

    public static T ToModel<T>(JsonObject merged) => merged.Deserialize<T>(Options)
        ?? throw new InvalidOperationException($"Could not read a {typeof(T).Name} item.");

    /// <summary>
    /// Checks merged fields against the type's declaration: known names, value shapes, required,
    /// lengths and ranges. Returns one message per problem, keyed by field name ("" for the item).
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(ContentTypeDefinition type, JsonObject merged)
    {
        var errors = new List<FieldError>();
        foreach (var (key, _) in merged)
        {
            if (!type.FieldsByName.ContainsKey(key))
            {
                errors.Add(FieldError.Coded(key, "notAField", $"'{key}' is not a field of {type.Name}. Fields: {string.Join(", ", type.Fields.Select(f => f.Name))}.", key, string.Join(", ", type.Fields.Select(f => f.Name))));
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        object model;
        try
        {
            model = ToModel(type, merged);
        }
        catch (JsonException ex)
        {
            var field = ex.Path?.TrimStart('$', '.') ?? "";
            return [FieldError.Coded(field, "wrongShape", $"'{field}' has a value of the wrong shape: {Describe(type.FieldsByName.GetValueOrDefault(field))}.", field)];
        }

        // Attribute by attribute rather than Validator.TryValidateObject, so that each refusal knows
        // which rule it broke and the admin can say it in the staff member's language.
        foreach (var property in model.GetType().GetProperties())
        {
            var value = property.GetValue(model);
            var context = new ValidationContext(model) { MemberName = property.Name };
            foreach (var rule in property.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>())
            {
                if (rule.GetValidationResult(value, context) is { ErrorMessage: var message } && message is not null)
                {
                    var name = FieldName(property.Name);
                    errors.Add(rule switch
                    {
                        RequiredAttribute => FieldError.Coded(name, "required", message),
                        MaxLengthAttribute max => FieldError.Coded(name, "tooLong", message, max.Length),
                        StringLengthAttribute max => FieldError.Coded(name, "tooLong", message, max.MaximumLength),
                        RangeAttribute range => FieldError.Coded(name, "range", message, range.Minimum, range.Maximum),
                        WebAddressAttribute => FieldError.Coded(name, "webAddress", message),
                        TelephoneAttribute => FieldError.Coded(name, "telephone", message),
                        TimeZoneIdAttribute => FieldError.Coded(name, "timeZone", message),
                        CountryCodeAttribute => FieldError.Coded(name, "countryCode", message),
                        CampaignAttribute => FieldError.Coded(name, "campaignForm", message),
                        _ => FieldError.Coded(name, "invalid", message),
                    });
                    break;
                }
            }
        }

        foreach (var field in type.Fields.Where(f => f.Kind == FieldKind.Coordinates))
        {
            if (type.ClrType.GetProperty(ToPascal(field.Name))?.GetValue(model) is GeoPoint { IsValid: false })
            {
                errors.Add(FieldError.Coded(field.Name, "coordinates", $"'{field.Name}' must be [latitude, longitude] with latitude in -90..90 and longitude in -180..180."));
            }
        }

        return errors;
    }

    public static string Describe(FieldDefinition? field) => field?.Kind switch
    {
        null => "unknown field",
        FieldKind.Text or FieldKind.Markdown or FieldKind.Ref => "a text",
        FieldKind.Integer => "a whole number",
        FieldKind.Decimal => "a number",
        FieldKind.Date => "a date written yyyy-MM-dd",
        FieldKind.DateTime => "a time written yyyy-MM-ddTHH:mm:ssZ (or with an offset such as +07:00)",
        FieldKind.Enum => $"one of {string.Join(", ", field.Options)}",
        FieldKind.Coordinates => "[latitude, longitude]",
        FieldKind.RefList or FieldKind.TextList => "a list of texts",
        FieldKind.EnumList => $"a list of {string.Join(", ", field.Options)}",
        _ => "a value",
    };

    private static string ToPascal(string camel) => char.ToUpperInvariant(camel[0]) + camel[1..];

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new GeoPointConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class GeoPointConverter : JsonConverter<GeoPoint>
    {
        public override GeoPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("Coordinates are written [latitude, longitude].");
            }

            reader.Read();
            var latitude = reader.GetDouble();
            reader.Read();
            var longitude = reader.GetDouble();
            reader.Read();
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("Coordinates are written [latitude, longitude].");
            }

            return new GeoPoint(latitude, longitude);
        }

        public override void Write(Utf8JsonWriter writer, GeoPoint value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(value.Latitude);
            writer.WriteNumberValue(value.Longitude);
            writer.WriteEndArray();
        }
    }
}

/// <summary>
/// One reason a write was refused. <see cref="Message"/> is English, for the management API's
/// developers and the import's log; <see cref="Code"/> and <see cref="Arguments"/> let the admin
/// say the same in the staff member's language (<c>admin.problem.{Code}</c> in locales/admin).
/// </summary>
public sealed record FieldError(string Field, string Message)
{
    public string? Code { get; init; }

    public IReadOnlyList<object> Arguments { get; init; } = [];

    /// <summary>A refusal the admin can translate: its English text and the arguments both share.</summary>
    public static FieldError Coded(string field, string code, string message, params object[] arguments) =>
        new(field, message) { Code = code, Arguments = arguments };

    public override string ToString() => string.IsNullOrEmpty(Field) ? Message : $"{Field}: {Message}";
}

/// <summary>Times of DateTime fields: read with any offset, stored in UTC so that equal times compare equal.</summary>
public static class ContentTimes
{
    public static string? Normalize(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) && text.Contains('T', StringComparison.Ordinal)
            ? at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public static DateTime? Read(JsonNode? node) =>
        node is not null && node.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime
            : null;

    /// <summary>When a language may go public: its own publish time, but never before the item's embargo.</summary>
    public static DateTime? EffectivePublishAt(ContentTypeDefinition type, JsonObject shared, DateTime? publishAt) =>
        type.EmbargoField is { } field && Read(shared[field.Name]) is { } embargo && (publishAt is null || publishAt < embargo) ? embargo : publishAt;
}
