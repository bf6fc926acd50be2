using System.Net;
using PromoSite.Cms.Webhooks;

namespace PromoSite.Cms.Tests;

/// <summary>The webhook SSRF guard: every IPv6 form that embeds an IPv4 address is as public as that address, no more.</summary>
public sealed class WebhookTargetTests
{
    public static TheoryData<string> NonPublicAddresses =>
    [
        // IPv4
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.10", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1",
        "255.255.255.255", "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1",
        // IPv6 of its own
        "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%2", "fec0::1", "ff02::1", "2001:db8::1", "3fff::1", "100::1",
        // IPv4-compatible, mapped and translated
        "::127.0.0.1", "::7f00:1", "::10.0.0.1", "::ffff:127.0.0.1", "::ffff:192.168.1.10", "::ffff:0:127.0.0.1",
        // NAT64 (well-known prefix by the IPv4 it carries; the local-use prefix always)
        "64:ff9b::7f00:1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::808:808",
        // 6to4: the IPv4 in bits 16-47
        "2002:7f00:1::", "2002:c0a8:10a::1", "2002:a00:1::1",
        // Teredo: server in bits 32-63, client inverted in the last 32 bits; both must be public
        "2001:0:7f00:1::1", "2001:0:808:808::80ff:fefe", "2001:0:808:808:0:0:f5ff:fffe",
        // ISATAP interface identifiers
        "2001:470:1::5efe:7f00:1", "fe80::200:5efe:a00:1",
    ];

    public static TheoryData<string> PublicAddresses =>
    [
        "203.162.4.191", "8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "2606:4700:4700::1111",
        "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2001:0:808:808::f7f7:f7f7",
    ];

    [Theory, MemberData(nameof(NonPublicAddresses))]
    public void Non_public_addresses_and_their_ipv6_forms_are_refused(string address) =>
        Assert.False(WebhookTargets.IsPublic(IPAddress.Parse(address)), address);

    [Theory, MemberData(nameof(PublicAddresses))]
    public void Public_addresses_and_their_ipv6_forms_are_allowed(string address) =>
        Assert.True(WebhookTargets.IsPublic(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("2001:0:808:808::80ff:fffe", "8.8.8.8", "127.0.0.1")]
    [InlineData("2002:7f00:1::", "127.0.0.1", null)]
    [InlineData("64:ff9b::c0a8:1", "192.168.0.1", null)]
    public void The_embedded_ipv4_is_read_from_the_right_bits(string address, string first, string? second)
    {
        var embedded = WebhookTargets.EmbeddedIPv4(IPAddress.Parse(address)).Select(a => a.ToString()).ToList();
        Assert.Equal(second is null ? [first] : [first, second], embedded);
    }

    [Theory]
    [InlineData("https://[::127.0.0.1]/hook")]
    [InlineData("https://[64:ff9b::7f00:1]/hook")]
    [InlineData("https://[2002:7f00:1::]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://[2001:0:7f00:1::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://localhost./hook")]
    [InlineData("https://LOCALHOST/hook")]
    [InlineData("https://localhost../hook")]
    [InlineData("https://api.localhost./hook")]
    [InlineData("https://printer.local/hook")]
    [InlineData("https://2130706433/hook")]
    [InlineData("https://0x7f.1/hook")]
    public void Saving_a_subscription_to_a_non_public_target_is_refused(string url) =>
        Assert.NotNull(WebhookTargets.Problem(url, allowPrivate: false));

    [Theory]
    [InlineData("https://portal.example.gov.vn/hooks/promosite")]
    [InlineData("https://[2001:4860:4860::8888]/hook")]
    [InlineData("https://8.8.8.8/hook")]
    public void Saving_a_subscription_to_a_public_target_is_allowed(string url) =>
        Assert.Null(WebhookTargets.Problem(url, allowPrivate: false));
}
