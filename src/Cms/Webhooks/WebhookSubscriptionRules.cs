using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Webhooks;

/// <summary>
/// What a new subscription must satisfy and how its secret is made, shared by /admin/webhooks and the
/// management API so both refuse exactly the same addresses (the SSRF guard is <see cref="WebhookTargets"/>).
/// </summary>
internal static class WebhookSubscriptionRules
{
    public const int MaxDescriptionLength = 200;

    /// <summary>Every reason the subscription cannot be saved; empty when it can.</summary>
    public static List<FieldError> Problems(string? url, string? description, IReadOnlyCollection<string> events, IReadOnlyCollection<string> locales, bool allowPrivateTargets)
    {
        var problems = new List<FieldError>();
        if (WebhookTargets.Problem(url, allowPrivateTargets) is { } problem)
        {
            problems.Add(problem);
        }

        if (!events.Any(WebhookEvents.All.Contains))
        {
            problems.Add(FieldError.Coded("events", "webhookNoEvent", "Choose at least one event."));
        }
        else if (events.FirstOrDefault(e => !WebhookEvents.All.Contains(e)) is { } unknown)
        {
            problems.Add(FieldError.Coded("events", "webhookUnknownEvent", $"'{unknown}' is not an event; the events are {string.Join(", ", WebhookEvents.All)}.", unknown));
        }

        if (locales.FirstOrDefault(l => !Locales.IsSupported(l)) is { } locale)
        {
            problems.Add(FieldError.Coded("locales", "notALanguage", $"'{locale}' is not a language of the site ({string.Join(", ", Locales.All)}).", locale));
        }

        if ((description?.Length ?? 0) > MaxDescriptionLength)
        {
            problems.Add(FieldError.Coded("description", "tooLong", $"The description can be at most {MaxDescriptionLength} characters.", MaxDescriptionLength));
        }

        return problems;
    }

    /// <summary>A new signing secret: shown once, stored only encrypted (<see cref="Protect"/>).</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string Protect(IDataProtectionProvider protection, string secret) => protection.CreateProtector(WebhookDispatcher.SecretPurpose).Protect(secret);
}
