using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// A small SMTP server on loopback that records what it is given: as much of RFC 5321 as a client
/// needs (EHLO, optionally STARTTLS with a throwaway certificate and AUTH PLAIN, MAIL, RCPT, DATA,
/// RSET, NOOP, QUIT). It announces neither 8BITMIME nor SMTPUTF8, like the oldest relays, so what
/// arrives must be 7-bit. A silent server accepts connections and never answers; a rude one hangs
/// up on QUIT instead of saying goodbye.
/// </summary>
internal sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly bool _offerStartTls;
    private readonly bool _offerAuth;
    private readonly bool _silent;
    private readonly bool _hangUpOnQuit;

    public TestSmtpServer(bool offerStartTls = false, bool offerAuth = false, bool silent = false, bool hangUpOnQuit = false)
    {
        (_offerStartTls, _offerAuth, _silent, _hangUpOnQuit) = (offerStartTls, offerAuth, silent, hangUpOnQuit);
        if (offerStartTls)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        }

        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public sealed record Mail(string From, IReadOnlyList<string> To, byte[] Data, bool OverTls, string? User);

    public int Port { get; }

    public X509Certificate2? Certificate { get; }

    public ConcurrentQueue<Mail> Received { get; } = new();

    /// <summary>Every command line the clients sent, in order (AUTH lines included: the tests check that none was sent).</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>For the client: trusts exactly this server's certificate.</summary>
    public bool Trusts(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        Certificate is not null && certificate is not null && certificate.GetCertHashString() == Certificate.GetCertHashString();

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                sessions.Add(SessionAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(sessions);
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        try
        {
            if (_silent)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            var secure = false;
            string? from = null;
            string? user = null;
            var to = new List<string>();
            await ReplyAsync(stream, "220 test.localhost ESMTP");
            while (await ReadLineAsync(stream) is { } line)
            {
                Commands.Enqueue(line);
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : "";
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        var lines = new List<string> { "test.localhost" };
                        if (_offerStartTls && !secure)
                        {
                            lines.Add("STARTTLS");
                        }

                        if (_offerAuth)
                        {
                            lines.Add("AUTH PLAIN");
                        }

                        await ReplyAsync(stream, string.Join("\r\n", lines.Select((l, i) => (i == lines.Count - 1 ? "250 " : "250-") + l)));
                        break;
                    case "STARTTLS" when _offerStartTls && !secure:
                        await ReplyAsync(stream, "220 2.0.0 Ready to start TLS");
                        var tls = new SslStream(stream);
                        await tls.AuthenticateAsServerAsync(Certificate!);
                        (stream, secure) = (tls, true);
                        break;
                    case "AUTH" when _offerAuth:
                        var initial = argument.Split(' ', 2) is [_, var response] ? response : null;
                        if (initial is null)
                        {
                            await ReplyAsync(stream, "334 ");
                            initial = await ReadLineAsync(stream);
                        }

                        user = Encoding.UTF8.GetString(Convert.FromBase64String(initial ?? "")).Split('\0') is [_, var name, ..] ? name : null;
                        await ReplyAsync(stream, "235 2.7.0 Authentication successful");
                        break;
                    case "MAIL":
                        (from, to) = (Address(argument), []);
                        await ReplyAsync(stream, "250 2.1.0 OK");
                        break;
                    case "RCPT":
                        to.Add(Address(argument));
                        await ReplyAsync(stream, "250 2.1.5 OK");
                        break;
                    case "DATA":
                        await ReplyAsync(stream, "354 End data with <CR><LF>.<CR><LF>");
                        var data = new MemoryStream();
                        while (await ReadLineBytesAsync(stream) is { } bytes && !(bytes.Length == 1 && bytes[0] == '.'))
                        {
                            var unstuffed = bytes.Length > 0 && bytes[0] == '.' ? bytes[1..] : bytes;
                            data.Write(unstuffed);
                            data.Write("\r\n"u8);
                        }

                        Received.Enqueue(new Mail(from ?? "", to, data.ToArray(), secure, user));
                        await ReplyAsync(stream, "250 2.0.0 OK queued");
                        break;
                    case "RSET":
                        (from, to) = (null, []);
                        await ReplyAsync(stream, "250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await ReplyAsync(stream, "250 2.0.0 OK");
                        break;
                    case "QUIT":
                        if (!_hangUpOnQuit)
                        {
                            await ReplyAsync(stream, "221 2.0.0 Bye");
                        }

                        return;
                    default:
                        await ReplyAsync(stream, "502 5.5.1 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away (or gave up on TLS, or the test is over): nothing to record.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static string Address(string argument)
    {
        var start = argument.IndexOf('<', StringComparison.Ordinal);
        var end = argument.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? argument[(start + 1)..end] : argument;
    }

    private static async Task ReplyAsync(Stream stream, string reply)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"));
        await stream.FlushAsync();
    }

    private async Task<string?> ReadLineAsync(Stream stream) =>
        await ReadLineBytesAsync(stream) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>One line without its CRLF, byte by byte: nothing is read past it, so a switch to TLS after it loses nothing.</summary>
    private async Task<byte[]?> ReadLineBytesAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, _stop.Token) == 1)
        {
            if (one[0] == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                line.RemoveAt(line.Count - 1);
                return [.. line];
            }

            line.Add(one[0]);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        Certificate?.Dispose();
    }
}
