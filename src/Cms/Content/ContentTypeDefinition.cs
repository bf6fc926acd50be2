using System.Collections.Frozen;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace PromoSite.Cms.Content;

public enum FieldKind { Text, Markdown, Integer, Decimal, Date, Enum, Coordinates, Ref, RefList, TextList, DateTime, EnumList }

/// <summary>One field of a content type, read from its C# declaration.</summary>
public sealed record FieldDefinition(
    string Name,
    string Label,
    FieldKind Kind,
    bool Localized,
    bool Required,
    int? MaxLength,
    double? Min,
    double? Max,
    IReadOnlyList<string> Options,
    string? RefType,
    bool Filterable)
{
    public bool Shared => !Localized;

    /// <summary>The key of its label in every language (locales/*.json), shared by the public site and the admin.</summary>
    public string LabelKey => "field." + Name;

    /// <summary>The key of an option's label ("enum.{field}.{option}").</summary>
    public string OptionKey(string option) => $"enum.{Name}.{option}";

    /// <summary>
    /// A number filter that keeps items with at least the asked value (?availableLandHa=20: 20 ha or
    /// more), rather than equal to it (<see cref="FilterAttribute.AtLeast"/>).
    /// </summary>
    public bool FilterAtLeast { get; init; }

    /// <summary>Shown on the item's card in lists (<see cref="CardAttribute"/>).</summary>
    public bool OnCard { get; init; }

    /// <summary>A whole number shown as stars (<see cref="StarsAttribute"/>).</summary>
    public bool Stars { get; init; }

    /// <summary>The media field that pictures the item (<see cref="PictureAttribute"/>).</summary>
    public bool Picture { get; init; }

    /// <summary>The unit shown after a number, as the key of its text ("unit.ha"), or null.</summary>
    public string? UnitKey { get; init; }

    /// <summary>A shared place name shown in each language's form (<see cref="PlaceNameAttribute"/>).</summary>
    public bool PlaceName { get; init; }

    /// <summary>A localized text fact that falls back to the Vietnamese form (<see cref="TextFactAttribute"/>).</summary>
    public bool TextFact { get; init; }

    /// <summary>The key of an agency, shown by its name in the reader's language (<see cref="AgencyKeyAttribute"/>).</summary>
    public bool Agency { get; init; }

    /// <summary>Part of where a buyer gets the item (<see cref="PurchaseAttribute"/>).</summary>
    public bool Purchase { get; init; }

    /// <summary>An absolute http(s) address (<see cref="WebAddressAttribute"/>).</summary>
    public bool WebAddress { get; init; }

    /// <summary>A telephone number (<see cref="TelephoneAttribute"/>).</summary>
    public bool Telephone { get; init; }

    /// <summary>Items handed out at an event (<see cref="HandoutAttribute"/>).</summary>
    public bool Handout { get; init; }

    /// <summary>A campaign name that no other item of the type may use (<see cref="CampaignAttribute"/>).</summary>
    public bool Campaign { get; init; }

    /// <summary>An ISO 3166 country code (<see cref="CountryCodeAttribute"/>): pages show the country's name, the API the code.</summary>
    public bool Country { get; init; }

    /// <summary>An IANA time zone (<see cref="TimeZoneIdAttribute"/>): pages show it readably ("Tokyo time (UTC+9)"), the API the id.</summary>
    public bool TimeZone { get; init; }

    /// <summary>The key of a place's form in a language ("place.Trảng Bom").</summary>
    public static string PlaceKey(string name) => "place." + name;

    /// <summary>The item's embargo: no language is public before this time.</summary>
    public bool Embargo { get; init; }

    /// <summary>The note that says what changed; kept in every published revision, it is the public correction log.</summary>
    public bool Correction { get; init; }

    /// <summary>
    /// Markdown, and plain text longer than 300 characters (contacts, directions, captions: the
    /// admin form shows these as a text area), may hold line breaks and tabs; every other text is
    /// one line, because it ends up in titles, headings, attributes and mail headers.
    /// </summary>
    public bool MultiLine => Kind == FieldKind.Markdown || (Kind == FieldKind.Text && MaxLength > 300);
}

/// <summary>A content type as the generic parts of the CMS see it.</summary>
public sealed class ContentTypeDefinition
{
    public ContentTypeDefinition(Type clrType, ContentTypeAttribute declaration, IReadOnlyList<FieldDefinition> fields)
    {
        ClrType = clrType;
        Name = declaration.Name;
        Label = declaration.Label;
        PublicPath = declaration.PublicPath;
        SlugScope = declaration.SlugScope is null ? null : ContentJson.FieldName(declaration.SlugScope);
        DefaultSort = declaration.DefaultSort;
        DateRangeStart = declaration.DateRangeStart is null ? null : ContentJson.FieldName(declaration.DateRangeStart);
        DateRangeEnd = declaration.DateRangeEnd is null ? null : ContentJson.FieldName(declaration.DateRangeEnd);
        SchemaType = declaration.SchemaType;
        Printable = declaration.Printable;
        TakesEnquiries = declaration.TakesEnquiries;
        CompareParameter = declaration.CompareParameter;
        Section = SiteSections.OfPath(PublicPath);
        Fields = fields;
        PictureField = fields.SingleOrDefault(f => f.Picture);
        CardFields = [.. fields.Where(f => f.OnCard)];
        Filters = [.. fields.Where(f => f.Filterable)];
        FieldsByName = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        LocalizedFields = [.. fields.Where(f => f.Localized)];
        SharedFields = [.. fields.Where(f => f.Shared)];
        EmbargoField = fields.SingleOrDefault(f => f.Embargo);
        CorrectionField = fields.SingleOrDefault(f => f.Correction);
        CampaignField = fields.SingleOrDefault(f => f.Campaign);
        HandoutFields = [.. fields.Where(f => f.Handout)];
        PathParents = PublicPath is { } template ? [.. fields.Where(f => f.Kind == FieldKind.Ref && template.Contains('{' + f.Name + '}', StringComparison.Ordinal))] : [];
    }

    /// <summary>The references whose item's slug is part of the public path (an issue's series), in declaration order.</summary>
    public IReadOnlyList<FieldDefinition> PathParents { get; }

    /// <summary>The references to what is handed out at its events, in declaration order.</summary>
    public IReadOnlyList<FieldDefinition> HandoutFields { get; }

    /// <summary>The campaign its items' short links count under (<see cref="CampaignAttribute"/>), if the type has one.</summary>
    public FieldDefinition? CampaignField { get; }

    /// <summary>The shared time before which no language of an item is public (<see cref="EmbargoAttribute"/>), if the type has one.</summary>
    public FieldDefinition? EmbargoField { get; }

    /// <summary>The localized note that must say what changed when a published item is published again (<see cref="CorrectionNoteAttribute"/>).</summary>
    public FieldDefinition? CorrectionField { get; }

    public Type ClrType { get; }

    /// <summary>The stable key: storage, API route segment and content/ folder name.</summary>
    public string Name { get; }

    public string Label { get; }

    /// <summary>Path template below /{locale}/; null for types with no public page (media).</summary>
    public string? PublicPath { get; }

    public string? SlugScope { get; }

    public string DefaultSort { get; }

    public string? DateRangeStart { get; }

    public string? DateRangeEnd { get; }

    /// <summary>The public site's section its pages live in; null for top-level pages and types with no pages.</summary>
    public string? Section { get; }

    /// <summary>The schema.org type of its JSON-LD.</summary>
    public string SchemaType { get; }

    /// <summary>Its items have a printable one-pager.</summary>
    public bool Printable { get; }

    /// <summary>Visitors may send an enquiry about its items.</summary>
    public bool TakesEnquiries { get; }

    /// <summary>
    /// The query parameter naming the items to compare side by side ("parks"), or null when the type's
    /// items are not compared (<see cref="ContentTypeAttribute.CompareParameter"/>).
    /// </summary>
    public string? CompareParameter { get; }

    /// <summary>The key of the compare view's title in every language ("compare.title.industrial-parks").</summary>
    public string CompareTitleKey => "compare.title." + Name;

    /// <summary>The compare view's path below /{locale}/ ("investment/parks/compare"), for types that have one and a list.</summary>
    public string? ComparePath => CompareParameter is not null && ListPath is { } list ? list + "compare" : null;

    /// <summary>
    /// The fields a comparison shows, one row each, in declaration order: every fact but the texts that
    /// make a page (title, summary, body), pictures and the map position.
    /// </summary>
    public IEnumerable<FieldDefinition> ComparedFields =>
        Fields.Where(f => f.Name is not ("title" or "summary" or "body") && !f.Picture && f.Kind is not (FieldKind.Coordinates or FieldKind.Markdown or FieldKind.Ref or FieldKind.RefList));

    /// <summary>The key of its plural name in every language ("type.industrial-parks": list titles, section headings).</summary>
    public string LabelKey => "type." + Name;

    /// <summary>The key of its singular name in every language ("type.industrial-parks.one": "New …" buttons).</summary>
    public string SingularLabelKey => $"type.{Name}.one";

    /// <summary>The path of its own list page below /{locale}/ ("tourism/craft-villages/"), or null when the type has none of its own: no pages, a parent in its path, or a list that is its section's page.</summary>
    public string? ListPath =>
        PublicPath is { } path && path.EndsWith("/{slug}", StringComparison.Ordinal) && !path[..^"{slug}".Length].Contains('{', StringComparison.Ordinal)
        && path[..^"/{slug}".Length] is { } list && list != Section
            ? list + "/"
            : null;

    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>The media field that pictures an item (<see cref="PictureAttribute"/>), if any.</summary>
    public FieldDefinition? PictureField { get; }

    /// <summary>Fields shown on cards, in declaration order.</summary>
    public IReadOnlyList<FieldDefinition> CardFields { get; }

    /// <summary>Fields a list can be filtered by (?category=…): list pages accept them and the page cache varies by them.</summary>
    public IReadOnlyList<FieldDefinition> Filters { get; }

    public FrozenDictionary<string, FieldDefinition> FieldsByName { get; }

    public IReadOnlyList<FieldDefinition> LocalizedFields { get; }

    public IReadOnlyList<FieldDefinition> SharedFields { get; }

    public FieldDefinition? MarkdownBody => FieldsByName.GetValueOrDefault("body") is { Kind: FieldKind.Markdown } f ? f : null;

    internal static ContentTypeDefinition FromClass(Type type)
    {
        var declaration = type.GetCustomAttribute<ContentTypeAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has no [ContentType] attribute.");
        var fields = new List<FieldDefinition>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            fields.Add(ReadField(type, property));
        }

        var clash = fields.FirstOrDefault(f => ReservedFieldNames.All.Contains(f.Name));
        if (clash is not null)
        {
            throw new InvalidOperationException($"{type.Name}.{clash.Name} takes a name reserved for the workflow in content files; choose another.");
        }

        var pictures = fields.Where(f => f.Picture).ToList();
        if (pictures.Count > 1 || pictures.Any(p => p is not { Kind: FieldKind.Ref, RefType: MediaAsset.Key }))
        {
            throw new InvalidOperationException($"{type.Name}: [Picture] marks one media reference field at most.");
        }

        if (declaration.PublicPath is { } publicPath && publicPath.Contains('/', StringComparison.Ordinal) && SiteSections.OfPath(publicPath) is null)
        {
            throw new InvalidOperationException($"{type.Name}: the public path {publicPath} must start with a section ({string.Join(", ", SiteSections.All)}) or be a top-level {{slug}}.");
        }

        if (!fields.Any(f => f is { Name: "title", Localized: true, Required: true }))
        {
            throw new InvalidOperationException($"Content type {type.Name} needs a required localized Title: lists, slugs and SEO are built from it.");
        }

        return new ContentTypeDefinition(type, declaration, fields);
    }

    private static FieldDefinition ReadField(Type owner, PropertyInfo property)
    {
        var localized = property.IsDefined(typeof(LocalizedAttribute));
        var shared = property.IsDefined(typeof(SharedAttribute));
        if (localized == shared)
        {
            throw new InvalidOperationException($"{owner.Name}.{property.Name} must be marked either [Localized] or [Shared].");
        }

        var refType = property.GetCustomAttribute<RefAttribute>()?.Type;
        var clr = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var optionType = clr.IsGenericType && clr.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? clr.GetGenericArguments()[0] : clr;
        var options = optionType.IsEnum ? Enum.GetNames(optionType).Select(ContentJson.EnumValue).ToArray() : [];
        var kind = clr switch
        {
            _ when clr == typeof(string) && property.IsDefined(typeof(MarkdownAttribute)) => FieldKind.Markdown,
            _ when clr == typeof(string) && refType is not null => FieldKind.Ref,
            _ when clr == typeof(string) => FieldKind.Text,
            _ when clr == typeof(int) => FieldKind.Integer,
            _ when clr == typeof(decimal) => FieldKind.Decimal,
            _ when clr == typeof(DateOnly) => FieldKind.Date,
            _ when clr == typeof(DateTimeOffset) => FieldKind.DateTime,
            _ when clr == typeof(GeoPoint) => FieldKind.Coordinates,
            _ when clr.IsEnum => FieldKind.Enum,
            _ when clr == typeof(IReadOnlyList<string>) && refType is not null => FieldKind.RefList,
            _ when clr.IsGenericType && clr.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && clr.GetGenericArguments()[0].IsEnum => FieldKind.EnumList,
            _ when clr == typeof(IReadOnlyList<string>) => FieldKind.TextList,
            _ => throw new InvalidOperationException($"{owner.Name}.{property.Name} has type {clr.Name}, which content fields do not support."),
        };
        var maxLength = property.GetCustomAttribute<MaxLengthAttribute>()?.Length;
        if (maxLength is null && kind is FieldKind.Text or FieldKind.Markdown or FieldKind.TextList or FieldKind.RefList or FieldKind.EnumList)
        {
            // Unbounded text ends as a 25 MB revision or a broken layout; every text says its limit.
            throw new InvalidOperationException($"{owner.Name}.{property.Name} needs a [MaxLength] (characters, or entries for a list).");
        }

        var range = property.GetCustomAttribute<RangeAttribute>();
        return new FieldDefinition(
            Name: ContentJson.FieldName(property.Name),
            Label: property.GetCustomAttribute<DisplayAttribute>()?.Name ?? Humanize(property.Name),
            Kind: kind,
            Localized: localized,
            Required: property.IsDefined(typeof(RequiredAttribute)),
            MaxLength: maxLength,
            Min: range is null ? null : Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture),
            Max: range is null ? null : Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture),
            Options: options,
            RefType: refType,
            Filterable: property.IsDefined(typeof(FilterAttribute)))
        {
            FilterAtLeast = property.GetCustomAttribute<FilterAttribute>() is { AtLeast: true }
                ? kind is FieldKind.Decimal or FieldKind.Integer ? true : throw new InvalidOperationException($"{owner.Name}.{property.Name}: [Filter(AtLeast = true)] marks a number.")
                : false,
            OnCard = property.IsDefined(typeof(CardAttribute)),
            Stars = property.IsDefined(typeof(StarsAttribute)) && kind == FieldKind.Integer,
            Picture = property.IsDefined(typeof(PictureAttribute)),
            UnitKey = property.GetCustomAttribute<UnitAttribute>() is { } unit ? "unit." + unit.Name : null,
            PlaceName = property.IsDefined(typeof(PlaceNameAttribute)) && kind == FieldKind.Text && !localized,
            TextFact = property.IsDefined(typeof(TextFactAttribute)) && kind == FieldKind.Text && localized,
            Agency = property.IsDefined(typeof(AgencyKeyAttribute)) && kind == FieldKind.Text && shared
                ? true
                : property.IsDefined(typeof(AgencyKeyAttribute)) ? throw new InvalidOperationException($"{owner.Name}.{property.Name}: [AgencyKey] marks a shared text.") : false,
            Purchase = property.IsDefined(typeof(PurchaseAttribute)),
            WebAddress = property.IsDefined(typeof(WebAddressAttribute)) && kind == FieldKind.Text,
            Telephone = property.IsDefined(typeof(TelephoneAttribute)) && kind == FieldKind.Text,
            Handout = property.IsDefined(typeof(HandoutAttribute)) && kind is FieldKind.Ref or FieldKind.RefList
                ? true
                : property.IsDefined(typeof(HandoutAttribute)) ? throw new InvalidOperationException($"{owner.Name}.{property.Name}: [Handout] marks a reference.") : false,
            Campaign = property.IsDefined(typeof(CampaignAttribute)) && kind == FieldKind.Text && shared
                ? true
                : property.IsDefined(typeof(CampaignAttribute)) ? throw new InvalidOperationException($"{owner.Name}.{property.Name}: [Campaign] marks a shared text.") : false,
            Country = property.IsDefined(typeof(CountryCodeAttribute)) && kind == FieldKind.Text,
            TimeZone = property.IsDefined(typeof(TimeZoneIdAttribute)) && kind == FieldKind.Text,
            Embargo = property.IsDefined(typeof(EmbargoAttribute)) && kind == FieldKind.DateTime && shared
                ? true
                : property.IsDefined(typeof(EmbargoAttribute)) ? throw new InvalidOperationException($"{owner.Name}.{property.Name}: [Embargo] marks a shared DateTimeOffset.") : false,
            Correction = property.IsDefined(typeof(CorrectionNoteAttribute)) && kind == FieldKind.Text && localized
                ? true
                : property.IsDefined(typeof(CorrectionNoteAttribute)) ? throw new InvalidOperationException($"{owner.Name}.{property.Name}: [CorrectionNote] marks a localized text.") : false,
        };
    }

    private static string Humanize(string pascal)
    {
        var chars = new List<char>(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]) && !char.IsUpper(pascal[i - 1]))
            {
                chars.Add(' ');
                chars.Add(char.ToLowerInvariant(pascal[i]));
            }
            else
            {
                chars.Add(pascal[i]);
            }
        }

        return new string([.. chars]);
    }
}
