using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Storage;
using QRCoder;

namespace PromoSite.Cms.Sharing;

public sealed record ShortLinkTarget(ShortLink Link, DeliveredItem? Item, string? Type);

/// <summary>A short code, the item it leads to and the link's language.</summary>
public sealed record ShortCodeEntry(long Id, string Code, long ItemId, string Locale);

/// <summary>A link the public site needs for itself: an item in a language, for a campaign of its own (share panel, one-pager).</summary>
public sealed record SiteLinkRequest(long ItemId, string Locale, string Campaign, string Channel);

public sealed class ShortLinkService(CmsDbContext db, IContentDelivery delivery, TimeProvider clock, SiteLinkCache siteLinks)
{
    /// <summary>The longest campaign name a link may carry.</summary>
    public const int MaxCampaignLength = 200;

    /// <summary>
    /// Makes a permanent link to an item in a language; a refusal names the choice that is wrong, with a code the
    /// admin says in the staff's language (admin.problem.*), and nothing is stored.
    /// </summary>
    public async Task<(ShortLink? Link, FieldError? Problem)> CreateAsync(long itemId, string locale, string campaign, string channel, string author, CancellationToken ct = default)
    {
        if (!Locales.IsSupported(locale))
        {
            return (null, FieldError.Coded("locale", "notALanguage", $"'{locale}' is not a language of the site ({string.Join(", ", Locales.All)}).", locale));
        }

        if (!ShortCodes.Channels.Contains(channel))
        {
            return (null, FieldError.Coded("channel", "linkChannel", $"'{channel}' is not a channel of short links ({string.Join(", ", ShortCodes.Channels)}).", channel, string.Join(", ", ShortCodes.Channels)));
        }

        if (string.IsNullOrWhiteSpace(campaign) || campaign.Length > MaxCampaignLength)
        {
            return (null, FieldError.Coded("campaign", "linkCampaign", $"Name the campaign the link is for, in at most {MaxCampaignLength} characters.", MaxCampaignLength));
        }

        if (!await db.Items.AnyAsync(i => i.Id == itemId && i.DeletedAt == null, ct))
        {
            return (null, FieldError.Coded("key", "linkNoItem", "There is no such item (or it is in the trash)."));
        }

        // Codes are random, so nobody can walk through them; a clash with an earlier code is simply drawn again.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var code = ShortCodes.New();
            if (await db.ShortLinks.AnyAsync(l => l.Code == code, ct))
            {
                continue;
            }

            var link = new ShortLink { Code = code, ItemId = itemId, Locale = locale, Campaign = campaign.Trim(), Channel = channel, CreatedBy = author, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.ShortLinks.Add(link);
            await db.SaveChangesAsync(ct);
            return (link, null);
        }

        return (null, FieldError.Coded("", "linkNoCode", "No free code was found; try again."));
    }

    /// <summary>Who made the links the public site makes for itself (share panel, one-pagers).</summary>
    public const string SiteAuthor = "site";

    /// <summary>
    /// The public site's own permanent link to an item in a language for a purpose (the share
    /// panel, a printed one-pager): made the first time a page needs it, the same one ever
    /// after. A filtered unique index makes two first views at the same moment end with one link.
    /// </summary>
    public async Task<ShortLink?> ForSiteAsync(long itemId, string locale, string campaign, string channel, CancellationToken ct = default)
    {
        if (siteLinks.Find(itemId, locale, campaign) is { } known)
        {
            return known;
        }

        var existing = await db.ShortLinks.AsNoTracking()
            .FirstOrDefaultAsync(l => l.ItemId == itemId && l.Locale == locale && l.Campaign == campaign && l.CreatedBy == SiteAuthor, ct);
        if (existing is null)
        {
            try
            {
                (existing, _) = await CreateAsync(itemId, locale, campaign, channel, SiteAuthor, ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another request made it first: use theirs
                existing = await db.ShortLinks.AsNoTracking()
                    .FirstOrDefaultAsync(l => l.ItemId == itemId && l.Locale == locale && l.Campaign == campaign && l.CreatedBy == SiteAuthor, ct);
            }
        }

        if (existing is not null)
        {
            siteLinks.Remember(existing);
        }

        return existing;
    }

    /// <summary>
    /// The site's own links for many pages at once (a static export of the whole site): every one that
    /// exists is read in one query and the missing ones are made in one save, all remembered, so
    /// rendering the pages afterwards needs the database for none of them. Made one per page while
    /// rendering, they were one query and one committed transaction per item page. Returns how many were made.
    /// </summary>
    public async Task<int> EnsureSiteLinksAsync(IEnumerable<SiteLinkRequest> wanted, CancellationToken ct = default)
    {
        // A few pages (an incremental export after an edit) read only their items' links, not the whole site's.
        var requests = wanted.Distinct().ToList();
        var itemIds = requests.Select(r => r.ItemId).Distinct().ToList();
        var siteAuthored = db.ShortLinks.AsNoTracking().Where(l => l.CreatedBy == SiteAuthor);
        var existing = await (itemIds.Count <= 500 ? siteAuthored.Where(l => itemIds.Contains(l.ItemId)) : siteAuthored).ToListAsync(ct);
        var codes = existing.Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var link in existing)
        {
            siteLinks.Remember(link);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var made = new List<ShortLink>();
        foreach (var request in requests)
        {
            if (siteLinks.Find(request.ItemId, request.Locale, request.Campaign) is not null)
            {
                continue;
            }

            string code;
            do
            {
                code = ShortCodes.New();
            }
            while (!codes.Add(code));

            var link = new ShortLink { Code = code, ItemId = request.ItemId, Locale = request.Locale, Campaign = request.Campaign, Channel = request.Channel, CreatedBy = SiteAuthor, CreatedAt = now };
            made.Add(link);
        }

        if (made.Count == 0)
        {
            return 0;
        }

        // Codes not read above (the user's, or other items' when only a few were read) could clash with a new one:
        // looked up in one query, drawn again, until none does.
        for (var clashing = made; clashing.Count > 0;)
        {
            var drawn = clashing.Select(l => l.Code).ToList();
            var taken = (await db.ShortLinks.AsNoTracking().Where(l => drawn.Contains(l.Code)).Select(l => l.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            clashing = [.. clashing.Where(l => taken.Contains(l.Code))];
            foreach (var link in clashing)
            {
                do
                {
                    link.Code = ShortCodes.New();
                }
                while (!codes.Add(link.Code));
            }
        }

        db.ShortLinks.AddRange(made);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another node made some at the same moment: the pages make theirs one by one, as they always could
            return 0;
        }

        db.ChangeTracker.Clear();
        foreach (var link in made)
        {
            siteLinks.Remember(link);
        }

        return made.Count;
    }

    /// <summary>
    /// The link a one-pager prints when the officer chose one (issue #19, finding 4): a code, which
    /// must lead to the item, or a campaign, for the newest link to the item in that language with
    /// that campaign. Null when there is none. It never makes a link: the choice arrives in a public
    /// address, and a visitor's query string must not fill the table; links are made at /admin/links.
    /// </summary>
    public async Task<ShortLink?> ChosenForPrintAsync(long itemId, string locale, string? code, string? campaign, CancellationToken ct = default)
    {
        if (!string.IsNullOrWhiteSpace(code))
        {
            var normalized = ShortCodes.Normalize(code);
            return normalized is null ? null : await db.ShortLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Code == normalized && l.ItemId == itemId, ct);
        }

        var name = campaign?.Trim();
        return string.IsNullOrEmpty(name) ? null : await db.ShortLinks.AsNoTracking()
            .Where(l => l.ItemId == itemId && l.Locale == locale && l.Campaign == name)
            .OrderByDescending(l => l.Id)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// The conference kit's link to an item in a language for a campaign: the one an earlier kit of the
    /// same campaign made (posters already printed keep working and count together), else a new one.
    /// </summary>
    public async Task<(ShortLink? Link, string? Problem)> ForKitAsync(long itemId, string locale, string campaign, string author, CancellationToken ct = default)
    {
        var name = campaign.Trim();
        var existing = await db.ShortLinks.AsNoTracking()
            .Where(l => l.ItemId == itemId && l.Locale == locale && l.Campaign == name && l.Channel == KitChannel)
            .OrderBy(l => l.Id)
            .FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return (existing, null);
        }

        // The kit builder reports a refusal as its job's failure (in its log), so the English text is what it needs.
        var (made, problem) = await CreateAsync(itemId, locale, name, KitChannel, author, ct);
        return (made, problem?.Message);
    }

    /// <summary>The channel of conference kits' links.</summary>
    public const string KitChannel = "kit";

    /// <summary>
    /// Every short code made after the one numbered <paramref name="afterId"/> (codes are never reused or renumbered), in
    /// the order they were made; all of them with 0: a static export's redirect map, and what was added to it since.
    /// </summary>
    public Task<List<ShortCodeEntry>> AllCodesAsync(long afterId = 0, CancellationToken ct = default) =>
        db.ShortLinks.AsNoTracking().Where(l => l.Id > afterId).OrderBy(l => l.Id).Select(l => new ShortCodeEntry(l.Id, l.Code, l.ItemId, l.Locale)).ToListAsync(ct);

    /// <summary>The link and what it points at now (null item when unpublished, trashed or purged).</summary>
    public async Task<ShortLinkTarget?> ResolveAsync(string? code, CancellationToken ct = default)
    {
        var normalized = ShortCodes.Normalize(code);
        if (normalized is null)
        {
            return null;
        }

        var link = await db.ShortLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Code == normalized, ct);
        if (link is null)
        {
            return null;
        }

        var type = await db.Items.AsNoTracking().Where(i => i.Id == link.ItemId).Select(i => i.Type).FirstOrDefaultAsync(ct);
        return new ShortLinkTarget(link, await delivery.GetByIdAsync(link.Locale, link.ItemId, ct), type);
    }

    /// <summary>
    /// Where a scan lands: the item's address with the link's campaign and channel as utm parameters,
    /// so the page view that follows the scan is counted for the same campaign (issue #19, finding 5).
    /// The public pages ignore these for everything but counting: canonical and hreflang addresses
    /// are built from paths, and the page cache varies only by the list filters, so the tagged
    /// address is served from the same cache entry as the plain one.
    /// </summary>
    public static string CampaignTarget(string path, ShortLink link) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, new Dictionary<string, string?>
        {
            ["utm_source"] = ScanSource,
            ["utm_medium"] = link.Channel,
            ["utm_campaign"] = link.Campaign,
        });

    /// <summary>The utm_source of every landing from a short link.</summary>
    public const string ScanSource = "short-link";

    /// <summary>
    /// The printed form of a link: upper case throughout (scheme and host are case-insensitive, the
    /// route too), so the QR code can use alphanumeric mode and stay small and robust.
    /// </summary>
    public static string PrintedUrl(string baseUrl, string code) => $"{baseUrl.TrimEnd('/')}/s/{code}".ToUpperInvariant();

    /// <summary>
    /// The link as people read and type it (on a page, under a QR code, in the admin): the address as
    /// configured and the code in capitals, which is how codes are made. A whole address in capitals
    /// ("HTTPS://…/S/L83BP") reads as a shout and looks like an error; only the QR payload needs it.
    /// </summary>
    public static string DisplayUrl(string baseUrl, string code) => $"{baseUrl.TrimEnd('/')}/s/{code.ToUpperInvariant()}";

    /// <summary>SVG for print (scales without loss) with the standard four-module quiet zone.</summary>
    public static string QrSvg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(10);
    }

    /// <summary>PNG at print size: 20 pixels a module, about 3 cm at 600 dpi for a short link.</summary>
    public static byte[] QrPng(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        return QrPngWriter.Write(data, 20);
    }
}
