namespace PromoSite.Cms.Analytics;

/// <summary>
/// Identical page views or short-link scans of one visitor, counted together (a batch folds
/// repeats into one row, so a busy page costs one row per visitor and batch, not one per view).
/// There is no IP address, no cookie id and no user
/// agent here: <see cref="Visitor"/> is a hash salted with a secret of that day only, and the
/// salt is deleted after two days, so a visitor can be counted once per day but never followed
/// from one day to the next nor traced back to an address.
/// </summary>
public sealed class AnalyticsHit
{
    public const string View = "view";
    public const string Scan = "scan";

    /// <summary>A file taken away (an issue's EPUB, a PDF): counted like a view, with the campaign of the page it was taken from.</summary>
    public const string Download = "download";

    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>The UTC day, stored apart so that reports group and filter on an index.</summary>
    public DateOnly Day { get; set; }

    /// <summary><see cref="View"/>, <see cref="Scan"/> or <see cref="Download"/>.</summary>
    public required string Kind { get; set; }

    public required string Locale { get; set; }

    /// <summary>investment, ocop, tourism, heritage, publications, news; null for the home page and static pages.</summary>
    public string? Section { get; set; }

    public required string Path { get; set; }

    public long? ItemId { get; set; }

    /// <summary>The referring site's host name only, and only when it is another site.</summary>
    public string? Referrer { get; set; }

    /// <summary>A short link's campaign, or utm_campaign on a page view.</summary>
    public string? Campaign { get; set; }

    /// <summary>A short link's channel (qr, print, social, email), or utm_medium on a page view.</summary>
    public string? Channel { get; set; }

    public string? ShortCode { get; set; }

    public long Visitor { get; set; }

    /// <summary>How many identical hits this row stands for.</summary>
    public int Count { get; set; } = 1;
}

/// <summary>The secret of one UTC day that visitor hashes are made with; deleted when the day is over.</summary>
public sealed class AnalyticsSalt
{
    public DateOnly Day { get; set; }

    public required byte[] Salt { get; set; }
}
