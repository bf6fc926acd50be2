namespace PromoSite.Cms.FastLane;

/// <summary>
/// One language of an item sent through the fast lane: given to a translator with a short due
/// time, published as soon as review approves it. Open while <see cref="ClosedAt"/> is null; the
/// public site shows "translations follow" for open cells where it falls back to the source.
/// Kept in its own folder, beside nothing but storage, because the delivery snapshot reads it and
/// the review desk writes it (Delivery must not depend on the workflow, which depends on editing).
/// </summary>
public sealed class FastLaneCell
{
    public long Id { get; set; }

    public long ItemId { get; set; }

    public required string Locale { get; set; }

    public long AssigneeId { get; set; }

    /// <summary>When the translation is due (UTC): minutes or hours, not the translation desk's days.</summary>
    public DateTime DueAt { get; set; }

    public required string StartedBy { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>When the language went live (or the cell was replaced by a new fast lane); null while open.</summary>
    public DateTime? ClosedAt { get; set; }
}
