using Microsoft.AspNetCore.OutputCaching;

namespace PromoSite.Web.Caching;

/// <summary>
/// Keeps a page rendered from content that changed while it was being rendered out of the output
/// cache. Eviction only removes entries that exist: a request that read the published snapshot
/// just before a publish, and finished just after the eviction, would otherwise store the old page
/// for everyone until the next change or poll (it showed as a publish visible only after the
/// one-second poll in the topology test). The version is taken when the request enters the cache
/// and compared when the response starts; the page is still served, only not stored.
/// </summary>
internal sealed class StaleRenderGuard(ContentGeneration generation) : IOutputCachePolicy
{
    private static readonly object VersionKey = new();

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.HttpContext.Items[VersionKey] = generation.Version;
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.HttpContext.Items.TryGetValue(VersionKey, out var seen) && seen is long version && version != generation.Version)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
