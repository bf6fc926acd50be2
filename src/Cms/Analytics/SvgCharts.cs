using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace PromoSite.Cms.Analytics;

/// <summary>
/// Charts drawn on the server as inline SVG: no script, no chart library, nothing fetched, and
/// they print. Colours are presentation attributes and classes, not style attributes, because
/// the site's Content-Security-Policy allows no inline styles. Every chart carries a title for
/// screen readers; the dashboard shows the same figures in a table next to it.
/// </summary>
internal static class SvgCharts
{
    /// <summary>
    /// The words inside the charts, so a page can draw them in its reader's language; English by
    /// default. {0}.. are as in each default.
    /// </summary>
    public sealed record Words(
        string Views = "views",
        string DailyVisitors = "daily visitors",
        string PerDay = "per day",
        string PerDays = "per {0} days",
        string MoreDays = "{0} (+{1} days)",
        string DayTip = "{0}: {1} views, {2} visitors, {3} scans",
        string PartTip = "{0}: {1} {2} of {3}");

    private const int Width = 760;

    /// <summary>Views per day as bars, daily visitors as a line; long periods are shown per week or per 30 days.</summary>
    public static IHtmlContent Timeline(string title, IReadOnlyList<DayCount> days, Words? words = null)
    {
        var w = words ?? new Words();
        var bucket = days.Count <= 92 ? 1 : days.Count <= 366 ? 7 : 30;
        var buckets = days.Chunk(bucket).Select(c => (Day: c[0].Day, Views: c.Sum(d => d.Views), Visitors: c.Sum(d => d.Visitors), Scans: c.Sum(d => d.Scans))).ToList();
        const int height = 220, left = 48, right = 12, top = 16, bottom = 36;
        var plotWidth = Width - left - right;
        var plotHeight = height - top - bottom;
        var max = Math.Max(1, buckets.Max(b => Math.Max(b.Views, b.Scans)));
        var scale = NiceCeiling(max);
        var step = plotWidth / (double)Math.Max(1, buckets.Count);
        var svg = Open(title, Width, height, "timeline");
        for (var i = 0; i <= 4; i++)
        {
            var y = top + plotHeight - (plotHeight * i / 4.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{left}\" x2=\"{Width - right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{scale * i / 4:N0}</text>");
        }

        var points = new List<string>();
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            var x = left + (i * step);
            var h = plotHeight * b.Views / (double)scale;
            var label = bucket == 1 ? $"{b.Day:yyyy-MM-dd}" : Format(w.MoreDays, $"{b.Day:yyyy-MM-dd}", bucket - 1);
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"views\" x=\"{x + (step * 0.1):0.##}\" y=\"{top + plotHeight - h:0.##}\" width=\"{Math.Max(1, step * 0.8):0.##}\" height=\"{h:0.##}\"><title>{Encode(Format(w.DayTip, label, b.Views, b.Visitors, b.Scans))}</title></rect>");
            points.Add(string.Create(CultureInfo.InvariantCulture, $"{x + (step / 2):0.##},{top + plotHeight - (plotHeight * b.Visitors / (double)scale):0.##}"));
        }

        if (points.Count > 1)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"visitors\" fill=\"none\" points=\"{string.Join(' ', points)}\"/>");
        }

        foreach (var i in new[] { 0, buckets.Count / 2, buckets.Count - 1 }.Distinct().Where(i => i >= 0 && i < buckets.Count))
        {
            // The first and last dates align with the plot's edges, so they are never cut off.
            var (x, anchor) = i == 0 ? (left, "start") : i == buckets.Count - 1 ? (Width - right, "end") : (left + (i * step) + (step / 2), "middle");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{x:0.#}\" y=\"{height - 14}\" text-anchor=\"{anchor}\">{buckets[i].Day:yyyy-MM-dd}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\"><rect class=\"views\" x=\"{left}\" y=\"{height - 10}\" width=\"10\" height=\"8\"/><text x=\"{left + 14}\" y=\"{height - 2}\">{Encode(w.Views)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"visitors\" x1=\"{left + 70}\" x2=\"{left + 84}\" y1=\"{height - 6}\" y2=\"{height - 6}\"/><text x=\"{left + 88}\" y=\"{height - 2}\">{Encode(w.DailyVisitors)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 190}\" y=\"{height - 2}\">{Encode(bucket == 1 ? w.PerDay : Format(w.PerDays, bucket))}</text></g>");
        return Close(svg);
    }

    /// <summary>Horizontal bars, one per label, longest first.</summary>
    public static IHtmlContent Bars(string title, IReadOnlyList<(string Label, int Value)> rows)
    {
        // Narrower than the timeline: bar charts sit in half-width columns and must stay legible when scaled down on a phone.
        const int width = 460, rowHeight = 24, labelWidth = 170, right = 50;
        var height = Math.Max(1, rows.Count) * rowHeight + 8;
        var max = Math.Max(1, rows.Count == 0 ? 0 : rows.Max(r => r.Value));
        var svg = Open(title, width, height, "bars");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value) = rows[i];
            var y = 4 + (i * rowHeight);
            var w = (width - labelWidth - right) * value / (double)max;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{labelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{Encode(Shorten(label, 22))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"views\" x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{Math.Max(value > 0 ? 1 : 0, w):0.##}\" height=\"{rowHeight - 8}\"><title>{Encode(label)}: {value:N0}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{labelWidth + w + 6:0.##}\" y=\"{y + 16}\">{value:N0}</text>");
        }

        return Close(svg);
    }

    /// <summary>One bar per label, split into parts (e.g. a language's items by translation state); each part's class colours it.</summary>
    /// <param name="partName">The part's name in the reader's language (the part itself stays the class that colours it).</param>
    public static IHtmlContent Stacked(string title, IReadOnlyList<(string Label, IReadOnlyList<(string Part, int Value)> Parts)> rows, Func<string, string>? partName = null, Words? words = null)
    {
        partName ??= part => part;
        var tip = (words ?? new Words()).PartTip;
        const int width = 760, rowHeight = 26, labelWidth = 120, right = 10, legendHeight = 24;
        var height = (Math.Max(1, rows.Count) * rowHeight) + legendHeight + 8;
        var svg = Open(title, width, height, "stacked");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, parts) = rows[i];
            var total = Math.Max(1, parts.Sum(p => p.Value));
            var y = 4 + (i * rowHeight);
            var x = (double)labelWidth;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{labelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\">{Encode(label)}</text>");
            foreach (var (part, value) in parts.Where(p => p.Value > 0))
            {
                var w = (width - labelWidth - right) * value / (double)total;
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"part-{Encode(part)}\" x=\"{x:0.##}\" y=\"{y + 3}\" width=\"{w:0.##}\" height=\"{rowHeight - 8}\"><title>{Encode(Format(tip, label, partName(part), value, total))}</title></rect>");
                if (w > 28)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text class=\"inside\" x=\"{x + (w / 2):0.##}\" y=\"{y + 16}\" text-anchor=\"middle\">{value:N0}</text>");
                }

                x += w;
            }
        }

        var legendY = height - legendHeight + 12;
        var lx = (double)labelWidth;
        foreach (var part in rows.SelectMany(r => r.Parts.Select(p => p.Part)).Distinct())
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"part-{Encode(part)}\" x=\"{lx:0.#}\" y=\"{legendY - 9}\" width=\"10\" height=\"10\"/><text class=\"label\" x=\"{lx + 14:0.#}\" y=\"{legendY}\">{Encode(partName(part))}</text>");
            lx += 24 + (partName(part).Length * 7);
        }

        return Close(svg);
    }

    private static string Format(string format, params object[] values) => string.Format(CultureInfo.CurrentCulture, format, values);

    private static StringBuilder Open(string title, int width, int height, string kind)
    {
        var id = "chart-" + Guid.NewGuid().ToString("N")[..8];
        return new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg class=\"chart {kind}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}\"><title id=\"{id}\">{Encode(title)}</title>");
    }

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>The top of the axis: four gridline steps of 1, 2 or 5 times a power of ten, so the labels are round numbers.</summary>
    private static int NiceCeiling(int value)
    {
        var rawStep = Math.Max(1, (int)Math.Ceiling(value / 4.0));
        var magnitude = (int)Math.Pow(10, Math.Floor(Math.Log10(rawStep)));
        var step = new[] { 1, 2, 5, 10 }.Select(f => f * magnitude).First(s => s >= rawStep);
        return step * 4;
    }
}
