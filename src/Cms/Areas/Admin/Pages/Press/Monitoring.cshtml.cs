using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Monitoring;
using PromoSite.Cms.Search;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Webhooks;

namespace PromoSite.Cms.Areas.Admin.Pages.Press;

/// <summary>
/// The sources the poller reads and the keyword rules it matches, with each source's state (last
/// read, failures in a row, the last error). Sources make the server fetch other sites, so only
/// administrators set them; a private address is refused here with a message and again at every
/// connection by the SSRF guard.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageMonitoring)]
public sealed class MonitoringModel(CmsDbContext db, FeedPoller poller, IOptions<MonitoringOptions> options, IOptions<PromoSite.Cms.Press.PressOptions> press, Microsoft.Extensions.Localization.IStringLocalizer<AdminText> a, TimeProvider clock) : AdminPage
{
    public IReadOnlyList<MonitorSource> Sources { get; private set; } = [];

    public IReadOnlyList<KeywordRule> Rules { get; private set; } = [];

    public List<string> Errors { get; } = [];

    /// <summary>Who receives the daily digest (Press:DigestRecipients) and when (Press:DigestTime, Vietnam time).</summary>
    public PromoSite.Cms.Press.PressOptions Digest => press.Value;

    [BindProperty] public string? Name { get; set; }

    [BindProperty] public string? FeedUrl { get; set; }

    [BindProperty] public string? SourceLocale { get; set; }

    [BindProperty] public string? Phrase { get; set; }

    [BindProperty] public string? RuleLocale { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSourceAsync(CancellationToken ct)
    {
        Name = Name?.Trim();
        FeedUrl = FeedUrl?.Trim();
        if (string.IsNullOrEmpty(Name) || Name.Length > 120)
        {
            Errors.Add(a["admin.monitoring.nameNeeded"]);
        }

        if (!Uri.TryCreate(FeedUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo) || FeedUrl!.Length > 2000)
        {
            Errors.Add(a["admin.monitoring.urlInvalid"]);
        }
        else if (await WebhookTargets.ProblemAsync(FeedUrl, options.Value.AllowPrivateSources, requireHttps: false, ct) is { } refused)
        {
            // The webhooks' SSRF guard, the same that every connection of the poller passes: addresses, private host names, names resolved now.
            Errors.Add(a.Problem(refused));
        }

        var locale = string.IsNullOrEmpty(SourceLocale) ? null : SourceLocale;
        if (locale is not null && !Locales.All.Contains(locale))
        {
            Errors.Add(a["admin.monitoring.localeInvalid"]);
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.MonitorSources.Add(new MonitorSource { Name = Name!, Url = FeedUrl!, Locale = locale, NextFetchAt = now, CreatedAt = now });
        await db.SaveChangesAsync(ct);
        return LocalRedirect("/admin/press/monitoring");
    }

    public async Task<IActionResult> OnPostRuleAsync(CancellationToken ct)
    {
        Phrase = Phrase?.Trim();
        if (string.IsNullOrEmpty(Phrase) || Phrase.Length > 120 || SearchText.Tokens(Phrase).Count == 0)
        {
            Errors.Add(a["admin.monitoring.phraseNeeded"]);
        }

        if (RuleLocale is null || !Locales.All.Contains(RuleLocale))
        {
            Errors.Add(a["admin.monitoring.localeInvalid"]);
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        db.KeywordRules.Add(new KeywordRule { Locale = RuleLocale!, Phrase = Phrase!, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return LocalRedirect("/admin/press/monitoring");
    }

    public async Task<IActionResult> OnPostToggleAsync(long id, CancellationToken ct)
    {
        var source = await db.MonitorSources.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (source is null)
        {
            return NotFound();
        }

        source.Enabled = !source.Enabled;
        source.NextFetchAt = clock.GetUtcNow().UtcDateTime;
        source.Failures = 0;
        await db.SaveChangesAsync(ct);
        return LocalRedirect("/admin/press/monitoring");
    }

    public async Task<IActionResult> OnPostDeleteRuleAsync(long id, CancellationToken ct)
    {
        await db.KeywordRules.Where(r => r.Id == id).ExecuteDeleteAsync(ct);
        return LocalRedirect("/admin/press/monitoring");
    }

    /// <summary>Reads every enabled source now, whatever its schedule (after adding one, or to check a fix).</summary>
    public async Task<IActionResult> OnPostPollAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.MonitorSources.Where(s => s.Enabled).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextFetchAt, now), ct);
        await poller.RunOnceAsync(ct);
        return LocalRedirect("/admin/press/monitoring");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sources = await db.MonitorSources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        Rules = await db.KeywordRules.AsNoTracking().OrderBy(r => r.Locale).ThenBy(r => r.Phrase).ToListAsync(ct);
    }
}
