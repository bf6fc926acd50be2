using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Tests;

/// <summary>Theory data: every storage test runs on both databases.</summary>
public sealed class Providers : TheoryData<DatabaseProvider>
{
    public Providers()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.Postgres);
    }
}
