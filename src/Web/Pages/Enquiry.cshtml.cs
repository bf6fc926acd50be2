using System.Net.Mail;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;
using PromoSite.Web.Enquiries;
using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

/// <summary>
/// /{locale}/enquiry/{id}: the enquiry form of an item whose type TakesEnquiries (projects, parks), in the
/// visitor's language. It is a page of its own, not part of the cached item page, so the item page
/// stays cached for everyone while this one carries a per-visitor antiforgery token; on a phone
/// it is one light page. Errors keep what was typed; after sending, the visitor gets a reference.
/// </summary>
public sealed partial class EnquiryModel(PublicPageServices services, CmsDbContext db, EnquiryLimiter limiter, EnquiryWorker worker, IOptions<EnquiryOptions> options, TimeProvider clock) : PublicPage(services)
{
    public DeliveredItem Item { get; private set; } = null!;

    [BindProperty] public string? Name { get; set; }

    [BindProperty] public string? Organisation { get; set; }

    [BindProperty] public string? Email { get; set; }

    [BindProperty] public string? Country { get; set; }

    [BindProperty] public string? Phone { get; set; }

    [BindProperty] public string? Message { get; set; }

    [BindProperty] public bool Consent { get; set; }

    /// <summary>
    /// The campaign the visitor landed with: the short link's redirect adds utm_campaign to the item page,
    /// and the form takes it from its own query or that page's address (the same site's Referer), then
    /// carries it as a hidden field. No cookie; only a campaign some short link has is kept.
    /// </summary>
    [BindProperty] public string? Campaign { get; set; }

    /// <summary>The honeypot: hidden from people, filled in by form-filling robots.</summary>
    [BindProperty] public string? Website { get; set; }

    public List<string> Errors { get; } = [];

    public bool Sent { get; private set; }

    public string? Reference { get; private set; }

    public bool TooMany { get; private set; }

    public int RetentionDays => options.Value.RetentionDays;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var own = Request.Query["utm_campaign"].ToString();
        Campaign = await KnownCampaignAsync(string.IsNullOrWhiteSpace(own) ? Cms.Analytics.VisitRecorder.CampaignOf(Request.Headers.Referer.ToString(), Request.Host.Host).Campaign : own, ct);
        return Page();
    }

    private async Task<string?> KnownCampaignAsync(string? campaign, CancellationToken ct)
    {
        campaign = Trimmed(campaign);
        return campaign is not null && campaign.Length <= 200 && await db.ShortLinks.AnyAsync(l => l.Campaign == campaign, ct) ? campaign : null;
    }

    /// <summary>After the redirect: the thanks, with the reference when there is one.</summary>
    public async Task<IActionResult> OnGetSentAsync(long id, string? reference, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Sent = true;
        Reference = reference is not null && ReferenceFormat().IsMatch(reference) ? reference : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!string.IsNullOrEmpty(Website))
        {
            // A robot: it gets the same answer as a person, and nothing is stored.
            return Redirect($"/{Locale}/enquiry/{id}?handler=sent");
        }

        Check(Name, "enquiry.name", 120, required: true);
        Check(Organisation, "enquiry.organisation", 200);
        Check(Email, "enquiry.email", 254, required: true);
        Check(Country, "enquiry.country", 80);
        Check(Phone, "enquiry.phone", 40);
        Check(Message, "enquiry.message", 4000, required: true);
        if (!string.IsNullOrWhiteSpace(Email) && !IsEmail(Email.Trim()))
        {
            Errors.Add(T["enquiry.invalidEmail"]);
        }

        if (!string.IsNullOrWhiteSpace(Message) && Message.Trim().Length < 10)
        {
            Errors.Add(T["enquiry.messageShort"]);
        }

        if (!Consent)
        {
            Errors.Add(T["enquiry.consentNeeded"]);
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Counted only for enquiries that would be stored: a visitor correcting mistakes is not locked out.
        using var lease = limiter.Acquire(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (!lease.IsAcquired)
        {
            TooMany = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var enquiry = new Enquiry
        {
            ItemId = Item.Id, Locale = Locale, Name = Name!.Trim(), Organisation = Trimmed(Organisation), Email = Email!.Trim(),
            Country = Trimmed(Country), Phone = Trimmed(Phone), Message = Message!.Trim(), ReceivedAt = clock.GetUtcNow().UtcDateTime,
            Campaign = await KnownCampaignAsync(Campaign, ct),
        };
        db.Enquiries.Add(enquiry);
        await db.SaveChangesAsync(ct); // stored first: whatever happens to mail, the enquiry is kept
        worker.Nudge();
        return Redirect($"/{Locale}/enquiry/{id}?handler=sent&reference={enquiry.Reference}");
    }

    private void Check(string? value, string label, int max, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Errors.Add(T["enquiry.required", T[label]]);
        }
        else if (value is not null && value.Trim().Length > max)
        {
            Errors.Add(T["enquiry.tooLong", T[label], max]);
        }
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(@"^ENQ-\d{4}-\d{6,9}$")]
    private static partial System.Text.RegularExpressions.Regex ReferenceFormat();

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await Delivery.GetByIdAsync(Locale, id, ct) is not { Path: not null } item || !Types.Get(item.Type).TakesEnquiries)
        {
            return false;
        }

        Item = item;
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.investment"], $"/{Locale}/investment/"));
        Crumbs.Add(new(item.Title, item.Path));
        Seo = new PageSeo { Title = T["enquiry.title", item.Title], Description = T["enquiry.intro"], Canonical = Absolute(item.Path), Index = false };
        foreach (var locale in Locales.All)
        {
            LanguageLinks[locale] = $"/{locale}/enquiry/{id}";
        }

        return true;
    }
}
