using System.Net;
using System.Net.Sockets;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Webhooks;

/// <summary>
/// Which addresses a webhook may call. Checked when a subscription is saved (a clear message) and
/// again at every connection, on the address actually connected to, so a host name that later
/// resolves to an internal address (DNS rebinding) is refused too.
/// </summary>
public static class WebhookTargets
{
    /// <summary>
    /// IPv4 ranges that are not public servers: "this network", private (RFC 1918), shared/CGNAT
    /// (RFC 6598), loopback, link-local, IETF protocol assignments, the documentation and
    /// benchmarking ranges, the old 6to4 relay anycast, multicast, reserved and broadcast.
    /// </summary>
    private static readonly IPNetwork[] NonPublicV4 =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
        }.Select(n => IPNetwork.Parse(n)),
    ];

    /// <summary>
    /// IPv6 ranges that are not public servers, checked after the forms that embed an IPv4 address
    /// have been classified by that address: unspecified, loopback, discard-only, local-use NAT64
    /// (RFC 8215: a translator into the site's own network), benchmarking, ORCHID, documentation
    /// (2001:db8::/32 and 3fff::/20), unique local (fc00::/7), link-local, the deprecated
    /// site-local (fec0::/10) and multicast. Anything outside global unicast 2000::/3 is refused too.
    /// </summary>
    private static readonly IPNetwork[] NonPublicV6 =
    [
        .. new[]
        {
            "::/128", "::1/128", "100::/64", "64:ff9b:1::/48", "2001:2::/48", "2001:10::/28", "2001:20::/28", "2001:db8::/32",
            "3fff::/20", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(n => IPNetwork.Parse(n)),
    ];

    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

    /// <summary>Host names that never name a public server (RFC 6761 localhost, mDNS .local, ICANN's .internal, .home.arpa).</summary>
    private static readonly string[] PrivateSuffixes = ["localhost", "local", "internal", "home.arpa"];

    /// <summary>
    /// Why the server may not call this address, from the address alone; null when it may.
    /// <paramref name="requireHttps"/> is for webhooks, whose payload must not travel in clear; a feed
    /// the monitoring reads may be plain http.
    /// </summary>
    public static FieldError? Problem(string? url, bool allowPrivate, bool requireHttps = true)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return FieldError.Coded("url", "urlNotHttp", "The address must be a full http(s) URL, e.g. https://portal.example.gov.vn/hooks/promosite.");
        }

        if (uri.Scheme == "http" && requireHttps && !allowPrivate)
        {
            return FieldError.Coded("url", "urlNotHttps", "The address must use https: the payload is signed but not encrypted otherwise.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return FieldError.Coded("url", "urlCredentials", "Put credentials in the receiver's check of the signature, not in the address.");
        }

        if (allowPrivate)
        {
            return null;
        }

        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && !IsPublic(literal))
        {
            return FieldError.Coded("url", "urlPrivateAddress", $"{literal} is a private, loopback, link-local or reserved address (or an IPv6 form of one); only public servers may be called.", literal.ToString());
        }

        // "LOCALHOST", "localhost." and "api.localhost.." all name this machine; compare without case and trailing dots.
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (PrivateSuffixes.Any(s => host == s || host.EndsWith("." + s, StringComparison.Ordinal)))
        {
            return FieldError.Coded("url", "urlPrivateHost", $"{uri.Host} is not a public server.", uri.Host);
        }

        return null;
    }

    /// <summary>
    /// <see cref="Problem"/>, and then the host name resolved now: a name whose every address is private,
    /// loopback or reserved is refused with the address named, when the address is saved rather than only
    /// at the first connection (<see cref="ConnectAsync"/> checks again each time, for names that change).
    /// A name that does not resolve now is not refused here: the connection reports it.
    /// </summary>
    public static async Task<FieldError?> ProblemAsync(string? url, bool allowPrivate, bool requireHttps, CancellationToken ct)
    {
        if (Problem(url, allowPrivate, requireHttps) is { } problem)
        {
            return problem;
        }

        var uri = new Uri(url!);
        if (allowPrivate || uri.HostNameType != UriHostNameType.Dns)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return null;
        }

        return addresses.Length > 0 && !addresses.Any(IsPublic)
            ? FieldError.Coded("url", "urlResolvesPrivate", $"{uri.Host} resolves to {addresses[0]}, a private, loopback, link-local or reserved address; only public servers may be called.", uri.Host, addresses[0].ToString())
            : null;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !NonPublicV4.Any(n => n.Contains(address));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes()); // a zone index says nothing about the range
        }

        // A form that carries an IPv4 address reaches that address (through the kernel, a NAT64 or
        // a tunnel relay), so it is exactly as public as the IPv4 address it carries; Teredo
        // carries two (the server and the client), and both must be public.
        var embedded = EmbeddedIPv4(address);
        if (embedded.Count > 0)
        {
            return embedded.All(IsPublic);
        }

        return GlobalUnicast.Contains(address) && !NonPublicV6.Any(n => n.Contains(address));
    }

    /// <summary>
    /// The IPv4 addresses an IPv6 address embeds: IPv4-compatible ::a.b.c.d (which also covers ::
    /// and ::1, classified as 0.0.0.0 and 0.0.0.1), IPv4-mapped ::ffff:a.b.c.d, IPv4-translated
    /// ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002:AABB:CCDD::/48, Teredo 2001:0::/32 (server
    /// in bits 32-63, client in the last 32 bits inverted) and ISATAP interface identifiers
    /// (::0:5efe:a.b.c.d and ::200:5efe:a.b.c.d under any prefix). Empty for other addresses.
    /// </summary>
    public static IReadOnlyList<IPAddress> EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return [];
        }

        var b = address.GetAddressBytes();
        var last = new IPAddress(b.AsSpan(12, 4));
        var firstTenZero = b.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0;
        if (firstTenZero && b[10] == 0 && b[11] == 0)
        {
            return [last]; // IPv4-compatible (deprecated, RFC 4291 2.5.5.1)
        }

        if (firstTenZero && b[10] == 0xff && b[11] == 0xff)
        {
            return [last]; // IPv4-mapped
        }

        if (b.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
        {
            return [last]; // IPv4-translated (RFC 2765)
        }

        if (Nat64.Contains(address))
        {
            return [last];
        }

        if (SixToFour.Contains(address))
        {
            return [new IPAddress(b.AsSpan(2, 4))];
        }

        if (Teredo.Contains(address))
        {
            Span<byte> client = stackalloc byte[4];
            for (var i = 0; i < 4; i++)
            {
                client[i] = (byte)(b[12 + i] ^ 0xff);
            }

            return [new IPAddress(b.AsSpan(4, 4)), new IPAddress(client)];
        }

        if (b[8] is 0x00 or 0x02 && b[9] == 0 && b[10] == 0x5e && b[11] == 0xfe)
        {
            return [last]; // ISATAP (RFC 5214): a tunnel to that IPv4 address
        }

        return [];
    }

    /// <summary>
    /// The HTTP handler's connect step: resolve, refuse non-public addresses, connect to one of the
    /// rest, then check the address actually connected to once more.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves only to private, loopback or reserved addresses; refused.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, ct);
            if (!allowPrivate && socket.RemoteEndPoint is IPEndPoint { Address: var connected } && !IsPublic(connected))
            {
                throw new HttpRequestException($"{context.DnsEndPoint.Host} connected to {connected}, which is not a public address; refused.");
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
