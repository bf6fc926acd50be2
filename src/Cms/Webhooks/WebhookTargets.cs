using System.Net;
using System.Net.Sockets;

namespace PromoSite.Cms.Webhooks;

/// <summary>
/// Which addresses a webhook may call. Checked when a subscription is saved (a clear message) and
/// again at every connection, on the address actually connected to, so a host name that later
/// resolves to an internal address (DNS rebinding) is refused too.
/// </summary>
public static class WebhookTargets
{
    public static string? Problem(string? url, bool allowPrivate)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return "The address must be a full http(s) URL, e.g. https://portal.example.gov.vn/hooks/promosite.";
        }

        if (uri.Scheme == "http" && !allowPrivate)
        {
            return "The address must use https: the payload is signed but not encrypted otherwise.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Put credentials in the receiver's check of the signature, not in the address.";
        }

        if (!allowPrivate && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && !IsPublic(literal))
        {
            return $"{literal} is a private, loopback or link-local address; webhooks may only call public servers.";
        }

        if (!allowPrivate && (uri.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)))
        {
            return "localhost is not a public server.";
        }

        return null;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return false;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return true;
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 127 || b[0] == 0 || (b[0] == 169 && b[1] == 254) || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] >= 224);
    }

    /// <summary>The HTTP handler's connect step: resolve, refuse non-public addresses, connect.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves only to private or loopback addresses; refused.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
