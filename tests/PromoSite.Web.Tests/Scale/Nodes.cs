using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Scale;

/// <summary>
/// Two app instances on one database, as two servers behind a proxy: each with its own data
/// folder (so nothing is shared but the database), the first one started first (it migrates and
/// imports the fixture), the database dropped when both have stopped.
/// </summary>
public sealed class Nodes : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private Nodes(TestDatabase database, ContentFolder content, PromoSiteFactory a, PromoSiteFactory b)
    {
        _database = database;
        Content = content;
        A = a;
        B = b;
    }

    public ContentFolder Content { get; }

    public PromoSiteFactory A { get; }

    public PromoSiteFactory B { get; }

    public static async Task<Nodes> StartAsync(DatabaseProvider provider, string roleA, string roleB, IReadOnlyDictionary<string, string>? settingsA = null, IReadOnlyDictionary<string, string>? settingsB = null)
    {
        var content = ContentFolder.Fixture();
        var database = await TestDatabase.CreateAsync(provider);
        var a = new PromoSiteFactory(database, content.Path, With(settingsA, roleA)) { KeepDatabase = true };
        _ = a.Server;
        var b = new PromoSiteFactory(database, content.Path, With(settingsB, roleB)) { KeepDatabase = true };
        _ = b.Server;
        return new Nodes(database, content, a, b);
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string>? settings, string role) =>
        new(settings ?? new Dictionary<string, string>()) { ["Role"] = role };

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _database.DisposeAsync();
        Content.Dispose();
    }
}
