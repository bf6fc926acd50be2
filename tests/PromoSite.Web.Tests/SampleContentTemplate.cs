using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests;

/// <summary>
/// The shipped sample content imported once per provider and test process, so that an app "on the
/// sample content" starts from a copy of the database and data folder instead of importing content/
/// again (about half a minute each on a busy two-core machine). The app's own first run made the
/// template; only the first administrator is taken out again, so each copy's first start creates
/// its own from the test's settings exactly as before, and then finds the content already there
/// (the import runs only on a database without items).
/// </summary>
internal static class SampleContentTemplate
{
    private static readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<Template>>> Templates = new();

    /// <summary>
    /// Settings under which a copy starts as a fresh import would: the first administrator is made at
    /// start either way; other settings could change what the import writes or where (a data folder,
    /// the media store, a node's role), so they import as before.
    /// </summary>
    private static readonly string[] StartSettings = ["Admin:", "Site:"];

    public static bool Serves(string contentPath, IReadOnlyDictionary<string, string>? settings, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? testServices) =>
        testServices is null
        && string.Equals(Path.GetFullPath(contentPath).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(TestFolders.SampleContent), StringComparison.Ordinal)
        && (settings ?? new Dictionary<string, string>()).Keys.All(key => StartSettings.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// A new database, and the data folder filled, with the sample content: the test's own to change.
    /// Null when content/ changed since the template was made (the app then imports it as before).
    /// </summary>
    public static async Task<TestDatabase?> CopyAsync(DatabaseProvider provider, string dataFolder)
    {
        var template = await Templates.GetOrAdd(provider, p => new Lazy<Task<Template>>(() => Task.Run(() => BuildAsync(p)))).Value;
        if (ContentFingerprint() != template.Fingerprint)
        {
            return null;
        }

        CopyFolder(template.Data, dataFolder);
        return await TestDatabase.CopyOfAsync(template.Database);
    }

    private sealed record Template(TestDatabase Database, string Data, string Fingerprint);

    private static async Task<Template> BuildAsync(DatabaseProvider provider)
    {
        var fingerprint = ContentFingerprint();
        var database = await TestDatabase.CreateAsync(provider);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => database.DropNow();
        string data;
        await using (var app = new PromoSiteFactory(database, TestFolders.SampleContent) { KeepDatabase = true })
        {
            _ = app.Server; // the first run: migrations, key ring, first administrator, agencies, content, termbase
            data = app.DataPath;
        }

        await using (var db = database.CreateContext())
        {
            await ForgetFirstAdministratorAsync(db);
        }

        await database.CloseForCopyingAsync();
        return new Template(database, data, fingerprint);
    }

    /// <summary>
    /// Removes the administrator the template's first start made (and its audit entry), with the ids
    /// they took, so that a copy's first administrator is user 1 as on any first run.
    /// </summary>
    private static async Task ForgetFirstAdministratorAsync(CmsDbContext db)
    {
        var users = await db.Users.CountAsync();
        if (users != 1)
        {
            throw new InvalidOperationException($"The sample content's first run made {users} users; the template expects only the first administrator.");
        }

        await db.Users.ExecuteDeleteAsync();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM audit_log WHERE \"Actor\" = 'system' AND \"Action\" = {0} AND \"Detail\" = 'first administrator'", AuditActions.UserCreate);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('users', 'Id'), 1, false)");
            await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('audit_log', 'Id'), COALESCE((SELECT MAX(\"Id\") FROM audit_log), 0) + 1, false)");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM sqlite_sequence WHERE name = 'users'");
            await db.Database.ExecuteSqlRawAsync("UPDATE sqlite_sequence SET seq = COALESCE((SELECT MAX(\"Id\") FROM audit_log), 0) WHERE name = 'audit_log'");
        }
    }

    /// <summary>Names, sizes and times of every file in content/: a copy is only right for the content it was made from.</summary>
    private static string ContentFingerprint()
    {
        var root = TestFolders.SampleContent;
        var hash = new HashCode();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            hash.Add(Path.GetRelativePath(root, file), StringComparer.Ordinal);
            hash.Add(info.Length);
            hash.Add(info.LastWriteTimeUtc);
        }

        return hash.ToHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
