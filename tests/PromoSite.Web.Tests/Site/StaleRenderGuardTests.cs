using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Web.Caching;

namespace PromoSite.Web.Tests.Site;

/// <summary>
/// Issue 17: a page rendered while content changed must not be stored in the output cache after the
/// eviction, or the old page outlives the publish until the next poll.
/// </summary>
public sealed class StaleRenderGuardTests
{
    private readonly ContentGeneration generation = new(new FakeTimeProvider(DateTimeOffset.Parse("2026-12-06T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task A_page_rendered_while_content_changed_is_served_but_not_stored()
    {
        var guard = new StaleRenderGuard(generation);
        var context = new OutputCacheContext { HttpContext = new DefaultHttpContext(), AllowCacheStorage = true };

        await guard.CacheRequestAsync(context, CancellationToken.None);
        generation.Changed(); // a publish lands while the page is being rendered from the old snapshot
        await guard.ServeResponseAsync(context, CancellationToken.None);

        Assert.False(context.AllowCacheStorage);
    }

    [Fact]
    public async Task A_page_rendered_with_no_change_meanwhile_is_stored()
    {
        var guard = new StaleRenderGuard(generation);
        generation.Changed(); // changes before the request entered the cache do not matter
        var context = new OutputCacheContext { HttpContext = new DefaultHttpContext(), AllowCacheStorage = true };

        await guard.CacheRequestAsync(context, CancellationToken.None);
        await guard.ServeResponseAsync(context, CancellationToken.None);

        Assert.True(context.AllowCacheStorage);
    }

    [Fact]
    public void Two_changes_in_one_second_are_two_versions_though_the_http_date_is_the_same()
    {
        var before = generation.Version;
        generation.Changed();
        var modified = generation.LastChanged;
        generation.Changed();

        Assert.Equal(before + 2, generation.Version);
        Assert.Equal(modified, generation.LastChanged);
    }
}
