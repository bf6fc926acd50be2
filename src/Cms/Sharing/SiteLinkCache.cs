using System.Collections.Concurrent;

namespace PromoSite.Cms.Sharing;

/// <summary>
/// The links the public site made for itself (share panel, one-pagers), remembered once read: such a
/// link is made once per item, language and campaign and never changes or goes away, so after its first
/// read no page needs the database for it. Looking it up on every render was 40 % of the server time of
/// an uncached item page (dotnet-trace, docs/bench-speed.md). A link another node made is read from the
/// database the first time this node needs it, as before.
/// </summary>
public sealed class SiteLinkCache
{
    private readonly ConcurrentDictionary<(long ItemId, string Locale, string Campaign), ShortLink> _links = new();

    public ShortLink? Find(long itemId, string locale, string campaign) => _links.GetValueOrDefault((itemId, locale, campaign));

    public void Remember(ShortLink link) => _links.TryAdd((link.ItemId, link.Locale, link.Campaign), link);
}
