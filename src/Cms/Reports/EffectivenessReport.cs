using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Sharing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Reports;

/// <summary>
/// What a report is asked for: a period of UTC days (both ends included, as the analytics count them) and
/// optional filters. Unknown values are refused by <see cref="EffectivenessReport.CheckAsync"/> before this is built.
/// </summary>
public sealed record ReportFilter(DateOnly From, DateOnly To, string? Campaign = null, string? Section = null, string? Locale = null, long? AgencyId = null)
{
    /// <summary>A few years at most: a longer period is a mistake, and it would read the whole table.</summary>
    public const int MaxDays = ReportQuery.MaxDays;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The period of equal length just before this one, that every figure is compared with.</summary>
    public ReportFilter Previous => this with { From = From.AddDays(-Days), To = From.AddDays(-1) };
}

/// <summary>The figures of one period (and one breakdown line).</summary>
public sealed record ReportFigures(
    int Views, int Visitors, int Scans, int EnquiriesReceived, int EnquiriesAnswered, double? MedianHoursToAnswer, int Reads, int EpubDownloads, int PdfDownloads)
{
    public static ReportFigures Zero { get; } = new(0, 0, 0, 0, 0, null, 0, 0, 0);

    /// <summary>The figures by name, in the order the page, the CSV and the PDF show them.</summary>
    public IReadOnlyList<(string Name, double? Value)> Named =>
    [
        ("views", Views), ("visitors", Visitors), ("scans", Scans), ("enquiries", EnquiriesReceived), ("answered", EnquiriesAnswered),
        ("medianHours", MedianHoursToAnswer), ("reads", Reads), ("epub", EpubDownloads), ("pdf", PdfDownloads),
    ];
}

/// <summary>A figure against the previous period: the difference, and the percentage when the previous one was not zero.</summary>
public sealed record ReportChange(string Name, double? Current, double? Previous)
{
    public double? Delta => Current is { } c && Previous is { } p ? c - p : null;

    public double? Percent => Current is { } c && Previous is { } p && p != 0 ? Math.Round((c - p) * 100 / p, 1) : null;
}

/// <summary>One line of a breakdown: per campaign, section, language or agency.</summary>
public sealed record ReportLine(string Dimension, string Key, ReportFigures Current, ReportFigures Previous);

/// <summary>An item among the most viewed of the period.</summary>
public sealed record ReportItem(long ItemId, string Title, string? Section, int Views, int Visitors, int Downloads);

public sealed record ReportResult(
    ReportFilter Filter,
    ReportFigures Current,
    ReportFigures Previous,
    IReadOnlyList<ReportLine> Lines,
    IReadOnlyList<ReportItem> TopItems,
    IReadOnlyList<DayCount> Daily,
    string? AgencyName)
{
    public IReadOnlyList<ReportChange> Changes =>
        [.. Current.Named.Zip(Previous.Named, (c, p) => new ReportChange(c.Name, c.Value, p.Value))];
}

/// <summary>
/// The effectiveness report: the analytics (views, visitors, scans, downloads; cookieless, address-free)
/// and the enquiries, for a period and its predecessor, broken down per campaign, section, language and
/// agency. Hits are grouped in the database (never loaded row by row); enquiries are few and are read
/// without their personal fields. Agencies own items by series, type or section (<see cref="AgencyRules"/>),
/// so a hit counts for the agency that owns its item, or its section when it shows no item.
/// </summary>
public sealed class EffectivenessReport(CmsDbContext db, ContentTypeRegistry types, AgencyDirectory agencies, IContentDelivery delivery)
{
    public const string ByCampaign = "campaign";
    public const string BySection = "section";
    public const string ByLocale = "locale";
    public const string ByAgency = "agency";
    public const string Publications = "publications";
    public const int TopCount = 10;

    /// <summary>Breakdowns list at most this many lines each (campaigns can be many); the rest is in the totals.</summary>
    public const int MaxLines = 50;

    /// <summary>The sections a report can be filtered by: those of the content types.</summary>
    public IReadOnlyList<string> Sections => [.. types.All.Select(t => t.Section).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The campaigns a report can be filtered by: those of short links and those counted.</summary>
    public async Task<IReadOnlyList<string>> CampaignsAsync(CancellationToken ct)
    {
        var links = await db.ShortLinks.AsNoTracking().Select(l => l.Campaign).Distinct().ToListAsync(ct);
        var counted = await db.AnalyticsHits.AsNoTracking().Where(h => h.Campaign != null).Select(h => h.Campaign!).Distinct().Take(500).ToListAsync(ct);
        return [.. links.Concat(counted).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<Agency>> AgenciesAsync(CancellationToken ct) => (await agencies.RulesAsync(ct)).Agencies;

    /// <summary>A campaign's first day (its first short link or first counted hit), for "the campaign's whole life".</summary>
    public async Task<DateOnly?> CampaignStartAsync(string campaign, CancellationToken ct)
    {
        var link = await db.ShortLinks.AsNoTracking().Where(l => l.Campaign == campaign).MinAsync(l => (DateTime?)l.CreatedAt, ct);
        var hit = await db.AnalyticsHits.AsNoTracking().Where(h => h.Campaign == campaign).MinAsync(h => (DateOnly?)h.Day, ct);
        DateOnly? fromLink = link is { } l ? DateOnly.FromDateTime(l) : null;
        return fromLink is null ? hit : hit is null ? fromLink : fromLink < hit ? fromLink : hit;
    }

    /// <summary>The message key of what is wrong with a filter, or null when it can be reported.</summary>
    public async Task<string?> CheckAsync(ReportFilter filter, CancellationToken ct)
    {
        if (filter.To < filter.From)
        {
            return "admin.reports.error.order";
        }

        if (filter.Days > ReportFilter.MaxDays)
        {
            return "admin.reports.error.tooLong";
        }

        if (filter.Campaign is { } campaign && !(await CampaignsAsync(ct)).Contains(campaign, StringComparer.Ordinal))
        {
            return "admin.reports.error.campaign";
        }

        if (filter.Section is { } section && !Sections.Contains(section, StringComparer.Ordinal))
        {
            return "admin.reports.error.section";
        }

        if (filter.Locale is { } locale && !Locales.IsSupported(locale))
        {
            return "admin.reports.error.locale";
        }

        if (filter.AgencyId is { } id && (await AgenciesAsync(ct)).All(a => a.Id != id))
        {
            return "admin.reports.error.agency";
        }

        return null;
    }

    public async Task<ReportResult> BuildAsync(ReportFilter filter, CancellationToken ct)
    {
        var owners = await OwnersAsync(filter, ct);
        var current = await PeriodAsync(filter, owners, withLines: true, ct);
        var previous = await PeriodAsync(filter.Previous, owners, withLines: true, ct);
        var lines = new List<ReportLine>();
        foreach (var (dimension, key, figures) in current.Lines)
        {
            var before = previous.Lines.Where(l => l.Dimension == dimension && l.Key == key).Select(l => l.Figures).FirstOrDefault() ?? ReportFigures.Zero;
            lines.Add(new ReportLine(dimension, key, figures, before));
        }

        // A line that had figures only before (a campaign that ended) still shows, with zeros now.
        foreach (var (dimension, key, figures) in previous.Lines.Where(p => !current.Lines.Any(c => c.Dimension == p.Dimension && c.Key == p.Key)))
        {
            lines.Add(new ReportLine(dimension, key, ReportFigures.Zero, figures));
        }

        var ordered = lines
            .OrderBy(l => Array.IndexOf(Dimensions, l.Dimension))
            .ThenByDescending(l => l.Current.Views + l.Current.Scans + l.Current.EnquiriesReceived + l.Current.EpubDownloads + l.Current.PdfDownloads)
            .ThenBy(l => l.Key, StringComparer.Ordinal)
            .GroupBy(l => l.Dimension).SelectMany(g => g.Take(MaxLines)).ToList();
        var agencyName = filter.AgencyId is { } id ? (await AgenciesAsync(ct)).FirstOrDefault(a => a.Id == id)?.NameVi : null;
        return new ReportResult(filter, current.Figures, previous.Figures, ordered, await TopItemsAsync(filter, owners, ct), current.Daily, agencyName);
    }

    private static readonly string[] Dimensions = [ByCampaign, BySection, ByLocale, ByAgency];

    private sealed record PeriodFigures(ReportFigures Figures, IReadOnlyList<(string Dimension, string Key, ReportFigures Figures)> Lines, IReadOnlyList<DayCount> Daily);

    /// <summary>Which agencies own the items seen in both periods, and each section's owners (for hits that show no item).</summary>
    private sealed record Ownership(Dictionary<long, IReadOnlyList<long>> ByItem, Dictionary<string, IReadOnlyList<long>> BySection, Dictionary<long, string?> SectionOfItem, IReadOnlyList<Agency> Agencies);

    private async Task<Ownership> OwnersAsync(ReportFilter filter, CancellationToken ct)
    {
        var from = filter.Previous.From;
        var to = filter.To;
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var ids = await db.AnalyticsHits.AsNoTracking().Where(h => h.Day >= from && h.Day <= to && h.ItemId != null).Select(h => h.ItemId!.Value).Distinct().ToListAsync(ct);
        ids.AddRange(await db.Enquiries.AsNoTracking().Where(e => e.ReceivedAt >= start && e.ReceivedAt < end).Select(e => e.ItemId).Distinct().ToListAsync(ct));
        ids = [.. ids.Distinct()];
        var rules = await agencies.RulesAsync(ct);
        var byItem = new Dictionary<long, IReadOnlyList<long>>();
        var sectionOf = new Dictionary<long, string?>();
        foreach (var chunk in ids.Chunk(500))
        {
            var items = await db.Items.AsNoTracking().Where(i => chunk.Contains(i.Id)).Select(i => new { i.Id, i.Type, i.Key, i.SharedJson }).ToListAsync(ct);
            foreach (var item in items)
            {
                var type = types.Find(item.Type);
                sectionOf[item.Id] = type?.Section;
                byItem[item.Id] = rules.Any ? [.. rules.OwnersOf(type, LanguagePlans.SeriesOf(item.Type, item.Key, ContentJson.Parse(item.SharedJson))).Select(a => a.Id)] : [];
            }
        }

        var bySection = Sections.ToDictionary(
            s => s,
            s => (IReadOnlyList<long>)[.. rules.Agencies.Where(a => a.Owns.Any(o => o.Kind == OwnershipKinds.Section && o.Value == s)).Select(a => a.Id)],
            StringComparer.Ordinal);
        return new Ownership(byItem, bySection, sectionOf, rules.Agencies);
    }

    /// <summary>The hits of an agency: those of its items, and those without an item in its sections.</summary>
    private static IQueryable<AnalyticsHit> OfAgency(IQueryable<AnalyticsHit> hits, long agencyId, Ownership owners)
    {
        var items = owners.ByItem.Where(o => o.Value.Contains(agencyId)).Select(o => o.Key).ToList();
        var sections = owners.BySection.Where(o => o.Value.Contains(agencyId)).Select(o => o.Key).ToList();
        return hits.Where(h => (h.ItemId != null && items.Contains(h.ItemId.Value)) || (h.ItemId == null && h.Section != null && sections.Contains(h.Section)));
    }

    private IQueryable<AnalyticsHit> Hits(ReportFilter filter, Ownership owners)
    {
        var hits = db.AnalyticsHits.AsNoTracking().Where(h => h.Day >= filter.From && h.Day <= filter.To);
        if (filter.Campaign is { } campaign)
        {
            hits = hits.Where(h => h.Campaign == campaign);
        }

        if (filter.Section is { } section)
        {
            hits = hits.Where(h => h.Section == section);
        }

        if (filter.Locale is { } locale)
        {
            hits = hits.Where(h => h.Locale == locale);
        }

        return filter.AgencyId is { } agency ? OfAgency(hits, agency, owners) : hits;
    }

    /// <summary>Enquiries of the period without personal data: item, language, campaign, state and times.</summary>
    private sealed record EnquiryFact(long ItemId, string Locale, string? Campaign, DateTime ReceivedAt, DateTime? AnsweredAt, string? Section, IReadOnlyList<long> Agencies);

    private async Task<List<EnquiryFact>> EnquiriesAsync(ReportFilter filter, Ownership owners, CancellationToken ct)
    {
        var start = filter.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = filter.To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = await db.Enquiries.AsNoTracking()
            .Where(e => e.ReceivedAt >= start && e.ReceivedAt < end && e.Status != EnquiryStatus.Spam)
            .Select(e => new { e.ItemId, e.Locale, e.Campaign, e.ReceivedAt, e.AnsweredAt })
            .ToListAsync(ct);
        var facts = rows.Select(e => new EnquiryFact(
            e.ItemId, e.Locale, e.Campaign, e.ReceivedAt, e.AnsweredAt, owners.SectionOfItem.GetValueOrDefault(e.ItemId), owners.ByItem.GetValueOrDefault(e.ItemId) ?? []));
        return [.. facts.Where(e => (filter.Campaign is null || e.Campaign == filter.Campaign)
            && (filter.Section is null || e.Section == filter.Section)
            && (filter.Locale is null || e.Locale == filter.Locale)
            && (filter.AgencyId is null || e.Agencies.Contains(filter.AgencyId.Value)))];
    }

    private async Task<PeriodFigures> PeriodAsync(ReportFilter filter, Ownership owners, bool withLines, CancellationToken ct)
    {
        var hits = Hits(filter, owners);
        var enquiries = await EnquiriesAsync(filter, owners, ct);

        // Totals per day and kind: visitors are distinct per day (the hashes change daily), so a period's figure is a sum of days.
        var daily = await hits.GroupBy(h => new { h.Day, h.Kind })
            .Select(g => new { g.Key.Day, g.Key.Kind, Hits = g.Sum(h => h.Count), Visitors = g.Select(h => h.Visitor).Distinct().Count() })
            .ToListAsync(ct);
        var series = Enumerable.Range(0, filter.Days).Select(filter.From.AddDays).Select(day => new DayCount(
            day,
            daily.Where(d => d.Day == day && d.Kind == AnalyticsHit.View).Sum(d => d.Hits),
            daily.Where(d => d.Day == day && d.Kind == AnalyticsHit.View).Sum(d => d.Visitors),
            daily.Where(d => d.Day == day && d.Kind == AnalyticsHit.Scan).Sum(d => d.Hits))).ToList();
        var totals = Combine(
            daily.Select(d => new Grouped("", d.Kind, d.Hits, d.Visitors)).ToList(),
            await PublicationsAsync(hits, h => "", ct),
            enquiries);
        var lines = new List<(string, string, ReportFigures)>();
        if (withLines)
        {
            var campaigns = await hits.Where(h => h.Campaign != null).GroupBy(h => new { Key = h.Campaign!, h.Day, h.Kind })
                .Select(g => new Grouped(g.Key.Key, g.Key.Kind, g.Sum(h => h.Count), g.Select(h => h.Visitor).Distinct().Count())).ToListAsync(ct);
            var campaignReads = await PublicationsAsync(hits.Where(h => h.Campaign != null), h => h.Campaign!, ct);
            foreach (var key in campaigns.Select(c => c.Key).Concat(enquiries.Select(e => e.Campaign).OfType<string>()).Distinct(StringComparer.Ordinal))
            {
                lines.Add((ByCampaign, key, Combine([.. campaigns.Where(c => c.Key == key)], [.. campaignReads.Where(c => c.Key == key)], [.. enquiries.Where(e => e.Campaign == key)])));
            }

            var sections = await hits.GroupBy(h => new { Key = h.Section ?? "", h.Day, h.Kind })
                .Select(g => new Grouped(g.Key.Key, g.Key.Kind, g.Sum(h => h.Count), g.Select(h => h.Visitor).Distinct().Count())).ToListAsync(ct);
            var sectionReads = await PublicationsAsync(hits, h => h.Section ?? "", ct);
            foreach (var key in sections.Select(c => c.Key).Concat(enquiries.Select(e => e.Section ?? "")).Distinct(StringComparer.Ordinal))
            {
                lines.Add((BySection, key, Combine([.. sections.Where(c => c.Key == key)], [.. sectionReads.Where(c => c.Key == key)], [.. enquiries.Where(e => (e.Section ?? "") == key)])));
            }

            var locales = await hits.GroupBy(h => new { Key = h.Locale, h.Day, h.Kind })
                .Select(g => new Grouped(g.Key.Key, g.Key.Kind, g.Sum(h => h.Count), g.Select(h => h.Visitor).Distinct().Count())).ToListAsync(ct);
            var localeReads = await PublicationsAsync(hits, h => h.Locale, ct);
            foreach (var key in locales.Select(c => c.Key).Concat(enquiries.Select(e => e.Locale)).Distinct(StringComparer.Ordinal))
            {
                lines.Add((ByLocale, key, Combine([.. locales.Where(c => c.Key == key)], [.. localeReads.Where(c => c.Key == key)], [.. enquiries.Where(e => e.Locale == key)])));
            }

            foreach (var agency in owners.Agencies.Where(a => filter.AgencyId is null || a.Id == filter.AgencyId))
            {
                var mine = OfAgency(hits, agency.Id, owners);
                var counts = await mine.GroupBy(h => new { h.Day, h.Kind })
                    .Select(g => new Grouped(g.Key.Kind, g.Key.Kind, g.Sum(h => h.Count), g.Select(h => h.Visitor).Distinct().Count())).ToListAsync(ct);
                var figures = Combine(counts, await PublicationsAsync(mine, h => "", ct), [.. enquiries.Where(e => e.Agencies.Contains(agency.Id))]);
                if (figures != ReportFigures.Zero)
                {
                    lines.Add((ByAgency, agency.Key, figures));
                }
            }
        }

        return new PeriodFigures(totals, lines, series);
    }

    private sealed record Grouped(string Key, string Kind, int Hits, int Visitors);

    private sealed record Publication(string Key, string Kind, bool Epub, int Hits);

    /// <summary>Issue reads (views of a publication's pages that show an item) and downloads by file kind.</summary>
    private static async Task<List<Publication>> PublicationsAsync(IQueryable<AnalyticsHit> hits, Func<AnalyticsHit, string> key, CancellationToken ct)
    {
        var rows = await hits
            .Where(h => (h.Kind == AnalyticsHit.View && h.Section == Publications && h.ItemId != null) || h.Kind == AnalyticsHit.Download)
            .GroupBy(h => new { h.Kind, h.Campaign, h.Section, h.Locale, h.Path })
            .Select(g => new { g.Key.Kind, g.Key.Campaign, g.Key.Section, g.Key.Locale, g.Key.Path, Hits = g.Sum(h => h.Count) })
            .ToListAsync(ct);
        return [.. rows.Select(r => new Publication(
            key(new AnalyticsHit { Kind = r.Kind, Campaign = r.Campaign, Section = r.Section, Locale = r.Locale, Path = r.Path }),
            r.Kind,
            r.Path.EndsWith(".epub", StringComparison.OrdinalIgnoreCase),
            r.Hits))];
    }

    private static ReportFigures Combine(List<Grouped> counts, List<Publication> publications, List<EnquiryFact> enquiries)
    {
        var answered = enquiries.Where(e => e.AnsweredAt is not null).Select(e => (e.AnsweredAt!.Value - e.ReceivedAt).TotalHours).Order().ToList();
        double? median = answered.Count == 0 ? null
            : Math.Round(answered.Count % 2 == 1 ? answered[answered.Count / 2] : (answered[(answered.Count / 2) - 1] + answered[answered.Count / 2]) / 2, 1);
        return new ReportFigures(
            counts.Where(c => c.Kind == AnalyticsHit.View).Sum(c => c.Hits),
            counts.Where(c => c.Kind == AnalyticsHit.View).Sum(c => c.Visitors),
            counts.Where(c => c.Kind == AnalyticsHit.Scan).Sum(c => c.Hits),
            enquiries.Count,
            answered.Count,
            median,
            publications.Where(p => p.Kind == AnalyticsHit.View).Sum(p => p.Hits),
            publications.Where(p => p.Kind == AnalyticsHit.Download && p.Epub).Sum(p => p.Hits),
            publications.Where(p => p.Kind == AnalyticsHit.Download && !p.Epub).Sum(p => p.Hits));
    }

    private async Task<IReadOnlyList<ReportItem>> TopItemsAsync(ReportFilter filter, Ownership owners, CancellationToken ct)
    {
        var rows = await Hits(filter, owners).Where(h => h.ItemId != null && (h.Kind == AnalyticsHit.View || h.Kind == AnalyticsHit.Download))
            .GroupBy(h => new { ItemId = h.ItemId!.Value, h.Day, h.Kind })
            .Select(g => new { g.Key.ItemId, g.Key.Kind, Hits = g.Sum(h => h.Count), Visitors = g.Select(h => h.Visitor).Distinct().Count() })
            .ToListAsync(ct);
        var top = rows.GroupBy(r => r.ItemId)
            .Select(g => (Id: g.Key, Views: g.Where(r => r.Kind == AnalyticsHit.View).Sum(r => r.Hits), Visitors: g.Where(r => r.Kind == AnalyticsHit.View).Sum(r => r.Visitors), Downloads: g.Where(r => r.Kind == AnalyticsHit.Download).Sum(r => r.Hits)))
            .OrderByDescending(t => t.Views).ThenByDescending(t => t.Downloads).ThenBy(t => t.Id).Take(TopCount).ToList();
        var items = new List<ReportItem>();
        foreach (var (id, views, visitors, downloads) in top)
        {
            // The title as published in Vietnamese (the report's language); an item gone since is shown by its number.
            var title = (await delivery.GetByIdAsync(Locales.Source, id, ct))?.Title ?? $"#{id}";
            items.Add(new ReportItem(id, title, owners.SectionOfItem.GetValueOrDefault(id), views, visitors, downloads));
        }

        return items;
    }
}
