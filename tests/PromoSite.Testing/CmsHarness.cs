using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoSite.Cms;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Import;
using PromoSite.Cms.Storage;

namespace PromoSite.Testing;

/// <summary>
/// The CMS wired as the application wires it (AddCmsCore), on a fresh migrated database of the
/// chosen provider, with a clock the test controls.
/// </summary>
public sealed class CmsHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CmsHarness(TestDatabase database, ServiceProvider services, FakeTimeProvider clock)
    {
        Database = database;
        _services = services;
        Clock = clock;
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _services;

    public IContentDelivery Delivery => _services.GetRequiredService<IContentDelivery>();

    public static async Task<CmsHarness> CreateAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddCmsCore(configuration, database.Settings, new DataFolder(TestFolders.NewFolder("data")))
            .BuildServiceProvider(validateScopes: true);
        await services.PrepareCmsAsync(contentPath: null);
        return new CmsHarness(database, services, clock);
    }

    /// <summary>Runs work in its own scope (its own DbContext), as one request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<ImportReport> ImportAsync(string folder) =>
        InScopeAsync(sp => sp.GetRequiredService<ContentImporter>().ImportAsync(folder));

    public Task<T> EditAsync<T>(Func<ContentEditor, CmsDbContext, Task<T>> work) =>
        InScopeAsync(sp => work(sp.GetRequiredService<ContentEditor>(), sp.GetRequiredService<CmsDbContext>()));

    public CmsDbContext NewContext() => Database.CreateContext();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
