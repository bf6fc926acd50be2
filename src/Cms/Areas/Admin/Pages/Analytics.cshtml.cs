using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Cms.Areas.Admin.Pages;

/// <summary>
/// Page views, visitors, languages, sections, pages, referrers, campaigns and short-link scans
/// over a chosen period, with the same figures as CSV. Days are UTC days.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.ReadAnalytics)]
public sealed class AnalyticsModel(AnalyticsReport report, VisitRecorder recorder, IContentDelivery delivery, TimeProvider clock, IOptions<AnalyticsOptions> options, Microsoft.Extensions.Localization.IStringLocalizer<AdminText> strings) : AdminPage
{
    public static readonly int[] Periods = [7, 30, 90, 365];

    public AnalyticsSummary Summary { get; private set; } = null!;

    public IReadOnlyList<string> Campaigns { get; private set; } = [];

    /// <summary>Titles of the top pages' items, in the language the page was viewed in.</summary>
    public Dictionary<long, string> Titles { get; } = [];

    public string? Error { get; private set; }

    public bool Enabled => options.Value.Enabled;

    public int RetentionDays => options.Value.RetentionDays;

    public long Dropped => recorder.Dropped;

    public int? Period { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? period, string? from, string? to, string? locale, string? campaign, CancellationToken ct)
    {
        var query = Parse(period, from, to, locale, campaign);
        Summary = await report.SummarizeAsync(query, ct);
        Campaigns = await report.CampaignsAsync(ct);
        foreach (var page in Summary.TopPages.Where(p => p.ItemId is not null))
        {
            if (!Titles.ContainsKey(page.ItemId!.Value) && await delivery.GetByIdAsync(Locales.IsSupported(page.Locale) ? page.Locale : Locales.Source, page.ItemId.Value, ct) is { } item)
            {
                Titles[page.ItemId.Value] = item.Title;
            }
        }

        return Page();
    }

    /// <summary>The period's finest-grained counts as CSV, for a spreadsheet or a report to the province.</summary>
    public async Task<IActionResult> OnGetCsvAsync(int? period, string? from, string? to, string? locale, string? campaign, CancellationToken ct)
    {
        var query = Parse(period, from, to, locale, campaign);
        if (Error is not null)
        {
            return BadRequest(strings[Error, ReportQuery.MaxDays].Value);
        }

        // The header in the reader's language (people open this in a spreadsheet); the columns and their order never change.
        var csv = new StringBuilder().AppendJoin(',', CsvColumns.Select(c => Cell(strings["admin.analytics.csv." + c]))).Append("\r\n");
        foreach (var row in await report.ExportAsync(query, ct))
        {
            csv.AppendJoin(',',
                row.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.Kind, Cell(row.Locale), Cell(row.Section), Cell(row.Path),
                row.ItemId?.ToString(CultureInfo.InvariantCulture) ?? "", Cell(row.Referrer), Cell(row.Campaign), Cell(row.Channel), Cell(row.ShortCode),
                row.Hits.ToString(CultureInfo.InvariantCulture), row.Visitors.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        // A byte order mark, so that spreadsheet programs read Vietnamese, Korean, Japanese and Chinese campaign names as UTF-8.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"promosite-analytics-{query.From:yyyy-MM-dd}-{query.To:yyyy-MM-dd}.csv");
    }

    /// <summary>The CSV's columns, in order.</summary>
    public static readonly string[] CsvColumns = ["day", "kind", "locale", "section", "path", "itemId", "referrer", "campaign", "channel", "shortCode", "hits", "visitors"];

    /// <summary>The query string that asks for the same report (for the CSV link and the period buttons).</summary>
    public string QueryString(int? period = null) => period is not null
        ? $"?period={period}{Extra()}"
        : $"?from={Summary.Query.From:yyyy-MM-dd}&to={Summary.Query.To:yyyy-MM-dd}{Extra()}";

    private string Extra() =>
        (Summary.Query.Locale is { } l ? $"&locale={l}" : "") + (Summary.Query.Campaign is { } c ? $"&campaign={Uri.EscapeDataString(c)}" : "");

    /// <summary>
    /// A CSV cell, quoted when needed, and defused when it starts like a formula: a campaign name
    /// or a referrer comes from outside and must not run as a formula in a spreadsheet.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private ReportQuery Parse(int? period, string? from, string? to, string? locale, string? campaign)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        locale = Locales.IsSupported(locale) ? locale : null;
        campaign = string.IsNullOrWhiteSpace(campaign) ? null : campaign.Trim();
        if (from is null && to is null)
        {
            Period = Periods.Contains(period ?? 30) ? period ?? 30 : 30;
            return new ReportQuery(today.AddDays(1 - Period.Value), today, locale, campaign);
        }

        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            Error = "admin.analytics.error.dates";
        }
        else if (end < start)
        {
            Error = "admin.analytics.error.order";
        }
        else if (end.DayNumber - start.DayNumber + 1 > ReportQuery.MaxDays)
        {
            Error = "admin.analytics.error.tooLong";
        }
        else
        {
            return new ReportQuery(start, end, locale, campaign);
        }

        Period = 30;
        return new ReportQuery(today.AddDays(-29), today, locale, campaign);
    }
}
