namespace PromoSite.Cms.Translation;

/// <summary>
/// One cell of the coverage matrix (an item in one language) given to a translator, with a due
/// date. There is at most one per cell: assigning again replaces it. It is not closed by hand: the
/// queue shows the cell's live state, so a cell is done when its translation is up to date and
/// submitted or published, and an editor clears it or it is replaced by the next assignment.
/// </summary>
public sealed class TranslationAssignment
{
    public long Id { get; set; }

    public long ItemId { get; set; }

    public required string Locale { get; set; }

    public long AssigneeId { get; set; }

    public DateOnly? Due { get; set; }

    public string? Note { get; set; }

    public required string AssignedBy { get; set; }

    public DateTime AssignedAt { get; set; }
}
