using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Reports;

/// <summary>
/// The report's names and numbers as people read them, shared by the page, the CSV, the PDF and the
/// monthly mail, so the four never disagree. Everything is in the current UI culture's words.
/// </summary>
internal sealed class ReportWords(IStringLocalizer<AdminText> a, IReadOnlyList<Agency> agencies)
{
    public IStringLocalizer<AdminText> A => a;

    public string Figure(string name) => a["admin.reports.figure." + name];

    public string Dimension(string dimension) => a["admin.reports.by." + dimension];

    /// <summary>A breakdown line's name: the campaign, the section as the menu names it, the language, the agency.</summary>
    public string Label(string dimension, string key) => dimension switch
    {
        EffectivenessReport.BySection => key == "" ? a["admin.reports.homeAndPages"] : a.Section(key),
        EffectivenessReport.ByLocale => Locales.IsSupported(key) ? $"{key} · {Locales.NativeName(key)}" : a["admin.reports.chooser"],
        EffectivenessReport.ByAgency => agencies.FirstOrDefault(g => g.Key == key)?.NameVi ?? key,
        _ => key,
    };

    public static string Number(double? value, string name) => value switch
    {
        null => "–",
        _ when name == "medianHours" => value.Value.ToString("N1", CultureInfo.CurrentCulture),
        _ => value.Value.ToString("N0", CultureInfo.CurrentCulture),
    };

    /// <summary>"+3 (+60 %)", "−1 (−25 %)", "+2 (mới)": the change from the previous period.</summary>
    public string Change(ReportChange change)
    {
        if (change.Delta is not { } delta)
        {
            return "–";
        }

        var sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
        var amount = sign + Number(Math.Abs(delta), change.Name);
        return change.Percent is { } percent
            ? $"{amount} ({sign}{Math.Abs(percent).ToString("0.#", CultureInfo.CurrentCulture)} %)"
            : delta == 0 ? amount : $"{amount} ({a["admin.reports.new"]})";
    }

    public string Period(ReportFilter filter) => a["admin.reports.period", StaffClock.FormatDate(filter.From), StaffClock.FormatDate(filter.To)];

    /// <summary>What the report is limited to, e.g. "Chiến dịch: X · Ngôn ngữ: en"; empty for the whole site.</summary>
    public string Scope(ReportResult report)
    {
        var f = report.Filter;
        var parts = new List<string>();
        if (f.Campaign is not null)
        {
            parts.Add($"{Dimension(EffectivenessReport.ByCampaign)}: {f.Campaign}");
        }

        if (f.Section is not null)
        {
            parts.Add($"{Dimension(EffectivenessReport.BySection)}: {Label(EffectivenessReport.BySection, f.Section)}");
        }

        if (f.Locale is not null)
        {
            parts.Add($"{Dimension(EffectivenessReport.ByLocale)}: {Label(EffectivenessReport.ByLocale, f.Locale)}");
        }

        if (report.AgencyName is not null)
        {
            parts.Add($"{Dimension(EffectivenessReport.ByAgency)}: {report.AgencyName}");
        }

        return parts.Count == 0 ? a["admin.reports.wholeSite"] : string.Join(" · ", parts);
    }
}

/// <summary>The report as CSV and as the print template the PDF is made from.</summary>
internal static class ReportDocuments
{
    /// <summary>The CSV's figure columns, in order; each has its previous-period column beside it.</summary>
    public static readonly string[] Figures = ["views", "visitors", "scans", "enquiries", "answered", "medianHours", "reads", "epub", "pdf"];

    /// <summary>
    /// One row per breakdown line, after a row for the whole report; numbers in invariant form so a
    /// spreadsheet reads them in any locale. UTF-8 with a byte order mark, so Excel shows Vietnamese.
    /// </summary>
    public static byte[] Csv(ReportResult report, ReportWords words)
    {
        var csv = new StringBuilder();
        var header = new List<string> { words.A["admin.reports.csv.dimension"], words.A["admin.reports.csv.key"], words.A["admin.reports.csv.label"], words.A["admin.reports.csv.from"], words.A["admin.reports.csv.to"] };
        foreach (var name in Figures)
        {
            header.Add(words.Figure(name));
            header.Add(words.A["admin.reports.csv.previous", words.Figure(name)]);
        }

        csv.AppendJoin(',', header.Select(Cell)).Append("\r\n");
        Row(csv, report.Filter, "total", "", words.A["admin.reports.total"], report.Current, report.Previous);
        foreach (var line in report.Lines)
        {
            Row(csv, report.Filter, line.Dimension, line.Key, words.Label(line.Dimension, line.Key), line.Current, line.Previous);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static void Row(StringBuilder csv, ReportFilter filter, string dimension, string key, string label, ReportFigures current, ReportFigures previous)
    {
        var cells = new List<string> { dimension, Cell(key), Cell(label), filter.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), filter.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        foreach (var ((_, now), (_, before)) in current.Named.Zip(previous.Named))
        {
            cells.Add(Invariant(now));
            cells.Add(Invariant(before));
        }

        csv.AppendJoin(',', cells).Append("\r\n");
    }

    private static string Invariant(double? value) => value?.ToString("0.#", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A CSV cell, quoted when needed and defused when it starts like a formula (campaign names come from staff and links).</summary>
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

    /// <summary>The charts of a report (page and print draw the same).</summary>
    public static IReadOnlyList<IHtmlContent> Charts(ReportResult report, ReportWords words, SvgCharts.Words chartWords) =>
    [
        SvgCharts.Timeline(words.A["admin.reports.chart.timeline", words.Period(report.Filter)], report.Daily, chartWords),
        SvgCharts.Bars(words.A["admin.reports.chart.bySection"], [.. report.Lines.Where(l => l.Dimension == EffectivenessReport.BySection).Select(l => (words.Label(l.Dimension, l.Key), l.Current.Views))]),
        SvgCharts.Bars(words.A["admin.reports.chart.byLocale"], [.. report.Lines.Where(l => l.Dimension == EffectivenessReport.ByLocale).Select(l => (words.Label(l.Dimension, l.Key), l.Current.Views))]),
        SvgCharts.Bars(words.A["admin.reports.chart.byCampaign"], [.. report.Lines.Where(l => l.Dimension == EffectivenessReport.ByCampaign).Take(12).Select(l => (l.Key, l.Current.Scans))]),
    ];

    /// <summary>
    /// The print template: an A4 page of its own, no navigation, no script, nothing fetched, the charts
    /// inline; its styles are in the page (Chromium prints a file, where the site's policy does not apply).
    /// </summary>
    public static string PrintHtml(ReportResult report, ReportWords words, SvgCharts.Words chartWords, DateTimeOffset printedAt)
    {
        var a = words.A;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>").Append(E(a["admin.reports.print.title"])).Append("</title><style>")
            .Append("@page{size:A4;margin:16mm 14mm}body{font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:10.5pt;color:#1b1f1d}")
            .Append("h1{font-size:17pt;margin:0 0 4pt}h2{font-size:12.5pt;margin:14pt 0 6pt;break-after:avoid}.meta{margin:0 0 2pt;color:#38413c}")
            .Append("table{border-collapse:collapse;width:100%;margin:4pt 0}th,td{border:1px solid #c9d1cc;padding:3pt 5pt;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append("thead th{background:#eef3ef}tr{break-inside:avoid}.charts svg{display:block;max-width:100%;height:auto;margin:6pt 0;break-inside:avoid}")
            .Append("svg.chart{font-size:12px}svg.chart .grid{stroke:#e4e8e5}svg.chart .axis,svg.chart .legend text,svg.chart .label,svg.chart .value{fill:#4a534e}")
            .Append("svg.chart .views{fill:#2f8a5f}svg.chart .visitors{stroke:#b3261e;stroke-width:2}.foot{margin-top:12pt;color:#5b645f;font-size:9pt}")
            .Append("</style></head><body>");
        html.Append("<header><p class=\"meta\">").Append(E(a["admin.reports.print.authority"])).Append("</p>")
            .Append("<h1>").Append(E(a["admin.reports.print.title"])).Append("</h1>")
            .Append("<p class=\"meta\">").Append(E(words.Period(report.Filter))).Append("</p>")
            .Append("<p class=\"meta\">").Append(E(a["admin.reports.previousPeriod", StaffClock.FormatDate(report.Filter.Previous.From), StaffClock.FormatDate(report.Filter.Previous.To)])).Append("</p>")
            .Append("<p class=\"meta\">").Append(E(words.Scope(report))).Append("</p></header>");

        html.Append("<h2>").Append(E(a["admin.reports.figures"])).Append("</h2><table id=\"figures\"><thead><tr><th>").Append(E(a["admin.reports.figure"]))
            .Append("</th><th>").Append(E(a["admin.reports.thisPeriod"])).Append("</th><th>").Append(E(a["admin.reports.previous"])).Append("</th><th>").Append(E(a["admin.reports.change"])).Append("</th></tr></thead><tbody>");
        foreach (var change in report.Changes)
        {
            html.Append("<tr><td>").Append(E(words.Figure(change.Name))).Append("</td><td>").Append(E(ReportWords.Number(change.Current, change.Name)))
                .Append("</td><td>").Append(E(ReportWords.Number(change.Previous, change.Name))).Append("</td><td>").Append(E(words.Change(change))).Append("</td></tr>");
        }

        html.Append("</tbody></table><div class=\"charts\">");
        foreach (var chart in Charts(report, words, chartWords))
        {
            using var writer = new StringWriter();
            chart.WriteTo(writer, HtmlEncoder.Default);
            html.Append(writer);
        }

        html.Append("</div>");
        foreach (var dimension in new[] { EffectivenessReport.ByAgency, EffectivenessReport.ByCampaign, EffectivenessReport.BySection, EffectivenessReport.ByLocale })
        {
            var lines = report.Lines.Where(l => l.Dimension == dimension).ToList();
            if (lines.Count == 0)
            {
                continue;
            }

            html.Append("<h2>").Append(E(words.Dimension(dimension))).Append("</h2><table><thead><tr><th></th>");
            foreach (var name in new[] { "views", "visitors", "scans", "enquiries", "answered", "reads", "epub" })
            {
                html.Append("<th>").Append(E(words.Figure(name))).Append("</th>");
            }

            html.Append("</tr></thead><tbody>");
            foreach (var line in lines)
            {
                var c = line.Current;
                html.Append("<tr><td>").Append(E(words.Label(line.Dimension, line.Key))).Append("</td>");
                foreach (var value in new[] { c.Views, c.Visitors, c.Scans, c.EnquiriesReceived, c.EnquiriesAnswered, c.Reads, c.EpubDownloads })
                {
                    html.Append("<td>").Append(E(ReportWords.Number(value, ""))).Append("</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
        }

        if (report.TopItems.Count > 0)
        {
            html.Append("<h2>").Append(E(a["admin.reports.topItems"])).Append("</h2><table><thead><tr><th>").Append(E(a["admin.reports.item"])).Append("</th><th>")
                .Append(E(words.Figure("views"))).Append("</th><th>").Append(E(words.Figure("visitors"))).Append("</th><th>").Append(E(a["admin.reports.downloads"])).Append("</th></tr></thead><tbody>");
            foreach (var item in report.TopItems)
            {
                html.Append("<tr><td>").Append(E(item.Title)).Append("</td><td>").Append(E(ReportWords.Number(item.Views, ""))).Append("</td><td>")
                    .Append(E(ReportWords.Number(item.Visitors, ""))).Append("</td><td>").Append(E(ReportWords.Number(item.Downloads, ""))).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("<p class=\"foot\">").Append(E(a["admin.reports.print.note", printedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)])).Append("</p></body></html>");
        return html.ToString();
    }

    /// <summary>Letters stay letters (Vietnamese reads in the file and pdftotext), markup is escaped.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string E(string text) => Encoder.Encode(text);
}
