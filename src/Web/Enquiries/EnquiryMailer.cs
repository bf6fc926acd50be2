using System.Net.Security;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using PromoSite.Cms.Enquiries;

namespace PromoSite.Web.Enquiries;

/// <summary>Sends one enquiry mail; a seam so the worker's retries can be tested without a mail server.</summary>
public interface IEnquiryMailer
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>
/// SMTP through MailKit (TLS as Enquiries:SmtpSecurity says, optional credentials, a timeout on
/// every step), or .eml files in a pickup folder for a relay. Any failure throws: the worker logs
/// it and tries again later.
/// </summary>
public sealed class SmtpEnquiryMailer(IOptions<EnquiryOptions> options) : IEnquiryMailer
{
    /// <summary>Tests trust their own server's certificate through this; unset, the system's trust store decides.</summary>
    internal RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.PickupFolder))
        {
            await PickUpAsync(o.PickupFolder, message, ct);
            return;
        }

        var host = o.SmtpHost ?? throw new InvalidOperationException("Enquiries:SmtpHost is not set.");
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(o.SmtpTimeout.TotalMilliseconds, 1, int.MaxValue) };
        if (ServerCertificateValidation is not null)
        {
            client.ServerCertificateValidationCallback = ServerCertificateValidation;
        }

        await client.ConnectAsync(host, o.SmtpPort, SocketOptions(o.SmtpSecurity, o.SmtpPort), ct);
        if (!string.IsNullOrEmpty(o.SmtpUser))
        {
            // StartTlsWhenAvailable and None may leave the line in clear; the password never goes over it.
            if (!client.IsSecure)
            {
                throw new AuthenticationException($"The SMTP server {host} offered no TLS; the credentials of Enquiries:SmtpUser are not sent in clear.");
            }

            await client.AuthenticateAsync(o.SmtpUser, o.SmtpPassword ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    internal static SecureSocketOptions SocketOptions(SmtpSecurity security, int port) => security switch
    {
        SmtpSecurity.Auto => port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown Enquiries:SmtpSecurity."),
    };

    /// <summary>Written under a temporary name and then renamed, so a relay never picks up half a mail.</summary>
    private static async Task PickUpAsync(string folder, MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var name = Guid.NewGuid().ToString("N");
        var temporary = Path.Combine(folder, name + ".tmp");
        // SMTP's line ends, as a relay reading the file would send it.
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        await message.WriteToAsync(format, temporary, ct);
        File.Move(temporary, Path.Combine(folder, name + ".eml"));
    }
}
