using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Enquiries;

namespace PromoSite.Web.Enquiries;

/// <summary>Sends one enquiry mail; a seam so the worker's retries can be tested without a mail server.</summary>
public interface IEnquiryMailer
{
    Task SendAsync(MailMessage message, CancellationToken ct);
}

/// <summary>SMTP (TLS, optional credentials), or .eml files in a pickup folder for a relay.</summary>
public sealed class SmtpEnquiryMailer(IOptions<EnquiryOptions> options) : IEnquiryMailer
{
    public async Task SendAsync(MailMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient();
        if (!string.IsNullOrWhiteSpace(o.PickupFolder))
        {
            Directory.CreateDirectory(o.PickupFolder);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = o.PickupFolder;
        }
        else
        {
            client.Host = o.SmtpHost ?? throw new InvalidOperationException("Enquiries:SmtpHost is not set.");
            client.Port = o.SmtpPort;
            client.EnableSsl = true;
            client.Credentials = o.SmtpUser is null ? null : new NetworkCredential(o.SmtpUser, o.SmtpPassword);
        }

        await client.SendMailAsync(message, ct);
    }
}
