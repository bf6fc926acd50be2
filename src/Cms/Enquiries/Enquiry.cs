namespace PromoSite.Cms.Enquiries;

public enum EnquiryStatus { New, InProgress, Answered, Closed, Spam }

/// <summary>
/// A message from an investor or partner about an investment project or industrial park, stored
/// before anything else happens, so none is lost if mail is down or not configured. Personal
/// fields are erased (not the enquiry) when the retention period ends or staff erase them.
/// </summary>
public sealed class Enquiry
{
    public long Id { get; set; }

    public long ItemId { get; set; }

    /// <summary>The language the visitor wrote in: the acknowledgement is in it.</summary>
    public required string Locale { get; set; }

    public required string Name { get; set; }

    public string? Organisation { get; set; }

    public required string Email { get; set; }

    public string? Country { get; set; }

    public string? Phone { get; set; }

    public required string Message { get; set; }

    public EnquiryStatus Status { get; set; }

    /// <summary>Staff's own note; never shown to the visitor.</summary>
    public string? Note { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>When the acknowledgement e-mail went out; null while mail is not configured or failing.</summary>
    public DateTime? AcknowledgedAt { get; set; }

    public int MailAttempts { get; set; }

    /// <summary>When staff were told of this enquiry by mail; null while not yet (the notice is retried until it goes out).</summary>
    public DateTime? NoticeSentAt { get; set; }

    public int NoticeAttempts { get; set; }

    /// <summary>After a failed mail, the earliest time to try again (the waits grow with the attempts).</summary>
    public DateTime? NextMailAt { get; set; }

    public DateTime? ErasedAt { get; set; }

    /// <summary>
    /// The campaign of the short link the visitor landed with (the redirect adds it to the landing address,
    /// and the form carries it along), for the effectiveness report; never a cookie, never an address.
    /// </summary>
    public string? Campaign { get; set; }

    /// <summary>When staff first marked it answered: the report's time to answer.</summary>
    public DateTime? AnsweredAt { get; set; }

    /// <summary>What the visitor is told to quote: stable, and not guessable into other enquiries' pages (there are none).</summary>
    public string Reference => $"ENQ-{ReceivedAt:yyyy}-{Id:000000}";

    public const string ErasedText = "[erased]";

    public void Erase(DateTime now)
    {
        Name = ErasedText;
        Organisation = null;
        Email = ErasedText;
        Country = null;
        Phone = null;
        Message = ErasedText;
        Note = null;
        ErasedAt = now;
    }
}

public sealed class EnquiryOptions
{
    public const string Section = "Enquiries";

    /// <summary>Days after which the personal data of an enquiry is erased (the count and the item stay, for statistics).</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>Per address, per hour: enough for a real visitor, too few for a spam run.</summary>
    public int PerHourPerAddress { get; set; } = 5;

    /// <summary>Where new enquiries are announced to staff; unset: only the admin inbox shows them.</summary>
    public string? NotifyEmail { get; set; }

    public string From { get; set; } = "no-reply@localhost";

    /// <summary>SMTP server; unset (and no pickup folder): no mail is sent, enquiries wait in the inbox.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>How the connection to the SMTP server is secured; see <see cref="SmtpSecurity"/>.</summary>
    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.Auto;

    /// <summary>How long one step of the SMTP conversation (connecting, one command) may take before the send fails and is retried later.</summary>
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Write mails as .eml files to this folder instead of sending (for a relay that picks them up, and for tests).</summary>
    public string? PickupFolder { get; set; }

    public bool MailConfigured => !string.IsNullOrWhiteSpace(SmtpHost) || !string.IsNullOrWhiteSpace(PickupFolder);
}

/// <summary>How mail to the SMTP server is protected (Enquiries:SmtpSecurity).</summary>
public enum SmtpSecurity
{
    /// <summary>TLS from the first byte on port 465, STARTTLS required on any other port: nothing goes out in clear.</summary>
    Auto,

    /// <summary>STARTTLS required; a server that does not offer it gets no mail.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    SslOnConnect,

    /// <summary>STARTTLS when the server offers it, plain text otherwise (a relay on the same host); credentials are still never sent in clear.</summary>
    StartTlsWhenAvailable,

    /// <summary>Plain text, never TLS: only for a relay on the same host or a test server.</summary>
    None,
}
