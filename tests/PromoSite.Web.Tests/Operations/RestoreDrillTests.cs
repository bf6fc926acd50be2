using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Scale;

namespace PromoSite.Web.Tests.Operations;

/// <summary>
/// scripts/restore-drill.sh as an IT team runs it, against a stopped installation made by the app:
/// back up, fingerprint, wipe, restore, compare every revision and media original, start, ask. On
/// SQLite with the data folder, on PostgreSQL, and on PostgreSQL with the media in an S3 bucket.
/// </summary>
public sealed class RestoreDrillTests
{
    public static TheoryData<DatabaseProvider, MediaStoreKind> Installations => new()
    {
        { DatabaseProvider.Sqlite, MediaStoreKind.File },
        { DatabaseProvider.Postgres, MediaStoreKind.File },
        { DatabaseProvider.Postgres, MediaStoreKind.S3 },
    };

    [SkippableTheory, MemberData(nameof(Installations))]
    public async Task The_drill_restores_every_revision_and_media_original_and_the_restored_site_answers(DatabaseProvider provider, MediaStoreKind store)
    {
        await using var media = await TestMedia.CreateAsync(store);
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = TestFolders.NewFolder("drill-data");
        var settings = new Dictionary<string, string>(media.Settings) { ["PROMOSITE_DATA"] = data };
        using (var content = ContentFolder.Fixture())
        {
            await using var site = new PromoSiteFactory(database, content.Path, settings) { KeepDatabase = true };
            _ = site.Server; // migrates and imports the fixture's items, with their revisions
            var saved = site.Services.GetRequiredService<IMediaStore>();
            Assert.NotNull((await saved.SaveAsync(new MemoryStream(TestImages.SmallPng), CancellationToken.None)).Stored);
            Assert.NotNull((await saved.SaveAsync(new MemoryStream(TestImages.Landscape), CancellationToken.None)).Stored);
        }

        var (exit, log) = await DrillAsync(database, data, media);

        Assert.True(exit == 0, log);
        Assert.Contains("originals 2", log, StringComparison.Ordinal);
        Assert.Contains("PASSED", log, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Log)> DrillAsync(TestDatabase database, string data, TestMedia media)
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory)!;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var argument in new[]
        {
            Path.Combine(root, "scripts", "restore-drill.sh"), "--yes", "--app", "dotnet " + Topology.WebDll(),
            "--work", TestFolders.NewFolder("drill-work"), "--port", Topology.FreePorts(1)[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The installation's settings as its systemd unit would give them: environment variables.
        start.Environment["PROMOSITE_DATA"] = data;
        start.Environment["ConnectionStrings__" + (database.Provider == DatabaseProvider.Postgres ? "Postgres" : "Sqlite")] = database.Settings.ConnectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Media__Derivatives"] = "false";
        start.Environment["ContentPath"] = TestFolders.NewFolder("no-content"); // the restored database is the content
        foreach (var (key, value) in media.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
