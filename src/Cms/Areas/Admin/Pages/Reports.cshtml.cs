using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Printing;
using PromoSite.Cms.Reports;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>
/// /admin/reports: the effectiveness report for a period against the one before, per campaign, section,
/// language and agency, with charts; the same as CSV (?handler=csv) and as a Vietnamese A4 PDF for the
/// People's Committee (?handler=pdf). One policy for all three. Days are UTC days, like the analytics.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ViewReports)]
public sealed class ReportsModel(EffectivenessReport reports, ReportPrinter printer, TimeProvider clock, IStringLocalizer<AdminText> strings) : AdminPage
{
    /// <summary>The period presets: the last 30 days (the default), and the last whole month, quarter and year.</summary>
    public static readonly string[] Presets = ["30", "month", "quarter", "year", "custom"];

    /// <summary>The province's time zone: "last month" is a Vietnamese month.</summary>
    public const string TimeZoneId = "Asia/Ho_Chi_Minh";

    public ReportResult? Report { get; private set; }

    public string? Error { get; private set; }

    public string Preset { get; private set; } = "30";

    public string? FromText { get; private set; }

    public string? ToText { get; private set; }

    public string? Campaign { get; private set; }

    public string? Section { get; private set; }

    public string? Locale { get; private set; }

    public string? Agency { get; private set; }

    public IReadOnlyList<string> Campaigns { get; private set; } = [];

    public IReadOnlyList<string> Sections => reports.Sections;

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    internal ReportWords Words { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? period, string? from, string? to, string? campaign, string? section, string? locale, string? agency, CancellationToken ct)
    {
        var filter = await ParseAsync(period, from, to, campaign, section, locale, agency, ct);
        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest; // the form keeps what was asked, with what is wrong
            return Page();
        }

        Report = await reports.BuildAsync(filter, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string? period, string? from, string? to, string? campaign, string? section, string? locale, string? agency, CancellationToken ct)
    {
        var filter = await ParseAsync(period, from, to, campaign, section, locale, agency, ct);
        if (filter is null)
        {
            return BadRequest(ErrorText);
        }

        var report = await reports.BuildAsync(filter, ct);
        return File(await printer.CsvAsync(report, ct), "text/csv; charset=utf-8", $"promosite-report-{filter.From:yyyy-MM-dd}-{filter.To:yyyy-MM-dd}.csv");
    }

    public async Task<IActionResult> OnGetPdfAsync(string? period, string? from, string? to, string? campaign, string? section, string? locale, string? agency, CancellationToken ct)
    {
        var filter = await ParseAsync(period, from, to, campaign, section, locale, agency, ct);
        if (filter is null)
        {
            return BadRequest(ErrorText);
        }

        var report = await reports.BuildAsync(filter, ct);
        try
        {
            return File(await printer.PdfAsync(report, ct), "application/pdf", $"bao-cao-hieu-qua-{filter.From:yyyy-MM-dd}-{filter.To:yyyy-MM-dd}.pdf");
        }
        catch (PdfUnavailableException)
        {
            // No Chromium on this node: say so in the reader's language, and point to the CSV, rather than a 500.
            Report = report;
            Error = "admin.reports.error.pdf";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
    }

    public string ErrorText => Error is null ? "" : strings[Error, ReportFilter.MaxDays].Value;

    /// <summary>The query string that asks for the same report (for the downloads).</summary>
    public string QueryString()
    {
        var parts = new List<string>();
        if (Report is { } r)
        {
            parts.Add($"from={r.Filter.From:yyyy-MM-dd}");
            parts.Add($"to={r.Filter.To:yyyy-MM-dd}");
        }

        foreach (var (name, value) in new[] { ("campaign", Campaign), ("section", Section), ("locale", Locale), ("agency", Agency) })
        {
            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        return "?" + string.Join('&', parts);
    }

    private async Task<ReportFilter?> ParseAsync(string? period, string? from, string? to, string? campaign, string? section, string? locale, string? agency, CancellationToken ct)
    {
        Campaigns = await reports.CampaignsAsync(ct);
        Agencies = await reports.AgenciesAsync(ct);
        Words = new ReportWords(strings, Agencies);
        Campaign = Blank(campaign);
        Section = Blank(section);
        Locale = Blank(locale);
        Agency = Blank(agency);
        FromText = Blank(from);
        ToText = Blank(to);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId)).DateTime);
        DateOnly start, end;
        if (FromText is not null || ToText is not null || period == "custom")
        {
            Preset = "custom";
            if (!DateOnly.TryParseExact(FromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start)
                || !DateOnly.TryParseExact(ToText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
            {
                Error = "admin.reports.error.dates";
                return null;
            }
        }
        else if (Presets.Contains(period) && period != "30")
        {
            Preset = period!;
            (start, end) = PresetPeriod(period!, today);
        }
        else if (Campaign is not null && period is null)
        {
            // Asked for a campaign (a conference's page links here): its whole life so far, within the longest period.
            var first = await reports.CampaignStartAsync(Campaign, ct) ?? today.AddDays(-29);
            Preset = "custom";
            end = today;
            start = first > today ? today : today.DayNumber - first.DayNumber + 1 > ReportFilter.MaxDays ? today.AddDays(1 - ReportFilter.MaxDays) : first;
        }
        else
        {
            (start, end) = (today.AddDays(-29), today);
        }

        long? agencyId = null;
        if (Agency is not null)
        {
            agencyId = Agencies.FirstOrDefault(a => a.Key == Agency)?.Id;
            if (agencyId is null)
            {
                Error = "admin.reports.error.agency";
                return null;
            }
        }

        var filter = new ReportFilter(start, end, Campaign, Section, Locale, agencyId);
        Error = await reports.CheckAsync(filter, ct);
        if (Error is null)
        {
            FromText = $"{start:yyyy-MM-dd}";
            ToText = $"{end:yyyy-MM-dd}";
        }

        return Error is null ? filter : null;
    }

    /// <summary>The last whole month, quarter or year before <paramref name="today"/>.</summary>
    public static (DateOnly From, DateOnly To) PresetPeriod(string preset, DateOnly today)
    {
        var month = new DateOnly(today.Year, today.Month, 1);
        return preset switch
        {
            "month" => (month.AddMonths(-1), month.AddDays(-1)),
            "quarter" => (new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1).AddMonths(-3), new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1).AddDays(-1)),
            "year" => (new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year - 1, 12, 31)),
            _ => (today.AddDays(-29), today),
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
