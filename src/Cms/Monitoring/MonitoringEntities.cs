namespace PromoSite.Cms.Monitoring;

/// <summary>A feed (RSS, Atom or JSON Feed) that the poller reads for mentions of the province.</summary>
public sealed class MonitorSource
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Url { get; set; }

    /// <summary>The language its items are in, when known; otherwise each item's is read from the feed or its script.</summary>
    public string? Locale { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The validators of the last answer, sent back so an unchanged feed costs a 304 and nothing else.</summary>
    public string? ETag { get; set; }

    public string? LastModified { get; set; }

    public DateTime? LastFetchedAt { get; set; }

    /// <summary>When the poller may ask again: the interval after a success, growing waits after failures.</summary>
    public DateTime NextFetchAt { get; set; }

    /// <summary>Failures in a row; reset by a success.</summary>
    public int Failures { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A phrase to look for, in one language; matched on search tokens (no diacritics, CJK in pairs).</summary>
public sealed class KeywordRule
{
    public long Id { get; set; }

    public required string Locale { get; set; }

    public required string Phrase { get; set; }

    public DateTime CreatedAt { get; set; }
}

public enum MentionTriage { New, Relevant, NeedsResponse, Ignore }

/// <summary>One feed item that matched at least one rule: what staff triage in the mentions inbox.</summary>
public sealed class Mention
{
    public long Id { get; set; }

    public long SourceId { get; set; }

    /// <summary>The item's id or link, hashed: the same item seen again (or in another feed) is not filed twice.</summary>
    public required string Fingerprint { get; set; }

    public required string Locale { get; set; }

    public required string Title { get; set; }

    public string? Snippet { get; set; }

    public string? Link { get; set; }

    /// <summary>The phrases that matched, one per line.</summary>
    public required string MatchedRules { get; set; }

    public DateTime? PublishedAt { get; set; }

    public DateTime FoundAt { get; set; }

    public MentionTriage Triage { get; set; }

    /// <summary>The e-mail of the member of staff who handles it.</summary>
    public string? AssignedTo { get; set; }

    /// <summary>The key of the official statement that answered it.</summary>
    public string? AnsweredBy { get; set; }
}

/// <summary>One daily digest sent: <see cref="Day"/> (yyyy-MM-dd in the province's time) is unique, so a day is mailed once whatever the nodes do.</summary>
public sealed class MonitoringDigest
{
    public long Id { get; set; }

    public required string Day { get; set; }

    /// <summary>Mentions filed up to this time are in this digest or an earlier one; the next starts after it.</summary>
    public DateTime CoversUntil { get; set; }

    public int Mentions { get; set; }

    /// <summary>The addresses it went to, one per line.</summary>
    public required string Recipients { get; set; }

    public DateTime SentAt { get; set; }
}

public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>How often a source that answered well is asked again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest wait after repeated failures.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A feed larger than this is refused (a hostile or broken server cannot fill memory).</summary>
    public int MaxFeedBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>For tests and closed networks only: allow sources on private and loopback addresses.</summary>
    public bool AllowPrivateSources { get; set; }

    /// <summary>Whether the background poller runs (tests run rounds themselves).</summary>
    public bool Poll { get; set; } = true;
}
