using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Backup;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using Xunit.Abstractions;

namespace PromoSite.Cms.Tests;

public sealed class BackupTests(ITestOutputHelper output)
{
    private const int DrillRuns = 10;

    private static LocalizationInput Vi(string title) =>
        new("vi", new JsonObject { ["title"] = title, ["summary"] = "Bưởi ngon." }, LocalizationStatus.Published);

    private static async Task<long> CreateItemAsync(CmsHarness cms, string key)
    {
        var outcome = await cms.EditAsync((editor, _) => editor.CreateAsync("ocop-products", key, new JsonObject { ["stars"] = 5, ["category"] = "food" }, Vi("Bưởi " + key), "drill"));
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        return outcome.Item!.Id;
    }

    /// <summary>A site with two items, two stored originals, a derivative and a data-protection key.</summary>
    private static async Task<(CmsHarness Cms, DataFolder Data, long ItemId)> SiteAsync(DatabaseProvider provider)
    {
        var cms = await CmsHarness.CreateAsync(provider);
        var data = cms.Services.GetRequiredService<DataFolder>();
        var itemId = await CreateItemAsync(cms, "buoi");
        await CreateItemAsync(cms, "dieu");
        var store = cms.Services.GetRequiredService<IMediaStore>();
        Assert.NotNull((await store.SaveAsync(new MemoryStream(TestImages.SmallPng), CancellationToken.None)).Stored);
        Assert.NotNull((await store.SaveAsync(new MemoryStream(TestImages.Landscape), CancellationToken.None)).Stored);
        await PutDerivedAsync(store, data, 1);
        Directory.CreateDirectory(Path.Combine(data.Path, "keys"));
        await File.WriteAllTextAsync(Path.Combine(data.Path, "keys", "key-0001.xml"), "<key id=\"0001\" />");
        return (cms, data, itemId);
    }

    /// <summary>A derivative with unique bytes (the store does not inspect derivatives), as the worker would put one.</summary>
    private static async Task PutDerivedAsync(IMediaStore store, DataFolder data, int n)
    {
        var bytes = RandomNumberGenerator.GetBytes(2048 + n);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var local = Path.Combine(data.Path, $"derived-{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(local, bytes);
        await store.PutDerivedAsync($"derived/{hash[..2]}/{hash}-800.webp", local, CancellationToken.None);
        File.Delete(local);
    }

    private static BackupService Backups(DatabaseSettings settings, DataFolder data, IDictionary<string, string?>? configuration = null) =>
        new(settings, data, TimeProvider.System, new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build());

    private static string Archive() => Path.Combine(TestFolders.NewFolder("backups"), "site.zip");

    private static Dictionary<string, string> MediaHashes(DataFolder data)
    {
        var root = Path.Combine(data.Path, "media");
        return !Directory.Exists(root) ? [] : Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).StartsWith("tmp", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));
    }

    private static string Row(Revision r) => JsonSerializer.Serialize(r);

    [Theory, ClassData(typeof(Providers))]
    public async Task Backups_taken_while_an_editor_saves_restore_every_revision_and_media_file_of_their_moment(DatabaseProvider provider)
    {
        var (cms, data, itemId) = await SiteAsync(provider);
        await using var owned = cms;
        using var stop = new CancellationTokenSource();
        var store = cms.Services.GetRequiredService<IMediaStore>();
        var progress = 0;
        var writer = Task.Run(async () =>
        {
            var saves = 0;
            while (!stop.IsCancellationRequested)
            {
                saves = Interlocked.Increment(ref progress);
                var outcome = await cms.EditAsync((editor, _) => editor.SaveAsync(itemId, null, null, Vi($"Bưởi Tân Triều, lần {saves}"), "drill"));
                Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
                if (saves % 3 == 0)
                {
                    await PutDerivedAsync(store, data, saves);
                }
            }

            return saves;
        });

        var clock = Stopwatch.StartNew();
        long compared = 0;
        try
        {
            for (var run = 1; run <= DrillRuns; run++)
            {
                // Each backup starts with the writer well under way, so every one is taken under writes.
                while (Volatile.Read(ref progress) < run * 5 && !writer.IsCompleted)
                {
                    await Task.Delay(10);
                }

                var archive = Archive();
                var backup = await Backups(cms.Database.Settings, data).CreateAsync(archive);
                Assert.True(backup.Succeeded, backup.Error);

                await using var target = await TestDatabase.CreateAsync(provider);
                var restoredData = new DataFolder(TestFolders.NewFolder("restored"));
                var restore = await Backups(target.Settings, restoredData).RestoreAsync(archive, force: false);
                Assert.True(restore.Succeeded, restore.Error);

                // Every revision of the backup equals the source's row, and they are exactly the source's
                // first ones: saves after the snapshot may be missing, none before it.
                await using var source = cms.NewContext();
                await using var copy = target.CreateContext();
                var copied = await copy.Revisions.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
                var last = copied[^1].Id;
                var original = await source.Revisions.AsNoTracking().Where(r => r.Id <= last).OrderBy(r => r.Id).ToListAsync();
                Assert.Equal(backup.Manifest!.Counts.Revisions, copied.Count);
                Assert.Equal(original.Select(Row), copied.Select(Row));
                compared += copied.Count;

                var restoredMedia = MediaHashes(restoredData);
                var sourceMedia = MediaHashes(data);
                Assert.Equal(backup.Manifest.Counts.MediaFiles, restoredMedia.Count);
                Assert.All(restoredMedia, file => Assert.Equal(sourceMedia[file.Key], file.Value));
                Assert.Equal("<key id=\"0001\" />", await File.ReadAllTextAsync(Path.Combine(restoredData.Path, "keys", "key-0001.xml")));
                File.Delete(archive);
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        var saves = await writer;
        output.WriteLine($"{provider}: {DrillRuns} backup/restore runs in {clock.Elapsed.TotalSeconds:0.0} s while {saves} saves went on; {compared} revision rows compared.");
        Assert.True(saves > DrillRuns, $"only {saves} saves happened during the drill: the backups did not run under writes");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_manifest_counts_what_the_archive_holds_and_hashes_every_entry(DatabaseProvider provider)
    {
        var (cms, data, _) = await SiteAsync(provider);
        await using var owned = cms;
        var archive = Archive();
        var backup = await Backups(cms.Database.Settings, data).CreateAsync(archive);

        Assert.True(backup.Succeeded, backup.Error);
        var manifest = backup.Manifest!;
        Assert.Equal(provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres", manifest.Provider);
        Assert.Equal(new BackupCounts(2, 2, 1, 3), manifest.Counts);
        await using (var db = cms.NewContext())
        {
            Assert.Equal((await db.Database.GetAppliedMigrationsAsync()).Last(), manifest.SchemaMigration);
        }

        using var zip = ZipFile.OpenRead(archive);
        var entries = zip.Entries.Where(e => e.FullName != BackupManifest.EntryName).ToList();
        Assert.Equal(manifest.Files.Keys.Order(StringComparer.Ordinal), entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Contains("keys/key-0001.xml", manifest.Files.Keys);
        foreach (var entry in entries)
        {
            await using var stream = entry.Open();
            Assert.Equal(manifest.Files[entry.FullName], Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_damaged_archive_is_refused_before_anything_is_written(DatabaseProvider provider)
    {
        var (cms, data, _) = await SiteAsync(provider);
        await using var owned = cms;
        var archive = Archive();
        Assert.True((await Backups(cms.Database.Settings, data).CreateAsync(archive)).Succeeded);
        using (var zip = ZipFile.Open(archive, ZipArchiveMode.Update))
        {
            var media = zip.Entries.First(e => e.FullName.StartsWith("media/originals/", StringComparison.Ordinal));
            var name = media.FullName;
            media.Delete();
            await using var replaced = zip.CreateEntry(name).Open();
            await replaced.WriteAsync(TestImages.SmallPng.Reverse().ToArray());
        }

        await using var target = await TestDatabase.CreateAsync(provider);
        var restoredData = new DataFolder(TestFolders.NewFolder("restored"));
        var restore = await Backups(target.Settings, restoredData).RestoreAsync(archive, force: false);

        Assert.False(restore.Succeeded);
        Assert.Contains("does not match its SHA-256", restore.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", restore.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(restoredData.Path));
        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.False(File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.Settings.ConnectionString).DataSource));
        }
        else
        {
            await using var db = target.CreateContext();
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        }
    }

    /// <summary>
    /// The worst case for a bad archive: a forced restore over a site that holds data. A truncated copy
    /// (an interrupted transfer) and one from a newer version are refused before anything is replaced.
    /// </summary>
    [Theory, ClassData(typeof(Providers))]
    public async Task A_truncated_archive_or_one_from_a_newer_schema_is_refused_even_when_forced_and_the_site_stays_intact(DatabaseProvider provider)
    {
        var (cms, data, itemId) = await SiteAsync(provider);
        await using var owned = cms;
        var archive = Archive();
        Assert.True((await Backups(cms.Database.Settings, data).CreateAsync(archive)).Succeeded);
        await cms.EditAsync((editor, _) => editor.SaveAsync(itemId, null, null, Vi("After the backup"), "drill"));
        var mediaBefore = MediaHashes(data);

        var truncated = Archive();
        var bytes = await File.ReadAllBytesAsync(archive);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length * 2 / 3)]);
        var newer = Archive();
        File.Copy(archive, newer);
        using (var zip = ZipFile.Open(newer, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry(BackupManifest.EntryName)!;
            BackupManifest manifest;
            await using (var read = entry.Open())
            {
                manifest = (await JsonSerializer.DeserializeAsync<BackupManifest>(read, BackupManifest.Json))!;
            }

            entry.Delete();
            await using var write = zip.CreateEntry(BackupManifest.EntryName).Open();
            await JsonSerializer.SerializeAsync(write, manifest with { SchemaMigration = "29991231000099_FromTheFuture" }, BackupManifest.Json);
        }

        var cut = await Backups(cms.Database.Settings, data).RestoreAsync(truncated, force: true);
        var future = await Backups(cms.Database.Settings, data).RestoreAsync(newer, force: true);

        Assert.Contains("incomplete", cut.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", cut.Error, StringComparison.Ordinal);
        Assert.Contains("29991231000099_FromTheFuture", future.Error, StringComparison.Ordinal);
        Assert.Contains("newer PromoSite", future.Error, StringComparison.Ordinal);
        await using var db = cms.NewContext();
        Assert.Equal(3, await db.Revisions.CountAsync()); // the save after the backup is still there
        Assert.Equal(mediaBefore, MediaHashes(data));
    }

    [Fact]
    public async Task A_file_that_is_not_a_backup_is_refused_with_a_message()
    {
        var archive = Archive();
        await File.WriteAllTextAsync(archive, "not a zip");
        await using var target = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var restore = await Backups(target.Settings, new DataFolder(TestFolders.NewFolder("restored"))).RestoreAsync(archive, force: false);

        Assert.Contains("is not a PromoSite backup", restore.Error, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task A_target_holding_data_is_refused_unless_forced(DatabaseProvider provider)
    {
        var (cms, data, itemId) = await SiteAsync(provider);
        await using var owned = cms;
        var archive = Archive();
        Assert.True((await Backups(cms.Database.Settings, data).CreateAsync(archive)).Succeeded);
        await cms.EditAsync((editor, _) => editor.SaveAsync(itemId, null, null, Vi("After the backup"), "drill"));

        var refused = await Backups(cms.Database.Settings, data).RestoreAsync(archive, force: false);
        await using (var db = cms.NewContext())
        {
            Assert.Equal(3, await db.Revisions.CountAsync()); // untouched
        }

        var forced = await Backups(cms.Database.Settings, data).RestoreAsync(archive, force: true);

        Assert.Contains("not empty", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.True(forced.Succeeded, forced.Error);
        await using var restored = cms.NewContext();
        Assert.Equal(2, await restored.Revisions.CountAsync());
    }

    [Fact]
    public async Task A_missing_pg_dump_is_named_in_the_refusal()
    {
        var data = new DataFolder(TestFolders.NewFolder("data"));
        var settings = new DatabaseSettings(DatabaseProvider.Postgres, "Host=127.0.0.1;Port=1;Username=x;Database=x");

        var backup = await Backups(settings, data, new Dictionary<string, string?> { ["Backup:PgDump"] = "/nonexistent/pg_dump" }).CreateAsync(Archive());

        Assert.Contains("pg_dump was not found", backup.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_integrity_check_fails_on_a_damaged_sqlite_file()
    {
        var file = await DamagedSqlite.CreateAsync();
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False");

        var report = await new DatabaseIntegrity(settings, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseIntegrity>.Instance).CheckAsync();

        Assert.False(report.Passed, report.Detail);
    }
}
