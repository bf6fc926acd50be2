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

    /// <summary>The schema.org type of its pages' JSON-LD ("Product", "Event", "TouristAttraction"…); "WebPage" when none fits.</summary>
    public string SchemaType { get; init; } = "WebPage";

    /// <summary>Its items have a printable one-pager (/{locale}/print/…) to hand out at conferences and fairs.</summary>
    public bool Printable { get; init; }

    /// <summary>Visitors may send an enquiry about an item (a project or a park), answered by staff.</summary>
    public bool TakesEnquiries { get; init; }

    /// <summary>
    /// Two to four items can be compared side by side at {list}compare?{parameter}=key&amp;{parameter}=key
    /// (and /api/v1/{locale}/{type}/compare?keys=…): the query parameter's name ("parks"), or null.
    /// </summary>
    public string? CompareParameter { get; init; }
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

/// <summary>
/// The field can be used as a filter in lists: equality (?stars=5, ?rank=national), membership for a
/// list of options (?sectors=electronics: items whose list holds it), or, with <see cref="AtLeast"/>,
/// a lower bound on a number (?availableLandHa=20: 20 or more).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FilterAttribute : Attribute
{
    /// <summary>Keeps items whose number is at least the asked value: what an investor asks of land ("at least 20 ha").</summary>
    public bool AtLeast { get; init; }
}

/// <summary>The field is shown on the item's card in lists, in declaration order.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CardAttribute : Attribute;

/// <summary>The media field that pictures the item on its page, its card and when shared.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PictureAttribute : Attribute;

/// <summary>
/// A number's unit, shown after it: the key of a text "unit.{name}" in every language
/// (ha, km, % read the same everywhere; "usdMillion" does not).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class UnitAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>A whole number shown as a row of stars (an OCOP rating), linking to the list of items with as many.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StarsAttribute : Attribute;

/// <summary>
/// A shared place name (a ward, a district, a town), written once in Vietnamese, which is also its
/// filter value in every language. Each language shows its established form from the public
/// strings ("place.{Vietnamese name}": 짱봄 for Trảng Bom, 边和 for Biên Hòa), or the Vietnamese
/// name where the strings give none. A table, not a translation per item: the same place reads the
/// same on every page, and an editor types it once (issue #19, finding 3).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlaceNameAttribute : Attribute;

/// <summary>
/// A localized fact that is text (a park's developer, an incentive's legal basis, a photo's credit):
/// each language gives its own form beside the translation, and a language that has none yet shows
/// the Vietnamese one, as when the fact was shared, rather than nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TextFactAttribute : Attribute;

/// <summary>
/// A shared time (DateTimeOffset) before which no language of the item is public anywhere: pages,
/// API, feeds, sitemaps and search treat each language's publish time as at least this.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EmbargoAttribute : Attribute;

/// <summary>
/// A localized text saying what changed in this version. Publishing a changed version of a language
/// that was already published requires a new note, so nothing is edited silently; the notes of the
/// published versions are shown to readers as the item's correction log.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CorrectionNoteAttribute : Attribute;

/// <summary>
/// Where a buyer gets the item (a shop's address, a platform's page, a phone number for orders): shown
/// together, prominently, under the item's title rather than among its facts, and as schema.org
/// offers. Issue #19: OCOP buyers came for "where can I buy this".
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PurchaseAttribute : Attribute;

/// <summary>
/// A web address: refused unless it is an absolute http(s) address, so that a link built from it can
/// never be javascript: or a relative path into the site.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WebAddressAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public WebAddressAttribute()
        : base("The field must be a web address starting with https:// or http://.")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is string text && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(uri.Host));
}

/// <summary>A telephone number as people write it (digits, spaces, + ( ) . -), so that it can be dialled from a tel: link.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TelephoneAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public TelephoneAttribute()
        : base("The field must be a telephone number: digits, spaces and + ( ) . - only.")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is string text && text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '(' or ')' or '.' or '-'));

    /// <summary>The number as a tel: link dials it.</summary>
    public static string Dial(string text) => new([.. text.Where(c => char.IsAsciiDigit(c) || c == '+')]);
}

/// <summary>
/// A shared text holding the key of a provincial agency (Agencies/, content/agencies.yml): a save
/// naming no agency is refused, and pages, feeds and JSON-LD show the agency's name in the reader's
/// language (along the fallback chain), so a Korean page never shows a Vietnamese agency name.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AgencyKeyAttribute : Attribute;

/// <summary>An IANA time zone (Asia/Ho_Chi_Minh, Asia/Seoul), refused unless this server knows it, so local times can be converted.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeZoneIdAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public TimeZoneIdAttribute()
        : base("The field must be a time zone such as Asia/Ho_Chi_Minh, Asia/Seoul or Asia/Tokyo.")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is string text && text.Contains('/', StringComparison.Ordinal) && TimeZoneInfo.TryFindSystemTimeZoneById(text, out _));
}

/// <summary>A country as its two-letter ISO 3166 code in capitals (VN, KR, JP, CN), as addresses and schema.org want it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CountryCodeAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public CountryCodeAttribute()
        : base("The field must be a two-letter country code in capitals, such as VN, KR or JP.")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is string { Length: 2 } text && text.All(char.IsAsciiLetterUpper));
}

/// <summary>
/// A campaign name (a slug: lowercase letters, digits and single hyphens) that no other item of the
/// type uses, so the short links, scans and visits counted under it belong to one item only. The form
/// is checked here; uniqueness by ContentEditor, which sees the other items.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CampaignAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public CampaignAttribute()
        : base("The campaign must be a slug: lowercase letters a-z, digits and single hyphens.")
    {
    }

    public override bool IsValid(object? value) => value is null || (value is string text && Slugs.IsValid(text));
}

/// <summary>
/// References to items handed out at an event (issues, items whose one-pagers are printed): its page
/// lists them with links to their pages, EPUBs and one-pagers, and its QR kit makes a short link for each.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HandoutAttribute : Attribute;
