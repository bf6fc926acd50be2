using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Media;
using PromoSite.Cms.Publications;
using PromoSite.Cms.Sharing;
using PromoSite.Web.Media;
using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

/// <summary>
/// /{locale}/print/{item path}: an A4 one-pager of an investment project, industrial park, OCOP
/// product or publication issue, to print or save as PDF from the browser and hand out at a fair:
/// the key facts, a short text and the QR code of a permanent short link back to the page. It is
/// laid out to fit one page in every language; it is not indexed (its canonical is the item page).
/// </summary>
public sealed class PrintModel(
    PublicPageServices services, PublicPaths paths, PublicationIssues publications, ShortLinkService links, MediaImages images,
    IAgencyContacts agencies, IOptions<PromotionContactOptions> promotion) : PublicPage(services)
{
    private const int ExcerptLength = 700;

    public DeliveredItem Item { get; private set; } = null!;

    public List<(string Label, string Value, string? Href)> Facts { get; } = [];

    public List<(string Label, string Text)> Texts { get; } = [];

    public IReadOnlyList<DeliveredItem> Articles { get; private set; } = [];

    public string? Excerpt { get; private set; }

    public string ShortUrl { get; private set; } = "";

    public string Code { get; private set; } = "";

    public string Printed { get; private set; } = "";

    /// <summary>Who to ask: the owning agency's contact, or the province's promotion contact when no agency owns the item.</summary>
    public PrintContact Contact { get; private set; } = null!;

    /// <summary>The campaign the officer chose for the QR code, or null for the page's own print link.</summary>
    public string? Campaign { get; private set; }

    /// <summary>The item's photo (its Image, or an issue's Cover) when the media item has an image file.</summary>
    public Picture? Photo { get; private set; }

    public async Task<IActionResult> OnGetAsync(string path, CancellationToken ct)
    {
        if (paths.Parse(path) is not { } parsed || !parsed.Type.Printable)
        {
            return NotFound();
        }

        var shown = await paths.ResolveAsync(Locale, parsed, ct);
        if (shown is not { Status: LookupStatus.Found, Item: { } found })
        {
            return shown.Status == LookupStatus.Moved ? RedirectPermanent(Handouts.PrintPath(Locale, shown.RedirectPath!)) : NotFound();
        }

        Item = found;
        Articles = (await publications.RelationsAsync(Locale, found, ct)).Articles;

        ItemFacts.Build(this, Item, Facts, Texts);
        // The derivatives with width and height, like every page (the original is a megabyte): the sheet
        // is 182 mm wide on paper and the screen's width on a phone.
        if (await images.GetAsync(Locale, PictureOf(Item), ct) is { IsImage: true } image)
        {
            Photo = new Picture(image, "(min-width: 210mm) 182mm, calc(100vw - 8mm)", Priority: true);
        }

        var body = MarkdownRenderer.ToPlainText(Item.Fields["body"]?.GetValue<string>());
        Excerpt = body.Length == 0 ? null : body.Length <= ExcerptLength ? body : body[..body.LastIndexOf(' ', ExcerptLength)].TrimEnd(',', '.', ';') + " …";
        // The officer may choose what the QR code records (?link=CODE, or ?campaign= a campaign of the
        // item's links, both offered from /admin/links); otherwise the page's own print link.
        string? code = Request.Query["link"], campaign = Request.Query["campaign"];
        ShortLink? link;
        if (!string.IsNullOrWhiteSpace(code) || !string.IsNullOrWhiteSpace(campaign))
        {
            link = await links.ChosenForPrintAsync(Item.Id, Locale, code, campaign, ct);
            if (link is null)
            {
                return NotFound();
            }

            Campaign = link.Campaign;
        }
        else
        {
            link = await links.ForSiteAsync(Item.Id, Locale, SharePanel.PrintCampaign, "print", ct);
        }

        Code = link?.Code ?? "";
        ShortUrl = link is null ? Absolute(Item.Path!) : ShortLinkService.DisplayUrl(BaseUrl, link.Code);
        Contact = await agencies.ForItemAsync(Item.Id, Locale, ct) is { } agency
            ? new PrintContact(agency.Name, agency.Address, agency.Phone, agency.Email, agency.Website ?? BaseUrl)
            : new PrintContact(T["print.contactOffice"], promotion.Value.Address, promotion.Value.Phone, promotion.Value.Email, promotion.Value.Website ?? BaseUrl);
        Printed = DateTime.UtcNow.ToString("D", System.Globalization.CultureInfo.CurrentCulture);
        Seo = new PageSeo { Title = Item.Title, Description = Describe(Item), Canonical = Absolute(Item.Path!), Index = false };
        return Page();
    }
}

/// <summary>The contact block of a one-pager: a name in the page's language and whatever details are known (never guessed).</summary>
public sealed record PrintContact(string Name, string? Address, string? Phone, string? Email, string? Website);

/// <summary>
/// Site:PromotionContact: the province's promotion contact, printed on one-pagers of items no agency
/// owns. Its name comes from the public strings (print.contactOffice) in each language; the details
/// are left empty unless configured, and the website is the site itself unless another is given.
/// </summary>
public sealed class PromotionContactOptions
{
    public const string Section = "Site:PromotionContact";

    public string? Address { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }
}
