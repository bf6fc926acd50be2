using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Content;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages;

public sealed class LinksModel(CmsDbContext db, ContentTypeRegistry types, ShortLinkService links, AccountService accounts, IOptions<CmsOptions> options) : AdminPage
{
    /// <summary>A link with its scans so far (from analytics; robots are not counted).</summary>
    public sealed record Row(ShortLink Link, string Printed, string Target, int Scans)
    {
        /// <summary>The item has an A4 one-pager, which can print this link's QR code (/s/{code}/print).</summary>
        public bool Printable { get; init; }
    }

    public IReadOnlyList<ContentTypeDefinition> Types => types.WithPages;

    public List<Row> Rows { get; } = [];

    public string? Problem { get; private set; }

    private Microsoft.Extensions.Localization.IStringLocalizer<AdminText> Text => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<AdminText>>(HttpContext.RequestServices);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    [HandlerPolicy(Policies.CreateItems)]
    public async Task<IActionResult> OnPostAsync(string? type, string? key, string? locale, string? campaign, string? channel, CancellationToken ct)
    {
        var id = await db.Items.Where(i => i.Type == type && i.Key == (key ?? "").Trim()).Select(i => (long?)i.Id).FirstOrDefaultAsync(ct);
        var (link, problem) = id is null ? (null, null) : await links.CreateAsync(id.Value, locale ?? "", campaign ?? "", channel ?? "", User.Identity!.Name!, ct);
        if (link is null)
        {
            // Said in the staff member's language, like every refusal in the admin.
            Problem = problem is null ? Text["admin.links.noItem", key ?? ""].Value : Text.Problem(problem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            await accounts.AuditAsync(User.Identity!.Name!, AuditActions.LinkCreate, link.Code, $"{type}/{key} {locale} {campaign} ({channel})", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            await db.SaveChangesAsync(ct);
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetQrAsync(string? code, string? format, CancellationToken ct)
    {
        var target = await links.ResolveAsync(code, ct);
        if (target is null)
        {
            return NotFound();
        }

        var url = ShortLinkService.PrintedUrl(options.Value.BaseUrlFor(Request), target.Link.Code);
        return format == "png"
            ? File(ShortLinkService.QrPng(url), "image/png", $"{target.Link.Code}.png")
            : File(System.Text.Encoding.UTF8.GetBytes(ShortLinkService.QrSvg(url)), "image/svg+xml", $"{target.Link.Code}.svg");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var baseUrl = options.Value.BaseUrlFor(Request);
        var all = await db.ShortLinks.AsNoTracking().OrderByDescending(l => l.Id).Take(500).ToListAsync(ct);
        var ids = all.Select(l => l.ItemId).Distinct().ToList();
        var titles = await db.Localizations.AsNoTracking().Where(l => ids.Contains(l.ItemId) && l.Locale == Locales.Source)
            .Select(l => new { l.ItemId, l.Item.Type, l.Item.Key, l.FieldsJson }).ToListAsync(ct);
        var codes = all.Select(l => l.Code).ToList();
        var scans = await db.AnalyticsHits.AsNoTracking().Where(h => h.Kind == Analytics.AnalyticsHit.Scan && h.ShortCode != null && codes.Contains(h.ShortCode))
            .GroupBy(h => h.ShortCode!).Select(g => new { Code = g.Key, Scans = g.Sum(h => h.Count) }).ToDictionaryAsync(g => g.Code, g => g.Scans, ct);
        foreach (var link in all)
        {
            var target = titles.FirstOrDefault(t => t.ItemId == link.ItemId);
            var title = target is null ? Text["admin.links.deleted"].Value : $"{ContentJson.Parse(target.FieldsJson)["title"]?.GetValue<string>()} · {target.Type}/{target.Key}";
            Rows.Add(new Row(link, ShortLinkService.PrintedUrl(baseUrl, link.Code), title, scans.GetValueOrDefault(link.Code))
            {
                Printable = target is not null && types.Find(target.Type) is { Printable: true },
            });
        }
    }
}
