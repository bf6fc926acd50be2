namespace PromoSite.Cms.Review;

/// <summary>What a line of a language version's thread records.</summary>
public enum ReviewNoteKind
{
    /// <summary>A remark of anyone working on the language.</summary>
    Comment,

    /// <summary>A reviewer sent the language back to its translator or editor; the text says why.</summary>
    SentBack,

    /// <summary>A reviewer approved the language and it was published.</summary>
    Approved,
}

/// <summary>
/// One line of the short thread kept per language version of an item (who, when, what): comments,
/// and the notes of sending back and approving, so the translator finds the reviewer's reason
/// beside the text it is about and in their queue.
/// </summary>
public sealed class ReviewNote
{
    public const int MaxLength = 1000;

    public long Id { get; set; }

    public long ItemId { get; set; }

    public required string Locale { get; set; }

    public ReviewNoteKind Kind { get; set; }

    public required string Text { get; set; }

    /// <summary>The author's e-mail (the audit log's actor) and the name shown.</summary>
    public required string Author { get; set; }

    public required string AuthorName { get; set; }

    public DateTime At { get; set; }
}

/// <summary>
/// A notice e-mail written in the same transaction as the workflow action that causes it, in the
/// recipient's admin language, and sent later by the mail worker: a slow or absent mail server
/// never holds up or loses an action, and a failed send is retried.
/// </summary>
public sealed class WorkflowMail
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public required string To { get; set; }

    /// <summary>The admin language the mail is written in ("vi" or "en").</summary>
    public required string Language { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SentAt { get; set; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }
}

/// <summary>A person who asked for no workflow e-mail (their profile's choice); the queue and the item page still tell them.</summary>
public sealed class ReviewMailOptOut
{
    public long UserId { get; set; }

    public DateTime At { get; set; }
}
