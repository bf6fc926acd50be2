namespace PromoSite.Cms.Content;

/// <summary>
/// Declares a class as a content type. <paramref name="name"/> is the stable key used in storage,
/// the API (<c>/api/v1/{locale}/{name}</c>) and the content/ folder; renaming the class is safe,
/// renaming this key is a migration.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ContentTypeAttribute(string name, string label) : Attribute
{
    public string Name { get; } = name;

    public string Label { get; } = label;

    /// <summary>Public path below /{locale}/, with {slug} and optionally {field} placeholders naming a ref field whose slug is used.</summary>
    public string? PublicPath { get; init; }

    /// <summary>A ref field whose target scopes slug uniqueness (an issue's slug is unique within its series).</summary>
    public string? SlugScope { get; init; }

    /// <summary>Default list order, e.g. "-date" or "startDate".</summary>
    public string DefaultSort { get; init; } = "title";

    /// <summary>For dated types (events): the date fields that the API's from/to filter tests for overlap.</summary>
    public string? DateRangeStart { get; init; }

    public string? DateRangeEnd { get; init; }
}

/// <summary>The field has a value per language (title, body).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LocalizedAttribute : Attribute;

/// <summary>
/// The field has one value for all languages (stars, coordinates, hectares). It is edited in the
/// source language and cannot be set by a translation.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SharedAttribute : Attribute;

/// <summary>A localized text field holding CommonMark (rendered without raw HTML).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MarkdownAttribute : Attribute;

/// <summary>The field holds the key (or keys) of items of another type.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RefAttribute(string type) : Attribute
{
    public string Type { get; } = type;
}

/// <summary>The field can be used as an equality filter in lists (?stars=5, ?rank=national).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FilterAttribute : Attribute;
