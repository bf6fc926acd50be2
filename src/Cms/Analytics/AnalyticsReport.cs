using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Analytics;

/// <summary>The period and filters a report is asked for. Days are UTC days, both ends included.</summary>
public sealed record ReportQuery(DateOnly From, DateOnly To, string? Locale = null, string? Campaign = null)
{
    public const int MaxDays = 3 * 366;

    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>Views and visitors: visitors are distinct per day (hashes change daily), so a period's figure is a sum of days.</summary>
public sealed record Count(string Label, int Views, int Visitors);

public sealed record DayCount(DateOnly Day, int Views, int Visitors, int Scans);

public sealed record PageCount(string Path, long? ItemId, string Locale, int Views, int Visitors);

public sealed record CampaignCount(string Campaign, int Scans, int Views);

public sealed record ShortLinkCount(string Code, string Campaign, string Channel, string Locale, int Scans, int Visitors);

public sealed record AnalyticsSummary(
    ReportQuery Query,
    int Views,
    int Visitors,
    int Scans,
    IReadOnlyList<DayCount> Daily,
    IReadOnlyList<Count> ByLocale,
    IReadOnlyList<Count> BySection,
    IReadOnlyList<PageCount> TopPages,
    IReadOnlyList<Count> Referrers,
    IReadOnlyList<CampaignCount> Campaigns,
    IReadOnlyList<ShortLinkCount> ShortLinks);

/// <summary>One line of the CSV export: the finest grain the reports are made from.</summary>
public sealed record ExportRow(DateOnly Day, string Kind, string Locale, string? Section, string Path, long? ItemId, string? Referrer, string? Campaign, string? Channel, string? ShortCode, int Hits, int Visitors);

/// <summary>
/// Reads the counted hits back as the dashboard's figures. Every figure is a GROUP BY in the
/// database, never a load of raw rows, and the same code runs on SQLite and PostgreSQL.
/// </summary>
public sealed class AnalyticsReport(CmsDbContext db)
{
    public const int TopCount = 20;

    public async Task<AnalyticsSummary> SummarizeAsync(ReportQuery query, CancellationToken ct)
    {
        var hits = Filtered(query);
        var views = hits.Where(h => h.Kind == AnalyticsHit.View);
        var scans = hits.Where(h => h.Kind == AnalyticsHit.Scan);

        // Visitor-days: distinct hashes within each day, summed.
        var daily = await hits
            .GroupBy(h => new { h.Day, h.Kind })
            .Select(g => new { g.Key.Day, g.Key.Kind, Hits = g.Sum(h => h.Count), Visitors = g.Select(h => h.Visitor).Distinct().Count() })
            .ToListAsync(ct);
        var series = Enumerable.Range(0, query.Days).Select(query.From.AddDays).Select(day => new DayCount(
            day,
            daily.Where(d => d.Day == day && d.Kind == AnalyticsHit.View).Sum(d => d.Hits),
            daily.Where(d => d.Day == day && d.Kind == AnalyticsHit.View).Sum(d => d.Visitors),
            daily.Where(d => d.Day == day && d.Kind == AnalyticsHit.Scan).Sum(d => d.Hits))).ToList();

        var byLocale = await views.GroupBy(h => new { h.Locale, h.Day })
            .Select(g => new { g.Key.Locale, Views = g.Sum(h => h.Count), Visitors = g.Select(h => h.Visitor).Distinct().Count() })
            .ToListAsync(ct);
        var bySection = await views.GroupBy(h => new { h.Section, h.Day })
            .Select(g => new { g.Key.Section, Views = g.Sum(h => h.Count), Visitors = g.Select(h => h.Visitor).Distinct().Count() })
            .ToListAsync(ct);
        var pages = await views.GroupBy(h => new { h.Path, h.ItemId, h.Locale, h.Day })
            .Select(g => new { g.Key.Path, g.Key.ItemId, g.Key.Locale, Views = g.Sum(h => h.Count), Visitors = g.Select(h => h.Visitor).Distinct().Count() })
            .ToListAsync(ct);
        var referrers = await views.Where(h => h.Referrer != null).GroupBy(h => new { h.Referrer, h.Day })
            .Select(g => new { g.Key.Referrer, Views = g.Sum(h => h.Count), Visitors = g.Select(h => h.Visitor).Distinct().Count() })
            .ToListAsync(ct);
        var campaigns = await hits.Where(h => h.Campaign != null).GroupBy(h => new { h.Campaign, h.Kind })
            .Select(g => new { g.Key.Campaign, g.Key.Kind, Hits = g.Sum(h => h.Count) })
            .ToListAsync(ct);
        var links = await scans.Where(h => h.ShortCode != null).GroupBy(h => new { h.ShortCode, h.Campaign, h.Channel, h.Locale, h.Day })
            .Select(g => new { g.Key.ShortCode, g.Key.Campaign, g.Key.Channel, g.Key.Locale, Scans = g.Sum(h => h.Count), Visitors = g.Select(h => h.Visitor).Distinct().Count() })
            .ToListAsync(ct);

        return new AnalyticsSummary(
            query,
            series.Sum(d => d.Views),
            series.Sum(d => d.Visitors),
            series.Sum(d => d.Scans),
            series,
            [.. byLocale.GroupBy(r => r.Locale).Select(g => new Count(g.Key, g.Sum(r => r.Views), g.Sum(r => r.Visitors))).OrderByDescending(c => c.Views).ThenBy(c => c.Label, StringComparer.Ordinal)],
            [.. bySection.GroupBy(r => r.Section ?? "").Select(g => new Count(g.Key, g.Sum(r => r.Views), g.Sum(r => r.Visitors))).OrderByDescending(c => c.Views).ThenBy(c => c.Label, StringComparer.Ordinal)],
            [.. pages.GroupBy(r => (r.Path, r.ItemId, r.Locale)).Select(g => new PageCount(g.Key.Path, g.Key.ItemId, g.Key.Locale, g.Sum(r => r.Views), g.Sum(r => r.Visitors)))
                .OrderByDescending(p => p.Views).ThenBy(p => p.Path, StringComparer.Ordinal).Take(TopCount)],
            [.. referrers.GroupBy(r => r.Referrer!).Select(g => new Count(g.Key, g.Sum(r => r.Views), g.Sum(r => r.Visitors))).OrderByDescending(c => c.Views).ThenBy(c => c.Label, StringComparer.Ordinal).Take(TopCount)],
            [.. campaigns.GroupBy(r => r.Campaign!).Select(g => new CampaignCount(g.Key, g.Where(r => r.Kind == AnalyticsHit.Scan).Sum(r => r.Hits), g.Where(r => r.Kind == AnalyticsHit.View).Sum(r => r.Hits)))
                .OrderByDescending(c => c.Scans + c.Views)],
            [.. links.GroupBy(r => (r.ShortCode!, r.Campaign ?? "", r.Channel ?? "", r.Locale)).Select(g => new ShortLinkCount(g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Key.Locale, g.Sum(r => r.Scans), g.Sum(r => r.Visitors)))
                .OrderByDescending(l => l.Scans)]);
    }

    /// <summary>Every (day, kind, language, section, page, referrer, campaign, channel, link) group of the period.</summary>
    public async Task<IReadOnlyList<ExportRow>> ExportAsync(ReportQuery query, CancellationToken ct)
    {
        var rows = await Filtered(query)
            .GroupBy(h => new { h.Day, h.Kind, h.Locale, h.Section, h.Path, h.ItemId, h.Referrer, h.Campaign, h.Channel, h.ShortCode })
            .Select(g => new { g.Key, Hits = g.Sum(h => h.Count), Visitors = g.Select(h => h.Visitor).Distinct().Count() })
            .ToListAsync(ct);
        return [.. rows
            .Select(r => new ExportRow(r.Key.Day, r.Key.Kind, r.Key.Locale, r.Key.Section, r.Key.Path, r.Key.ItemId, r.Key.Referrer, r.Key.Campaign, r.Key.Channel, r.Key.ShortCode, r.Hits, r.Visitors))
            .OrderBy(r => r.Day).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenByDescending(r => r.Hits).ThenBy(r => r.Path, StringComparer.Ordinal)];
    }

    /// <summary>The campaigns seen so far, for the filter.</summary>
    public async Task<IReadOnlyList<string>> CampaignsAsync(CancellationToken ct) =>
        await db.AnalyticsHits.Where(h => h.Campaign != null).Select(h => h.Campaign!).Distinct().OrderBy(c => c).Take(500).ToListAsync(ct);

    private IQueryable<AnalyticsHit> Filtered(ReportQuery query)
    {
        var hits = db.AnalyticsHits.AsNoTracking().Where(h => h.Day >= query.From && h.Day <= query.To);
        if (query.Locale is not null)
        {
            hits = hits.Where(h => h.Locale == query.Locale);
        }

        if (query.Campaign is not null)
        {
            hits = hits.Where(h => h.Campaign == query.Campaign);
        }

        return hits;
    }
}
