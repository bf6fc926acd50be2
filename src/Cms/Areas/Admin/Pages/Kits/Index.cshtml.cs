using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Kits;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Kits;

/// <summary>
/// /admin/kits: an officer picks languages, sections or items and a campaign; the kit is built in the
/// background (<see cref="KitQueue"/>) while this page shows its progress (a plain progress bar,
/// refreshed by the Refresh header, so no script is needed), then offers the zip until it expires.
/// </summary>
[Authorize(Policy = Policies.MakeKits)]
public sealed partial class IndexModel(
    KitQueue kits, CmsDbContext db, ContentTypeRegistry types, IContentDelivery delivery, IOptions<CmsOptions> options, IStringLocalizer<AdminText> text) : AdminPage
{
    public const int MaxCampaignLength = 100;

    /// <summary>Letters of every script, digits, spaces and a little punctuation: a campaign name goes into file names and analytics.</summary>
    [GeneratedRegex(@"^[\p{L}\p{M}\p{N} .,_()\-]+$")]
    private static partial Regex CampaignPattern();

    public IReadOnlyList<ContentTypeDefinition> Sections => [.. types.WithPages.Where(t => t.Section is not null)];

    public IReadOnlyList<(long Id, string Type, string Title, string Key)> Choices { get; private set; } = [];

    [BindProperty] public List<string> Locales { get; set; } = [];

    [BindProperty] public List<string> Types { get; set; } = [];

    [BindProperty] public List<long> Items { get; set; } = [];

    [BindProperty] public string? Campaign { get; set; }

    public List<string> Errors { get; } = [];

    public KitJob? Job { get; private set; }

    public IReadOnlyList<KitJob> Recent { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? job, CancellationToken ct)
    {
        if (job is not null)
        {
            Job = kits.Find(job);
            if (Job is null)
            {
                Errors.Add(text["admin.kits.error.gone"]);
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
            else if (Job.State is KitState.Queued or KitState.Building)
            {
                // The no-script refresh: browsers reload the page in two seconds while the kit is built.
                Response.Headers["Refresh"] = "2";
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The progress as JSON, for a script that polls rather than reloads.</summary>
    public IActionResult OnGetStatus(string? job) => kits.Find(job) is { } found
        ? new JsonResult(new
        {
            state = found.State.ToString(),
            done = found.Done,
            total = found.Total,
            download = found.State == KitState.Ready ? $"/admin/kits?handler=Download&job={found.Id}" : null,
        })
        : NotFound();

    public IActionResult OnGetDownload(string? job) =>
        kits.Find(job) is { } found && kits.Open(found) is { } zip ? File(zip, "application/zip", found.DownloadName) : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var locales = Locales.Distinct().ToList();
        if (locales.Count == 0)
        {
            Errors.Add(text["admin.kits.error.noLanguage"]);
        }
        else if (locales.FirstOrDefault(l => !PromoSite.Cms.Content.Locales.IsSupported(l)) is { } bad)
        {
            Errors.Add(text["admin.kits.error.badLanguage", bad]);
        }

        var campaign = Campaign?.Trim() ?? "";
        if (campaign.Length == 0)
        {
            Errors.Add(text["admin.kits.error.noCampaign"]);
        }
        else if (campaign.Length > MaxCampaignLength || !CampaignPattern().IsMatch(campaign))
        {
            Errors.Add(text["admin.kits.error.badCampaign", MaxCampaignLength]);
        }

        var sections = Types.Distinct().ToList();
        if (sections.FirstOrDefault(s => Sections.All(t => t.Name != s)) is { } unknownSection)
        {
            Errors.Add(text["admin.kits.error.unknownSection", unknownSection]);
        }

        var items = Items.Distinct().ToList();
        var known = await db.Items.AsNoTracking().Where(i => items.Contains(i.Id) && i.DeletedAt == null).Select(i => i.Id).ToListAsync(ct);
        if (items.FirstOrDefault(i => !known.Contains(i)) is var unknown and not 0)
        {
            Errors.Add(text["admin.kits.error.unknownItem", unknown]);
        }

        if (sections.Count == 0 && items.Count == 0)
        {
            Errors.Add(text["admin.kits.error.empty"]);
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        var queued = kits.Enqueue(new KitRequest(locales, sections, items, campaign, options.Value.BaseUrlFor(Request), User.Identity!.Name!));
        return Redirect($"/admin/kits?job={queued.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Recent = kits.Recent();
        var choices = new List<(long, string, string, string)>();
        foreach (var type in Sections)
        {
            foreach (var item in await delivery.ListAllAsync(new ContentQuery(PromoSite.Cms.Content.Locales.Source, type.Name), ct))
            {
                choices.Add((item.Id, type.Name, item.Title, item.Key));
            }
        }

        Choices = choices;
    }
}
