namespace PromoSite.Cms.Press;

public enum AccreditationStatus { New, Approved, Declined, Closed, Spam }

/// <summary>
/// A journalist's request to be accredited for an event, stored before anything else happens (as an
/// enquiry is). Its personal fields are erased, the request kept for the counts, when the retention
/// period ends or staff erase them.
/// </summary>
public sealed class AccreditationRequest
{
    public long Id { get; set; }

    /// <summary>The language the journalist wrote in.</summary>
    public required string Locale { get; set; }

    /// <summary>The event chosen from the site's events; null when the journalist named another.</summary>
    public long? EventItemId { get; set; }

    /// <summary>The event as the journalist saw it (its title then, or what they typed).</summary>
    public required string EventTitle { get; set; }

    public required string Name { get; set; }

    public required string MediaOutlet { get; set; }

    /// <summary>Reporter, photographer, camera operator… as they describe it.</summary>
    public string? Role { get; set; }

    public required string Email { get; set; }

    public string? Phone { get; set; }

    public string? Country { get; set; }

    /// <summary>The number of their press card, when they have one.</summary>
    public string? PressCard { get; set; }

    public string? Message { get; set; }

    public AccreditationStatus Status { get; set; }

    /// <summary>Staff's own note; never shown to the journalist.</summary>
    public string? Note { get; set; }

    public DateTime ReceivedAt { get; set; }

    public DateTime? ErasedAt { get; set; }

    /// <summary>When the journalist's acknowledgement went out; null until it has (or when mail is not configured).</summary>
    public DateTime? AcknowledgedAt { get; set; }

    public int MailAttempts { get; set; }

    /// <summary>When the press officers were told of the request.</summary>
    public DateTime? NoticeSentAt { get; set; }

    public int NoticeAttempts { get; set; }

    /// <summary>After a failure, the mail waits until then (growing waits, as for enquiries).</summary>
    public DateTime? NextMailAt { get; set; }

    /// <summary>What the journalist is told to quote.</summary>
    public string Reference => $"ACR-{ReceivedAt:yyyy}-{Id:000000}";

    public const string ErasedText = "[erased]";

    public void Erase(DateTime now)
    {
        Name = ErasedText;
        MediaOutlet = ErasedText;
        Role = null;
        Email = ErasedText;
        Phone = null;
        Country = null;
        PressCard = null;
        Message = null;
        Note = null;
        ErasedAt = now;
    }
}

public sealed class PressOptions
{
    public const string Section = "Press";

    /// <summary>Days after which an accreditation request's personal data is erased: an event's accreditation is short-lived.</summary>
    public int AccreditationRetentionDays { get; set; } = 180;

    /// <summary>
    /// The press officers' inbox told of each accreditation request when the event's owning agency has no
    /// contact e-mail (or the journalist named another event); unset: the Enquiries:NotifyEmail inbox.
    /// </summary>
    public string? PressInbox { get; set; }

    /// <summary>Who receives the daily monitoring digest (Vietnamese); none: no digest is sent.</summary>
    public List<string> DigestRecipients { get; set; } = [];

    /// <summary>The time of day the digest goes out, in Asia/Ho_Chi_Minh (the province's time), "HH:mm".</summary>
    public TimeOnly DigestTime { get; set; } = new(7, 30);
}
