using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Operations;

/// <summary>A start that cannot work as configured stops with a message; one that can reports its health truthfully.</summary>
public sealed class StartupTests
{
    private static async Task<string> StartFailureAsync(Dictionary<string, string> settings)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await (await PromoSiteFactory.StartWithFixtureAsync(settings: settings)).DisposeAsync());
        return failure.ToString();
    }

    [Fact]
    public async Task A_fallback_given_as_one_value_where_a_list_is_meant_stops_the_start()
    {
        var message = await StartFailureAsync(new() { ["Cms:Fallbacks:ko"] = "vi" });

        Assert.Contains("Cms:Fallbacks:ko=vi", message, StringComparison.Ordinal);
        Assert.Contains("Cms:Fallbacks:ko:0=en", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fallback_list_starts()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(settings: new Dictionary<string, string> { ["Cms:Fallbacks:ko:0"] = "vi" });

        Assert.Equal(["ko", "vi"], app.Services.GetRequiredService<PromoSite.Cms.Content.FallbackChains>().For("ko"));
    }

    [Fact]
    public async Task A_missing_locales_folder_stops_the_start_instead_of_serving_raw_keys()
    {
        var message = await StartFailureAsync(new() { ["LocalesPath"] = Path.Combine(TestFolders.NewFolder("empty"), "locales") });

        Assert.Contains("has no vi.json", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_folders_are_found_beside_the_binaries_outside_a_checkout()
    {
        var contentRoot = TestFolders.NewFolder("elsewhere");
        var binaries = TestFolders.NewFolder("published");
        Directory.CreateDirectory(Path.Combine(binaries, "locales"));

        Assert.Equal(Path.Combine(binaries, "locales"), RepositoryRoot.FindShipped("locales", contentRoot, binaries));
        Assert.Null(RepositoryRoot.FindShipped("content", contentRoot, binaries));
        Assert.Equal(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "locales"), RepositoryRoot.FindShipped("locales", AppContext.BaseDirectory, binaries));
    }

    [Fact]
    public async Task Health_is_unhealthy_when_the_integrity_check_at_start_fails()
    {
        var damaged = await DamagedSqlite.CreateAsync();
        await using var app = await PromoSiteFactory.StartWithFixtureAsync(settings: new Dictionary<string, string> { ["ConnectionStrings:Sqlite"] = $"Data Source={damaged}" });

        var response = await app.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("Unhealthy\nintegrity: Unhealthy (", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_is_healthy_on_an_intact_database()
    {
        await using var app = await PromoSiteFactory.StartWithFixtureAsync();

        var response = await app.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
