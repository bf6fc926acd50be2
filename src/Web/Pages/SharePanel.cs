using PromoSite.Cms.Delivery;
using PromoSite.Cms.Sharing;

namespace PromoSite.Web.Pages;

/// <summary>
/// What the share panel of a public page offers: the page's own permanent short link (made the
/// first time the page is rendered, then cached with it), its QR code, links to share the page's
/// canonical address, and, for the types declared Printable (what is handed out at fairs), the A4 one-pager.
/// </summary>
public sealed record SharePanel(string ShortUrl, string Code, string PageUrl, string Title, string? PrintPath)
{
    public const string ShareCampaign = "Website share panel";
    public const string PrintCampaign = "Printed one-pager";

    public static async Task<SharePanel?> ForAsync(PublicPage page, ShortLinkService links, DeliveredItem item, CancellationToken ct)
    {
        if (item.Path is null)
        {
            return null;
        }

        var link = await links.ForSiteAsync(item.Id, page.Locale, ShareCampaign, "qr", ct);
        if (link is null)
        {
            return null;
        }

        var print = page.Types.Get(item.Type).Printable ? Handouts.PrintPath(page.Locale, item.Path) : null;
        return new SharePanel(ShortLinkService.DisplayUrl(page.BaseUrl, link.Code), link.Code, page.Absolute(item.Path), item.Title, print);
    }

    public string Encoded(string text) => Uri.EscapeDataString(text);
}
