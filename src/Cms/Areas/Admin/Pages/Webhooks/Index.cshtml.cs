using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Webhooks;

namespace PromoSite.Cms.Areas.Admin.Pages.Webhooks;

/// <summary>
/// Administrators point other systems (the national portal, a newsletter tool) at PromoSite's
/// per-language events, see every delivery and attempt, and send one again.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageWebhooks)]
public sealed class IndexModel(CmsDbContext db, IDataProtectionProvider protection, AccountService accounts, TimeProvider clock, IOptions<WebhookOptions> options, IStringLocalizer<AdminText> text) : AdminPage
{
    public IReadOnlyList<WebhookSubscription> Subscriptions { get; private set; } = [];

    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];

    public DeliveryState? State { get; private set; }

    public List<string> Errors { get; } = [];

    /// <summary>Shown once, right after it is made: it is stored encrypted and never displayed again.</summary>
    public string? NewSecret { get; private set; }

    /// <summary>An admin string key; <see cref="DoneId"/> is its {0}.</summary>

    public string? Done { get; private set; }


    public long DoneId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? state, string? done, CancellationToken ct)
    {
        Done = done == "resend" ? "admin.webhooks.done.resend" : null;

        await LoadAsync(state, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? url, string? description, string[] events, string[] locales, CancellationToken ct)
    {
        url = url?.Trim();
        var chosen = events.Where(WebhookEvents.All.Contains).Distinct().ToList();
        Errors.AddRange(WebhookSubscriptionRules.Problems(url, description, chosen, locales, options.Value.AllowPrivateTargets).Select(text.Problem));

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(null, ct);
            return Page();
        }

        NewSecret = NewSecretText();
        var subscription = new WebhookSubscription
        {
            Url = url!, Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(), Events = string.Join(',', chosen),
            Locales = string.Join(',', locales.Where(Locales.IsSupported).Distinct()), ProtectedSecret = Protect(NewSecret),
            CreatedBy = User.Identity!.Name!, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.WebhookSubscriptions.Add(subscription);
        await accounts.AuditAsync(User.Identity!.Name!, AuditActions.WebhookCreate, subscription.Url, subscription.Events, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
        Done = "admin.webhooks.done.created";
        DoneId = subscription.Id;
        await LoadAsync(null, ct);
        return Page();
    }

    /// <summary>Pause or resume, make a new secret, or delete (with its delivery log).</summary>
    public async Task<IActionResult> OnPostChangeAsync(long id, string? change, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return NotFound();
        }

        switch (change)
        {
            case "pause":
                subscription.Active = false;
                break;
            case "resume":
                subscription.Active = true;
                break;
            case "secret":
                NewSecret = NewSecretText();
                subscription.ProtectedSecret = Protect(NewSecret);
                Done = "admin.webhooks.done.secret";
                DoneId = id;
                break;
            case "delete":
                db.WebhookSubscriptions.Remove(subscription);
                break;
            default:
                return BadRequest();
        }

        await accounts.AuditAsync(User.Identity!.Name!, change switch { "pause" => AuditActions.WebhookPause, "resume" => AuditActions.WebhookResume, "secret" => AuditActions.WebhookSecret, _ => AuditActions.WebhookDelete }, subscription.Url, null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
        if (NewSecret is not null)
        {
            await LoadAsync(null, ct);
            return Page();
        }

        return LocalRedirect("/admin/webhooks");
    }

    /// <summary>Sends a delivery again now, whatever its state; the attempts continue in its log.</summary>
    public async Task<IActionResult> OnPostResendAsync(long id, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null)
        {
            return NotFound();
        }

        delivery.State = DeliveryState.Pending;
        delivery.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        await accounts.AuditAsync(User.Identity!.Name!, AuditActions.WebhookResend, $"delivery {id}", null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await db.SaveChangesAsync(ct);
        return LocalRedirect("/admin/webhooks?done=resend");
    }

    private string Protect(string secret) => WebhookSubscriptionRules.Protect(protection, secret);

    private static string NewSecretText() => WebhookSubscriptionRules.NewSecret();

    private async Task LoadAsync(string? state, CancellationToken ct)
    {
        State = Enum.TryParse<DeliveryState>(state, ignoreCase: true, out var s) ? s : null;
        Subscriptions = await db.WebhookSubscriptions.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct);
        var deliveries = db.WebhookDeliveries.AsNoTracking().Include(d => d.Log).AsQueryable();
        if (State is { } wanted)
        {
            deliveries = deliveries.Where(d => d.State == wanted);
        }

        Deliveries = await deliveries.OrderByDescending(d => d.Id).Take(100).ToListAsync(ct);
    }
}
