using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests;

/// <summary>
/// The real application over HTTP, on a fresh database of the chosen provider, importing the given
/// content folder at start exactly as a first run does.
/// </summary>
/// <param name="data">The data folder (PROMOSITE_DATA), already filled; else a new empty one. Deleted with the app.</param>
public sealed class PromoSiteFactory(TestDatabase database, string contentPath, IReadOnlyDictionary<string, string>? settings = null, string? data = null) : WebApplicationFactory<Program>
{
    private readonly string _data = data ?? TestFolders.NewFolder("data");

    /// <summary>Leave the database and the data folder when this app stops, so another app can start over them (a restart).</summary>
    public bool KeepDatabase { get; init; }

    /// <summary>The app's data folder (PROMOSITE_DATA), unless the test's settings name another.</summary>
    internal string DataPath => _data;

    /// <summary>Replaces or adds services after the app's own (a failing disk, a fake store), for tests of failures.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>The content folder this factory made for itself (see <see cref="StartWithFixtureAsync"/>), deleted with it.</summary>
    public ContentFolder? Content { get; private set; }

    /// <summary>The app on the small known fixture of <see cref="ContentFolder.Fixture"/>, which lives as long as the app.</summary>
    public static async Task<PromoSiteFactory> StartWithFixtureAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? testServices = null)
    {
        var content = ContentFolder.Fixture();
        var factory = await StartAsync(provider, content.Path, settings, testServices);
        factory.Content = content;
        return factory;
    }

    /// <summary>
    /// The app on a fresh database importing <paramref name="contentPath"/> at start; on the shipped sample
    /// content, a copy of the already imported content instead (see <see cref="SampleContentTemplate"/>).
    /// </summary>
    public static async Task<PromoSiteFactory> StartAsync(DatabaseProvider provider, string contentPath, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? testServices = null)
    {
        var data = TestFolders.NewFolder("data");
        var database = SampleContentTemplate.Serves(contentPath, settings, testServices)
            ? await SampleContentTemplate.CopyAsync(provider, data) ?? await TestDatabase.CreateAsync(provider)
            : await TestDatabase.CreateAsync(provider);
        var factory = new PromoSiteFactory(database, contentPath, settings, data) { TestServices = testServices };
        _ = factory.Server; // start now, so import failures surface here
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("PROMOSITE_DATA", _data);
        builder.UseSetting("ContentPath", contentPath);
        builder.UseSetting("Cms:PublicBaseUrl", "https://dongnai.example");
        builder.UseSetting(database.ConnectionSetting.Key, database.ConnectionSetting.Value);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Derivatives are made by libvips in the background; only the media tests that look at them
        // turn it on, so the rest of the suite does not spend its two cores resizing sample pictures.
        builder.UseSetting("Media:Derivatives", "false");
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestPeerAddress>());
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (TestServices is { } testServices)
        {
            builder.ConfigureTestServices(testServices);
        }
    }

    /// <summary>A test request with this header is seen as coming from that address (TestServer has no peer address of its own).</summary>
    public const string PeerHeader = "X-Test-Peer";

    /// <summary>The id of the item with this key (keys are unique per type; the fixtures use each once).</summary>
    public async Task<long> ItemIdAsync(string key)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Items.Where(i => i.Key == key).Select(i => i.Id).SingleAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!KeepDatabase)
        {
            await database.DisposeAsync();
            TestFolders.Delete(_data);
        }

        Content?.Dispose();
    }
}

public sealed class Providers : TheoryData<DatabaseProvider>
{
    public Providers()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.Postgres);
    }
}

/// <summary>Test only: lets a request say which client address the app should see (<see cref="PromoSiteFactory.PeerHeader"/>).</summary>
internal sealed class TestPeerAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(nextMiddleware => context =>
        {
            if (context.Request.Headers.TryGetValue(PromoSiteFactory.PeerHeader, out var value) && System.Net.IPAddress.TryParse(value.ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>Both media stores: the data folder and an S3 bucket (skipped, saying why, outside scripts/test.sh without s3rver).</summary>
public sealed class MediaStores : TheoryData<MediaStoreKind>
{
    public MediaStores()
    {
        Add(MediaStoreKind.File);
        Add(MediaStoreKind.S3);
    }
}

/// <summary>
/// Both databases on the file store, and the S3 store on PostgreSQL (the multi-node shape it is
/// for; the store does not depend on the database, so SQLite × S3 would add time and no coverage).
/// </summary>
public sealed class ProvidersAndStores : TheoryData<DatabaseProvider, MediaStoreKind>
{
    public ProvidersAndStores()
    {
        Add(DatabaseProvider.Sqlite, MediaStoreKind.File);
        Add(DatabaseProvider.Postgres, MediaStoreKind.File);
        Add(DatabaseProvider.Postgres, MediaStoreKind.S3);
    }
}
