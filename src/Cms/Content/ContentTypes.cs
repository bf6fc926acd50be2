using System.ComponentModel.DataAnnotations;

namespace PromoSite.Cms.Content;

// The content model, declared once. Each class is the one home of what is special about its
// type: its key, section (the first segment of its PublicPath), schema.org type, whether it is
// printable or takes enquiries, which fields are on its cards, filter its lists, picture it, or
// carry a unit. The public site, the admin, the API and the docs read these; nothing else lists
// types by name. Storage, validation, the import format, the JSON API and
// (later) the admin forms and XLIFF export are all driven from these classes through
// ContentTypeRegistry. Each property is either [Localized] or [Shared]; JSON field names are the
// camelCase property names. Every text declares its [MaxLength] (characters; for lists, entries),
// which ContentEditor enforces on every write; a text field of more than 300 characters, and
// Markdown, may hold line breaks (see FieldDefinition.MultiLine), the others are one line.

/// <summary>A page of the site itself (about, contact). Named SitePage because Razor Pages' PageModel.Page() would hide "Page".</summary>
[ContentType(SitePage.Key, "Page", PublicPath = "{slug}")]
public sealed class SitePage
{
    public const string Key = "pages";

    [Localized, Required, MaxLength(120)] public string Title { get; init; } = "";
    [Localized, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
}

[ContentType(Article.Key, "Article", PublicPath = "news/{slug}", DefaultSort = "-date", SchemaType = "Article")]
public sealed class Article
{
    public const string Key = "articles";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, Required] public DateOnly? Date { get; init; }
    [Shared, MaxLength(120)] public string? Author { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

public enum InvestmentSector { Industry, HiTech, Logistics, Infrastructure, Urban, Energy, Agriculture, Tourism, Services, HealthcareEducation }

public enum InvestmentStatus { Calling, Preparing, Licensed, UnderConstruction, Operating }

public enum InvestmentForm { Fdi, Domestic, Ppp, JointVenture, Any }

[ContentType(InvestmentProject.Key, "Investment project", PublicPath = "investment/projects/{slug}",
    Printable = true, TakesEnquiries = true)]
public sealed class InvestmentProject
{
    public const string Key = "investment-projects";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, MaxLength(500)] public string? Contact { get; init; }
    [Shared, Required, Filter, Card] public InvestmentSector? Sector { get; init; }
    [Shared, Required, Filter, Card] public InvestmentStatus? Status { get; init; }
    [Shared, Required, Filter, Card, PlaceName, MaxLength(80)] public string? Locality { get; init; }
    [Shared, Filter] public InvestmentForm? InvestmentForm { get; init; }
    [Shared, Range(0.01, 1_000_000), Unit("ha")] public decimal? AreaHa { get; init; }
    [Shared, Range(0.01, 1_000_000), Unit("usdMillion")] public decimal? CapitalUsdMillion { get; init; }

    /// <summary>Where the project is, when its site is public (a call for investors names it).</summary>
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

/// <summary>What an industrial park welcomes: the sectors its operator names for new tenants.</summary>
public enum ParkSector { Electronics, Mechanical, Automotive, SupportingIndustry, Textile, FoodProcessing, Chemicals, Pharmaceuticals, Logistics, HiTech }

/// <summary>
/// An industrial park as an investor weighs it. The figures (land, occupancy, lease price, utilities,
/// distances) are shared numbers that the compare view sets side by side; one that no source gives is
/// left empty and reads "not published", never 0. They share one source and one "as of" date
/// (<see cref="FiguresSource"/>, <see cref="FiguresAsOf"/>): an operator or the province's park authority
/// publishes them together in one sheet, and a source per figure would double the form for no gain;
/// a figure from elsewhere is not entered until the sheet confirms it (docs/parks-maps-calendars.md).
/// </summary>
[ContentType(IndustrialPark.Key, "Industrial park", PublicPath = "investment/parks/{slug}", SchemaType = "Place",
    Printable = true, TakesEnquiries = true, CompareParameter = "parks")]
public sealed class IndustrialPark
{
    public const string Key = "industrial-parks";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, Required, Filter, Card, PlaceName, MaxLength(80)] public string? Locality { get; init; }
    [Localized, TextFact, MaxLength(200)] public string? Developer { get; init; }
    [Shared, Range(0.01, 100_000), Unit("ha")] public decimal? AreaHa { get; init; }

    /// <summary>Industrial land still available to lease, in hectares; the list's "at least" filter.</summary>
    [Shared, Filter(AtLeast = true), Range(0, 100_000), Unit("ha")] public decimal? AvailableLandHa { get; init; }
    [Shared, Range(0, 100), Unit("percent")] public decimal? OccupancyPercent { get; init; }

    /// <summary>The indicative land lease price, lowest and highest, in USD per m² for the whole lease term.</summary>
    [Shared, Range(0, 10_000), Unit("usdPerM2Term")] public decimal? LeasePriceFromUsd { get; init; }
    [Shared, Range(0, 10_000), Unit("usdPerM2Term")] public decimal? LeasePriceToUsd { get; init; }

    /// <summary>The year the park's land lease term ends (leases run to the end of the park's own term).</summary>
    [Shared, Range(2000, 2200)] public int? LeaseTermUntilYear { get; init; }
    [Shared, Range(0, 100_000), Unit("mva")] public decimal? PowerCapacityMva { get; init; }
    [Shared, Range(0, 10_000_000), Unit("m3PerDay")] public decimal? WaterSupplyM3PerDay { get; init; }
    [Shared, Range(0, 10_000_000), Unit("m3PerDay")] public decimal? WastewaterTreatmentM3PerDay { get; init; }
    [Shared, Range(0, 1000), Unit("km")] public decimal? KmToLongThanhAirport { get; init; }

    /// <summary>To the Cái Mép–Thị Vải deep-water port cluster.</summary>
    [Shared, Range(0, 1000), Unit("km")] public decimal? KmToSeaport { get; init; }
    [Shared, Range(0, 1000), Unit("km")] public decimal? KmToHoChiMinhCity { get; init; }
    [Shared, Filter, MaxLength(10)] public IReadOnlyList<ParkSector> SectorsWelcomed { get; init; } = [];

    /// <summary>Whom an investor calls or writes to at the park's operator, in this language.</summary>
    [Localized, MaxLength(500)] public string? OperatorContact { get; init; }

    /// <summary>Where the figures come from (a document, an operator's sheet), as readers in this language should see it.</summary>
    [Localized, TextFact, MaxLength(300)] public string? FiguresSource { get; init; }

    /// <summary>The date the figures were true on.</summary>
    [Shared] public DateOnly? FiguresAsOf { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

[ContentType(Incentive.Key, "Incentive", PublicPath = "investment/incentives/{slug}")]
public sealed class Incentive
{
    public const string Key = "incentives";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, TextFact, MaxLength(300)] public string? LegalBasis { get; init; }
}

public enum OcopCategory { Food, Beverage, Herbal, Textile, Handicraft, CommunityTourism }

[ContentType(OcopProduct.Key, "OCOP product", PublicPath = "ocop/{slug}", SchemaType = "Product", Printable = true)]
public sealed class OcopProduct
{
    public const string Key = "ocop-products";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, Purchase, MaxLength(500)] public string? WhereToBuy { get; init; }

    /// <summary>The producer's own online shop; left empty unless the producer gives one.</summary>
    [Shared, Purchase, WebAddress, MaxLength(300)] public string? ShopUrl { get; init; }

    /// <summary>The product's page on the province's e-commerce platform (or the national one it uses).</summary>
    [Shared, Purchase, WebAddress, MaxLength(300)] public string? MarketplaceUrl { get; init; }

    /// <summary>A telephone number for orders, as the producer publishes it.</summary>
    [Shared, Purchase, Telephone, MaxLength(40)] public string? ShopPhone { get; init; }

    /// <summary>The OCOP rating; left empty while it is not confirmed, never guessed.</summary>
    [Shared, Filter, Card, Stars, Range(3, 5)] public int? Stars { get; init; }
    [Shared, Required, Filter, Card] public OcopCategory? Category { get; init; }
    [Shared, MaxLength(200)] public string? Producer { get; init; }
    [Shared, Filter, Card, PlaceName, MaxLength(80)] public string? Locality { get; init; }
    [Shared, Range(2018, 2100)] public int? CertificationYear { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

[ContentType(Event.Key, "Event or festival", PublicPath = "tourism/events/{slug}", DefaultSort = "startDate",
    DateRangeStart = nameof(StartDate), DateRangeEnd = nameof(EndDate), SchemaType = "Event")]
public sealed class Event
{
    public const string Key = "events";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, MaxLength(300)] public string? Venue { get; init; }
    [Shared, Required, Card] public DateOnly? StartDate { get; init; }
    [Shared] public DateOnly? EndDate { get; init; }
    [Shared, Filter, Card, PlaceName, MaxLength(80)] public string? Locality { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

/// <summary>What kind of occasion a conference is; it decides how the page names it, not how it works.</summary>
public enum ConferenceKind { Conference, Fair, Roadshow, Seminar }

/// <summary>A language of the site, as the language a conference is held in and the one its materials are handed out in.</summary>
public enum SiteLanguage { Vi, En, Ko, Ja, Zh }

/// <summary>
/// An investment conference, trade fair, roadshow or seminar where the province promotes itself
/// (Plan 160 §IV, issue #21): when and where, in which languages, its agenda, speakers and partners,
/// the materials handed out there, and the campaign its short links and QR codes count under.
/// The dates are the local dates at the venue, in <see cref="TimeZone"/>: an event abroad is on the
/// days its guests see on their calendars, and the date-range machinery (lists, .ics, ?from=) reads
/// dates; the hours belong to the agenda. The model has no repeated groups, so the agenda is Markdown
/// (one line per session: time, title, speaker).
/// </summary>
[ContentType(Conference.Key, "Conference or fair", PublicPath = "investment/conferences/{slug}", DefaultSort = "-startDate",
    DateRangeStart = nameof(StartDate), DateRangeEnd = nameof(EndDate), SchemaType = "Event")]
public sealed class Conference
{
    public const string Key = "conferences";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, Required, Filter, Card] public ConferenceKind? Kind { get; init; }
    [Shared, Required, Card] public DateOnly? StartDate { get; init; }
    [Shared] public DateOnly? EndDate { get; init; }

    /// <summary>The venue's time zone (IANA, e.g. Asia/Seoul): the dates and the agenda's hours are local there.</summary>
    [Shared, Required, TimeZoneId, MaxLength(60)] public string? TimeZone { get; init; }

    /// <summary>The city, as readers in this language write it (서울, ソウル, Seoul).</summary>
    [Localized, Required, TextFact, MaxLength(80)] public string? City { get; init; }

    /// <summary>The country as its ISO 3166 code (VN, KR, JP), for addresses and JSON-LD.</summary>
    [Shared, Required, Filter, CountryCode, MaxLength(2)] public string? Country { get; init; }
    [Localized, MaxLength(300)] public string? Venue { get; init; }

    /// <summary>The languages spoken (and interpreted) at the event; its QR kit makes links in each.</summary>
    [Shared, Required, MaxLength(5)] public IReadOnlyList<SiteLanguage> SpokenLanguages { get; init; } = [];

    /// <summary>The sessions in order, one per line: "09:00 – Opening speech – Name, role".</summary>
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Agenda { get; init; }

    /// <summary>One entry per speaker: name and role, as readers in this language write them.</summary>
    [Localized, MaxLength(40)] public IReadOnlyList<string> Speakers { get; init; } = [];

    /// <summary>The co-organisers and partners, by their names in this language.</summary>
    [Localized, MaxLength(40)] public IReadOnlyList<string> Partners { get; init; } = [];

    /// <summary>Publication issues handed out (the annual investment brochure is one of them).</summary>
    [Shared, Handout, Ref(PublicationIssue.Key), MaxLength(20)] public IReadOnlyList<string> Issues { get; init; } = [];

    /// <summary>Projects whose one-pagers are handed out.</summary>
    [Shared, Handout, Ref(InvestmentProject.Key), MaxLength(40)] public IReadOnlyList<string> Projects { get; init; } = [];

    /// <summary>Industrial parks whose one-pagers are handed out.</summary>
    [Shared, Handout, Ref(IndustrialPark.Key), MaxLength(40)] public IReadOnlyList<string> Parks { get; init; } = [];

    /// <summary>OCOP products whose one-pagers are handed out (at a trade fair).</summary>
    [Shared, Handout, Ref(OcopProduct.Key), MaxLength(40)] public IReadOnlyList<string> OcopProducts { get; init; } = [];

    /// <summary>The campaign its short links, scans and visits count under; unique among conferences.</summary>
    [Shared, Required, Campaign, MaxLength(60)] public string? Campaign { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

public enum DestinationCategory { Nature, EcoTourism, Culture, Religious, Leisure, CraftVillage }

[ContentType(Destination.Key, "Destination", PublicPath = "tourism/destinations/{slug}", SchemaType = "TouristAttraction")]
public sealed class Destination
{
    public const string Key = "destinations";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, MaxLength(300)] public string? OpeningHours { get; init; }
    [Localized, MaxLength(800)] public string? HowToGetThere { get; init; }
    [Shared, Required, Filter, Card] public DestinationCategory? Category { get; init; }
    [Shared, Filter, Card, PlaceName, MaxLength(80)] public string? Locality { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

/// <summary>What a craft village (làng nghề) makes or does, for filtering.</summary>
public enum Craft { Pottery, StoneCarving, Weaving, Woodwork, BambooRattan, FoodProcessing, FruitGrowing, FishFarming }

/// <summary>
/// A craft village (làng nghề): a community known for a traditional craft or produce, which
/// visitors can see at work. Its facts are the ones a visitor can check on the spot.
/// </summary>
[ContentType(CraftVillage.Key, "Craft village", PublicPath = "tourism/craft-villages/{slug}", SchemaType = "TouristAttraction")]
public sealed class CraftVillage
{
    public const string Key = "craft-villages";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }

    /// <summary>What visitors can see made or buy there, in a sentence or two.</summary>
    [Localized, MaxLength(500)] public string? Products { get; init; }
    [Localized, MaxLength(800)] public string? HowToGetThere { get; init; }
    [Shared, Required, Filter, Card] public Craft? Craft { get; init; }
    [Shared, Filter, Card, PlaceName, MaxLength(80)] public string? Locality { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

[ContentType(Dish.Key, "Dish", PublicPath = "tourism/dishes/{slug}")]
public sealed class Dish
{
    public const string Key = "dishes";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Localized, MaxLength(500)] public string? WhereToTry { get; init; }
    [Shared, Filter, Card, PlaceName, MaxLength(80)] public string? Locality { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

public enum HeritageRank { SpecialNational, National, Provincial }

[ContentType(HeritageSite.Key, "Heritage site", PublicPath = "heritage/{slug}", SchemaType = "LandmarksOrHistoricalBuildings")]
public sealed class HeritageSite
{
    public const string Key = "heritage-sites";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, Required, Filter, Card] public HeritageRank? Rank { get; init; }
    [Shared, Range(1900, 2100)] public int? YearRecognised { get; init; }
    [Shared, Filter, Card, PlaceName, MaxLength(80)] public string? Locality { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
}

public enum PublicationFrequency { Quarterly, Annual, Irregular }

[ContentType(Publication.Key, "Publication series", PublicPath = "publications/{slug}", SchemaType = "Periodical")]
public sealed class Publication
{
    public const string Key = "publications";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }
    [Shared, Required, Filter] public PublicationFrequency? Frequency { get; init; }
    [Shared, MaxLength(200)] public string? Publisher { get; init; }
}

[ContentType(PublicationIssue.Key, "Publication issue", PublicPath = "publications/{publication}/{slug}",
    SlugScope = nameof(Publication), DefaultSort = "-issueDate", SchemaType = "PublicationIssue",
    Printable = true)]
public sealed class PublicationIssue
{
    public const string Key = "publication-issues";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }

    /// <summary>The issue as a PDF in this language, when there is one.</summary>
    [Localized, Ref(MediaAsset.Key)] public string? Pdf { get; init; }
    [Shared, Required, Filter, Ref(Content.Publication.Key)] public string? Publication { get; init; }
    [Shared, Required, Range(1, 10_000)] public int? Number { get; init; }
    [Shared, Required, MaxLength(20)] public string? Period { get; init; }
    [Shared, Required] public DateOnly? IssueDate { get; init; }
    [Shared, Ref(MediaAsset.Key), Picture] public string? Cover { get; init; }

    /// <summary>The issue's articles, in reading order.</summary>
    [Shared, Ref(Article.Key), MaxLength(500)] public IReadOnlyList<string> Articles { get; init; } = [];
}

/// <summary>The part of the site an asset belongs to, so the shared library can be searched by it.</summary>
public enum MediaSection { Investment, Ocop, Tourism, Heritage, Publications, News, Press, General }

/// <summary>
/// One image, PDF or video in the shared library. The file is named by its content hash, so
/// replacing it is a new value of <see cref="File"/> on the same item, and every page that refers
/// to the item by its key shows the new file.
/// </summary>
[ContentType(MediaAsset.Key, "Media asset")]
public sealed class MediaAsset
{
    public const string Key = "media";

    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";
    [Localized, MaxLength(250)] public string? Alt { get; init; }
    [Localized, MaxLength(500)] public string? Caption { get; init; }
    [Shared, Required, MaxLength(300)] public string? File { get; init; }
    [Localized, TextFact, MaxLength(200)] public string? Credit { get; init; }
    [Shared, MaxLength(200)] public string? Licence { get; init; }
    [Shared] public DateOnly? DateTaken { get; init; }
    [Shared] public GeoPoint? Coordinates { get; init; }
    [Shared, MaxLength(50)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Shared, Filter] public MediaSection? Section { get; init; }

    /// <summary>A folder-like grouping ("Investment brochure 2026", "Festival photos").</summary>
    [Shared, Filter, MaxLength(80)] public string? Collection { get; init; }
}

/// <summary>How urgently a statement must reach its readers (and its translators).</summary>
public enum StatementPriority { Routine, High, Urgent }

/// <summary>
/// An official statement of the province (thông cáo báo chí): numbered, dated, issued by an agency,
/// possibly under embargo, and never changed silently: once a language is published, every new
/// published version says what changed (<see cref="CorrectionNote"/>), and readers see that log.
/// </summary>
[ContentType(Statement.Key, "Official statement", PublicPath = "press/statements/{slug}", DefaultSort = "-date", SchemaType = "NewsArticle")]
public sealed class Statement
{
    public const string Key = "statements";

    [Localized, Required, MaxLength(200)] public string Title { get; init; } = "";
    [Localized, Required, MaxLength(300)] public string? Summary { get; init; }
    [Localized, Markdown, MaxLength(TextLimits.MarkdownMaxLength)] public string? Body { get; init; }

    /// <summary>What changed in this version; required to publish a changed version of a published language.</summary>
    [Localized, CorrectionNote, MaxLength(300)] public string? CorrectionNote { get; init; }

    /// <summary>The statement's official number, e.g. "12/TB-UBND".</summary>
    [Shared, Required, Card, MaxLength(40)] public string? Number { get; init; }
    [Shared, Required, Card] public DateOnly? Date { get; init; }

    /// <summary>The key of the issuing agency (content/agencies.yml, /admin/agencies); readers see its name in their language.</summary>
    [Shared, Required, Filter, Card, AgencyKey, MaxLength(60)] public string? Agency { get; init; }
    [Shared, Required, Filter] public StatementPriority? Priority { get; init; }

    /// <summary>Not public in any language before this time (pages, API, feeds, sitemaps, search).</summary>
    [Shared, Embargo] public DateTimeOffset? Embargo { get; init; }
}

/// <summary>A press officer whom journalists may call, by agency; shown in the press room, no page of its own.</summary>
[ContentType(PressContact.Key, "Press contact", DefaultSort = "agency")]
public sealed class PressContact
{
    public const string Key = "press-contacts";

    /// <summary>The officer's name, as written in this language.</summary>
    [Localized, Required, MaxLength(160)] public string Title { get; init; } = "";

    /// <summary>Their role ("Spokesperson", "Head of the press office").</summary>
    [Localized, MaxLength(200)] public string? Role { get; init; }

    /// <summary>The agency they speak for, in this language.</summary>
    [Localized, Required, MaxLength(200)] public string? Agency { get; init; }

    /// <summary>Languages they answer in, in this language ("Vietnamese, English").</summary>
    [Localized, MaxLength(200)] public string? SpokenLanguages { get; init; } // not "languages": that front-matter key is the item's language plan
    [Shared, Required, MaxLength(254)] public string? Email { get; init; }
    [Shared, MaxLength(40)] public string? Phone { get; init; }
}
