using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Media;

namespace PromoSite.Web.Pages;

/// <summary>
/// /{locale}/press/: the press room for journalists. Everything on it is published content read
/// through the delivery contract (statements, news, the press kit's media, the latest issue, press
/// officers), so an embargoed statement or a draft contact cannot appear here before it is public.
/// </summary>
public sealed class PressModel(PublicPageServices services, MediaImages images) : PublicPage(services)
{
    /// <summary>The media collection that makes up the press kit (logos, high-resolution photos).</summary>
    public const string PressKitCollection = "Press kit";

    public IReadOnlyList<DeliveredItem> Statements { get; private set; } = [];

    public IReadOnlyList<DeliveredItem> Releases { get; private set; } = [];

    public List<MediaView> Kit { get; } = [];

    /// <summary>Printable one-pagers (fact sheets) of the items whose facts investors and journalists quote most.</summary>
    public IReadOnlyList<DeliveredItem> FactSheets { get; private set; } = [];

    public DeliveredItem? LatestIssue { get; private set; }

    public MediaView? LatestIssuePdf { get; private set; }

    public List<(string Agency, List<PressOfficer> Officers)> Contacts { get; } = [];

    /// <summary>Cards are a grid of 15rem+ columns, up to about 23rem wide; one column on a phone.</summary>
    public const string CardSizes = "(min-width: 34rem) 23rem, calc(100vw - 2rem)";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Statements = (await Delivery.ListAsync(new ContentQuery(Locale, Statement.Key, PageSize: 10), ct)).Items;
        Releases = (await Delivery.ListAsync(new ContentQuery(Locale, Article.Key, PageSize: 5), ct)).Items;
        var kit = new Dictionary<string, string> { ["collection"] = PressKitCollection };
        foreach (var asset in (await Delivery.ListAsync(new ContentQuery(Locale, MediaAsset.Key, kit, PageSize: 24), ct)).Items)
        {
            if (await images.GetAsync(Locale, asset.Key, ct) is { } view)
            {
                Kit.Add(view);
            }
        }

        FactSheets = (await Delivery.ListAsync(new ContentQuery(Locale, IndustrialPark.Key, PageSize: 6), ct)).Items;
        LatestIssue = (await Delivery.ListAsync(new ContentQuery(Locale, PublicationIssue.Key, PageSize: 1), ct)).Items.FirstOrDefault();
        if (LatestIssue?.Fields["pdf"] is { } pdf && await images.GetAsync(Locale, pdf, ct) is { ContentType: "application/pdf" } file)
        {
            LatestIssuePdf = file;
        }

        var officers = await Delivery.ListAllAsync(new ContentQuery(Locale, PressContact.Key), ct);
        foreach (var group in officers.GroupBy(o => o.Fields["agency"]?.GetValue<string>() ?? ""))
        {
            Contacts.Add((group.Key, [.. group.Select(o => new PressOfficer(
                o.Title, Text(o, "role"), Text(o, "email") ?? "", Text(o, "phone"), Text(o, "spokenLanguages"), o.IsFallback ? Locales.HtmlLang(o.ResolvedLocale) : null))]));
        }

        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.press"], $"/{Locale}/press/"));
        DescribeListPage(T["press.title"], T["press.intro"], "/press/");
    }

    private static string? Text(DeliveredItem item, string field) => item.Fields[field]?.GetValue<string>();

    public static string FileSize(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1048576.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB"
        : Math.Max(1, bytes / 1024) + " KB";
}

/// <summary>A press officer as the press room lists them; <paramref name="Lang"/> is set when shown in a fallback language.</summary>
public sealed record PressOfficer(string Name, string? Role, string Email, string? Phone, string? Languages, string? Lang);
