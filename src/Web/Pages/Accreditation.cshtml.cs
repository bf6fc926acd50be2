using System.Globalization;
using System.Net.Mail;
using Microsoft.AspNetCore.Mvc;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Press;
using PromoSite.Cms.Storage;
using PromoSite.Web.Enquiries;
using PromoSite.Web.Seo;

namespace PromoSite.Web.Pages;

/// <summary>
/// /{locale}/press/accreditation: a journalist asks to be accredited for one of the site's coming events
/// (or another one they name). Handled as an enquiry is: a page of its own with an antiforgery token,
/// a honeypot, the enquiry form's per-address limit (its own budget), errors that keep what was typed,
/// stored before anything else, and a reference to quote.
/// </summary>
public sealed partial class AccreditationModel(PublicPageServices services, CmsDbContext db, EnquiryLimiter limiter, Microsoft.Extensions.Options.IOptions<PressOptions> options, PromoSite.Web.Press.AccreditationMailWorker mail, TimeProvider clock) : PublicPage(services)
{
    /// <summary>The value of the event choice that means "another event, named below".</summary>
    public const string OtherEvent = "other";

    public IReadOnlyList<DeliveredItem> Events { get; private set; } = [];

    [BindProperty] public string? Event { get; set; }

    [BindProperty] public string? OtherEventName { get; set; }

    [BindProperty] public string? Name { get; set; }

    [BindProperty] public string? MediaOutlet { get; set; }

    [BindProperty] public string? Role { get; set; }

    [BindProperty] public string? Email { get; set; }

    [BindProperty] public string? Phone { get; set; }

    [BindProperty] public string? Country { get; set; }

    [BindProperty] public string? PressCard { get; set; }

    [BindProperty] public string? Message { get; set; }

    [BindProperty] public bool Consent { get; set; }

    /// <summary>The honeypot: hidden from people, filled in by form-filling robots.</summary>
    [BindProperty] public string? Website { get; set; }

    public List<string> Errors { get; } = [];

    public bool Sent { get; private set; }

    public string? Reference { get; private set; }

    public bool TooMany { get; private set; }

    public int RetentionDays { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetSentAsync(string? reference, CancellationToken ct)
    {
        await LoadAsync(ct);
        Sent = true;
        Reference = reference is not null && ReferenceFormat().IsMatch(reference) ? reference : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!string.IsNullOrEmpty(Website))
        {
            // A robot: the same answer as a person, and nothing is stored.
            return Redirect($"/{Locale}/press/accreditation?handler=sent");
        }

        DeliveredItem? chosen = null;
        if (Event == OtherEvent)
        {
            Check(OtherEventName, "accreditation.otherEvent", 200, required: true);
        }
        else if (long.TryParse(Event, NumberStyles.None, CultureInfo.InvariantCulture, out var eventId) && Events.FirstOrDefault(e => e.Id == eventId) is { } known)
        {
            chosen = known;
        }
        else
        {
            Errors.Add(T["enquiry.required", T["accreditation.event"]]);
        }

        Check(Name, "enquiry.name", 120, required: true);
        Check(MediaOutlet, "accreditation.outlet", 200, required: true);
        Check(Role, "accreditation.role", 120);
        Check(Email, "enquiry.email", 254, required: true);
        Check(Phone, "enquiry.phone", 40);
        Check(Country, "enquiry.country", 80);
        Check(PressCard, "accreditation.pressCard", 60);
        Check(Message, "enquiry.message", 2000);
        if (!string.IsNullOrWhiteSpace(Email) && !IsEmail(Email.Trim()))
        {
            Errors.Add(T["enquiry.invalidEmail"]);
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

        // Its own budget per address (the partition name), counted only for requests that would be stored.
        using var lease = limiter.Acquire("accreditation:" + (HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown"));
        if (!lease.IsAcquired)
        {
            TooMany = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var request = new AccreditationRequest
        {
            Locale = Locale,
            EventItemId = chosen?.Id,
            EventTitle = chosen?.Title ?? OtherEventName!.Trim(),
            Name = Name!.Trim(),
            MediaOutlet = MediaOutlet!.Trim(),
            Role = Trimmed(Role),
            Email = Email!.Trim(),
            Phone = Trimmed(Phone),
            Country = Trimmed(Country),
            PressCard = Trimmed(PressCard),
            Message = Trimmed(Message),
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.AccreditationRequests.Add(request);
        await db.SaveChangesAsync(ct);
        mail.Nudge(); // stored first; the acknowledgement and the press officers' notice follow off the request
        return Redirect($"/{Locale}/press/accreditation?handler=sent&reference={request.Reference}");
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

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [System.Text.RegularExpressions.GeneratedRegex(@"^ACR-\d{4}-\d{6,9}$")]
    private static partial System.Text.RegularExpressions.Regex ReferenceFormat();

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Events = (await Delivery.ListAsync(new ContentQuery(Locale, Cms.Content.Event.Key, From: today, Sort: "startDate", PageSize: ContentQuery.MaxPageSize), ct)).Items;
        RetentionDays = options.Value.AccreditationRetentionDays;
        Crumbs.Add(new(T["nav.home"], $"/{Locale}/"));
        Crumbs.Add(new(T["nav.press"], $"/{Locale}/press/"));
        Crumbs.Add(new(T["accreditation.title"], $"/{Locale}/press/accreditation"));
        Seo = new PageSeo { Title = T["accreditation.title"], Description = T["accreditation.intro"], Canonical = Absolute($"/{Locale}/press/accreditation"), Index = false };
        foreach (var locale in Locales.All)
        {
            LanguageLinks[locale] = $"/{locale}/press/accreditation";
        }
    }
}
