using System.ComponentModel.DataAnnotations;

namespace PromoSite.Cms.Content;

// The content model, declared once. Storage, validation, the import format, the JSON API and
// (later) the admin forms and XLIFF export are all driven from these classes through
// ContentTypeRegistry. Each property is either [Localized] or [Shared]; JSON field names are the
// camelCase property names. Every text declares its [MaxLength] (characters; for lists, entries),
// which ContentEditor enforces on every write; a text field of more than 300 characters, and
// Markdown, may hold line breaks (see FieldDefinition.MultiLine), the others are one line.

[ContentType("pages", "Page", PublicPath = "{slug}")]
public sealed class Page
{
    [Localized, Required, MaxLength(120)] public string Title { get; init; } = "";
    [Localized, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
}

[ContentType("articles", "Article", PublicPath = "news/{slug}", DefaultSort = "-date")]
public sealed class Article
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, Required] public DateOnly? Date { get; init; }
    [Shared, MaxLength(120)] public string? Author { get; init; }
    [Shared, Ref("media")] public string? Image { get; init; }
}

public enum InvestmentSector { Industry, HiTech, Logistics, Infrastructure, Urban, Energy, Agriculture, Tourism, Services, HealthcareEducation }

public enum InvestmentStatus { Calling, Preparing, Licensed, UnderConstruction, Operating }

public enum InvestmentForm { Fdi, Domestic, Ppp, JointVenture, Any }

[ContentType("investment-projects", "Investment project", PublicPath = "investment/projects/{slug}")]
public sealed class InvestmentProject
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, MaxLength(500)] public string? Contact { get; init; }
    [Shared, Required, Filter] public InvestmentSector? Sector { get; init; }
    [Shared, Required, Filter] public InvestmentStatus? Status { get; init; }
    [Shared, Required, Filter, MaxLength(80)] public string? Locality { get; init; }
    [Shared, Filter] public InvestmentForm? InvestmentForm { get; init; }
    [Shared, Range(0.01, 1_000_000)] public decimal? AreaHa { get; init; }
    [Shared, Range(0.01, 1_000_000)] public decimal? CapitalUsdMillion { get; init; }
    [Shared, Ref("media")] public string? Image { get; init; }
}

[ContentType("industrial-parks", "Industrial park", PublicPath = "investment/parks/{slug}")]
public sealed class IndustrialPark
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, Required, Filter, MaxLength(80)] public string? Locality { get; init; }
    [Shared, MaxLength(200)] public string? Developer { get; init; }
    [Shared, Range(0.01, 100_000)] public decimal? AreaHa { get; init; }
    [Shared, Range(0, 100)] public decimal? OccupancyPercent { get; init; }
    [Shared, Range(0, 1000)] public decimal? KmToLongThanhAirport { get; init; }
    [Shared, Range(0, 1000)] public decimal? KmToSeaport { get; init; }
    [Shared, Range(0, 1000)] public decimal? KmToHoChiMinhCity { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref("media")] public string? Image { get; init; }
}

[ContentType("incentives", "Incentive", PublicPath = "investment/incentives/{slug}")]
public sealed class Incentive
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, MaxLength(300)] public string? LegalBasis { get; init; }
}

public enum OcopCategory { Food, Beverage, Herbal, Textile, Handicraft, CommunityTourism }

[ContentType("ocop-products", "OCOP product", PublicPath = "ocop/{slug}")]
public sealed class OcopProduct
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, MaxLength(500)] public string? WhereToBuy { get; init; }

    /// <summary>The OCOP rating; left empty while it is not confirmed, never guessed.</summary>
    [Shared, Filter, Range(3, 5)] public int? Stars { get; init; }
    [Shared, Required, Filter] public OcopCategory? Category { get; init; }
    [Shared, MaxLength(200)] public string? Producer { get; init; }
    [Shared, Filter, MaxLength(80)] public string? Locality { get; init; }
    [Shared, Range(2018, 2100)] public int? CertificationYear { get; init; }
    [Shared, Ref("media")] public string? Image { get; init; }
}

public enum DestinationCategory { Nature, EcoTourism, Culture, Religious, Leisure, CraftVillage }

[ContentType("destinations", "Destination", PublicPath = "tourism/destinations/{slug}")]
public sealed class Destination
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, MaxLength(300)] public string? OpeningHours { get; init; }
    [Localized, MaxLength(800)] public string? HowToGetThere { get; init; }
    [Shared, Required, Filter] public DestinationCategory? Category { get; init; }
    [Shared, Filter, MaxLength(80)] public string? Locality { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref("media")] public string? Image { get; init; }
}

[ContentType("dishes", "Dish", PublicPath = "tourism/dishes/{slug}")]
public sealed class Dish
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, MaxLength(500)] public string? WhereToTry { get; init; }
    [Shared, Filter, MaxLength(80)] public string? Locality { get; init; }
    [Shared, Ref("media")] public string? Image { get; init; }
}

[ContentType("events", "Event or festival", PublicPath = "tourism/events/{slug}", DefaultSort = "startDate",
    DateRangeStart = nameof(StartDate), DateRangeEnd = nameof(EndDate))]
public sealed class Event
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, MaxLength(300)] public string? Venue { get; init; }
    [Shared, Required] public DateOnly? StartDate { get; init; }
    [Shared] public DateOnly? EndDate { get; init; }
    [Shared, Filter, MaxLength(80)] public string? Locality { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref("media")] public string? Image { get; init; }
}

/// <summary>What a craft village (làng nghề) makes or does, for filtering.</summary>
public enum Craft { Pottery, StoneCarving, Weaving, Woodwork, BambooRattan, FoodProcessing, FruitGrowing, FishFarming }

/// <summary>
/// A craft village (làng nghề): a community known for a traditional craft or produce, which
/// visitors can see at work. Its facts are the ones a visitor can check on the spot.
/// </summary>
[ContentType("craft-villages", "Craft village", PublicPath = "tourism/craft-villages/{slug}")]
public sealed class CraftVillage
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }

    /// <summary>What visitors can see made or buy there, in a sentence or two.</summary>
    [Localized, MaxLength(500)] public string? Products { get; init; }
    [Localized, MaxLength(800)] public string? HowToGetThere { get; init; }
    [Shared, Required, Filter] public Craft? Craft { get; init; }
    [Shared, Filter, MaxLength(80)] public string? Locality { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref("media")] public string? Image { get; init; }
}

public enum HeritageRank { SpecialNational, National, Provincial }

[ContentType("heritage-sites", "Heritage site", PublicPath = "heritage/{slug}")]
public sealed class HeritageSite
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, Required, Filter] public HeritageRank? Rank { get; init; }
    [Shared, Range(1900, 2100)] public int? YearRecognised { get; init; }
    [Shared, Filter, MaxLength(80)] public string? Locality { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref("media")] public string? Image { get; init; }
}

public enum PublicationFrequency { Quarterly, Annual, Irregular }

[ContentType("publications", "Publication series", PublicPath = "publications/{slug}")]
public sealed class Publication
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, Required, Filter] public PublicationFrequency? Frequency { get; init; }
    [Shared, MaxLength(200)] public string? Publisher { get; init; }
}

[ContentType("publication-issues", "Publication issue", PublicPath = "publications/{publication}/{slug}",
    SlugScope = nameof(Publication), DefaultSort = "-issueDate")]
public sealed class PublicationIssue
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }

    /// <summary>The issue as a PDF in this language, when there is one.</summary>
    [Localized, Ref("media")] public string? Pdf { get; init; }
    [Shared, Required, Filter, Ref("publications")] public string? Publication { get; init; }
    [Shared, Required, Range(1, 10_000)] public int? Number { get; init; }
    [Shared, Required, MaxLength(20)] public string? Period { get; init; }
    [Shared, Required] public DateOnly? IssueDate { get; init; }
    [Shared, Ref("media")] public string? Cover { get; init; }

    /// <summary>The issue's articles, in reading order.</summary>
    [Shared, Ref("articles"), MaxLength(500)] public IReadOnlyList<string> Articles { get; init; } = [];
}

/// <summary>The part of the site an asset belongs to, so the shared library can be searched by it.</summary>
public enum MediaSection { Investment, Ocop, Tourism, Heritage, Publications, News, General }

/// <summary>
/// One image, PDF or video in the shared library. The file is named by its content hash, so
/// replacing it is a new value of <see cref="File"/> on the same item, and every page that refers
/// to the item by its key shows the new file.
/// </summary>
[ContentType("media", "Media asset")]
public sealed class MediaAsset
{
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, MaxLength(250)] public string? Alt { get; init; }
    [Localized, MaxLength(500)] public string? Caption { get; init; }
    [Shared, Required, MaxLength(300)] public string? File { get; init; }
    [Shared, MaxLength(200)] public string? Credit { get; init; }
    [Shared, MaxLength(200)] public string? Licence { get; init; }
    [Shared] public DateOnly? DateTaken { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, MaxLength(50)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Shared, Filter] public MediaSection? Section { get; init; }

    /// <summary>A folder-like grouping ("Investment brochure 2026", "Festival photos").</summary>
    [Shared, Filter, MaxLength(80)] public string? Collection { get; init; }
}
