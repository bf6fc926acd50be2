using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Conferences;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Sharing;

namespace PromoSite.Cms.Areas.Admin.Pages.Conferences;

/// <summary>
/// A conference's QR kit and figures (issue #21): one button makes its campaign's short links for its
/// page and every material in each of its languages (again only for what is missing); each link is
/// listed with its QR code, the one-pager that prints it and its scans; a printable A4 sheet holds
/// every code. The campaign's scans and visits since the kit was made are summed here; the full
/// effectiveness report is /admin/reports?campaign=…
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ManageConferences)]
public sealed class KitModel(ConferenceKit kit, AnalyticsReport report, VisitRecorder recorder, IContentDelivery delivery, ContentTypeRegistry types, TimeProvider clock, IOptions<CmsOptions> options, IStringLocalizer<AdminText> a) : AdminPage
{
    /// <summary>One link as the kit page shows it: where it leads (the published title in its language), its QR code, one-pager and scans.</summary>
    public sealed record Row(KitLink Link, string Title, string TypeLabel, string? PrintPath, string ShortUrl, int Scans, int Visitors);

    public KitPlan Plan { get; private set; } = null!;

    public string Title { get; private set; } = "";

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The campaign's figures since its first link was made (UTC days), or null before there is a kit.</summary>
    public AnalyticsSummary? Figures { get; private set; }

    public string? Done { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? done, CancellationToken ct)
    {
        Done = done switch
        {
            "made" => a["admin.conferences.kit.made", Request.Query["count"].ToString()].Value,
            "complete" => a["admin.conferences.kit.complete"].Value,
            _ => null,
        };
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var (made, problem) = await kit.MakeAsync(id, User.Identity?.Name ?? "", ct);
        if (problem?.Code == "kitNoConference")
        {
            return NotFound();
        }

        if (problem is not null)
        {
            Error = a.Problem(problem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(id, ct);
            return Page();
        }

        return LocalRedirect(made > 0 ? $"/admin/conferences/{id}?done=made&count={made}" : $"/admin/conferences/{id}?done=complete");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await kit.PlanAsync(id, ct) is not { } plan)
        {
            return false;
        }

        Plan = plan;
        Title = (await delivery.GetByIdAsync(Locales.Source, id, ct))?.Title ?? plan.Key;
        var links = await kit.LinksAsync(plan, ct);
        var counts = new Dictionary<string, ShortLinkCount>(StringComparer.Ordinal);
        if (links.Count > 0)
        {
            // Scans recorded a moment ago are still in the recorder's buffer; the kit's figures must include them.
            await recorder.FlushAsync(ct);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var first = DateOnly.FromDateTime(links.Min(l => l.CreatedAt));
            var from = today.DayNumber - first.DayNumber >= ReportQuery.MaxDays ? today.AddDays(1 - ReportQuery.MaxDays) : first;
            Figures = await report.SummarizeAsync(new ReportQuery(from, today, Campaign: plan.Campaign), ct);
            foreach (var count in Figures.ShortLinks)
            {
                counts[count.Code] = count;
            }
        }

        var baseUrl = options.Value.BaseUrlFor(Request);
        var rows = new List<Row>();
        foreach (var link in links)
        {
            var item = await delivery.GetByIdAsync(link.Locale, link.ItemId, ct);
            var print = item?.Path is { } path && types.Get(link.Type).Printable
                ? $"/{link.Locale}/print{path[(link.Locale.Length + 1)..]}?link={link.Code}"
                : null;
            var count = counts.GetValueOrDefault(link.Code);
            rows.Add(new Row(link, item?.Title ?? link.Key, a.TypeOne(types.Get(link.Type)), print, ShortLinkService.DisplayUrl(baseUrl, link.Code), count?.Scans ?? 0, count?.Visitors ?? 0));
        }

        Rows = rows;
        return true;
    }
}
