using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Backup;

/// <summary>
/// backup and restore: the database, the media store's files and the data-protection keys in one
/// ZIP archive with a manifest (counts and a SHA-256 per entry). ZIP rather than tar because its
/// central directory lets restore read the manifest first and hash every entry before it writes
/// anything, and because each entry chooses its compression (media files are already compressed).
///
/// Order matters for consistency while the site writes: the database snapshot is taken first, the
/// media files are copied after it. Media files are stored under their hash before the save that
/// names them commits and are never deleted, so every file the snapshot names is there to copy;
/// files stored after the snapshot may come along too, which is harmless.
///
/// Copying the live folder (cp -a) is not a backup: it reads the SQLite file and its -wal at
/// different moments while pages are being written, which gives copies that are silently corrupt
/// or miss acknowledged saves.
///
/// With the S3 store (<paramref name="bucket"/>) the bucket's objects are the media: every original
/// and every derivative is copied into the archive under the same media/ names the file store uses,
/// and restore puts them back into the bucket. Derivatives are included although the derive verb can
/// remake them: remaking takes about a second per picture on a small server (a restored site would
/// show pictures without their WebP sizes for hours), and they are a fraction of the originals' size.
/// One archive format for both stores also means a backup of one store restores into the other.
/// </summary>
public sealed partial class BackupService(DatabaseSettings database, DataFolder data, TimeProvider clock, IConfiguration? configuration = null, Media.S3MediaStore? bucket = null)
{
    private const string MediaFolder = "media";
    private const string KeysFolder = "keys";

    /// <summary>Writes a backup to <paramref name="archivePath"/> (which must not exist yet); the archive appears only when complete.</summary>
    public async Task<BackupResult> CreateAsync(string archivePath, CancellationToken ct = default)
    {
        archivePath = Path.GetFullPath(archivePath);
        if (File.Exists(archivePath) || Directory.Exists(archivePath))
        {
            return BackupResult.Refused($"{archivePath} already exists; give the backup a new name.");
        }

        var folder = Path.GetDirectoryName(archivePath)!;
        if (!Directory.Exists(folder))
        {
            return BackupResult.Refused($"The folder {folder} does not exist.");
        }

        // The snapshot is staged beside the archive, on the disk that has room for it.
        var staging = Path.Combine(folder, $".{Path.GetFileName(archivePath)}.{Guid.NewGuid():N}.tmp");
        var part = archivePath + ".part";
        Directory.CreateDirectory(staging);
        try
        {
            string databaseFile, databaseEntry;
            DatabaseFacts facts;
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                databaseFile = Path.Combine(staging, "promosite.db");
                databaseEntry = BackupManifest.SqliteEntry;
                var check = await DatabaseCopy.SqliteSnapshotAsync(database, databaseFile, ct);
                if (check != "ok")
                {
                    return BackupResult.Refused($"The database fails SQLite's integrity check, so no backup was written: {check}");
                }

                facts = await DatabaseCopy.SqliteFactsAsync(databaseFile, ct);
            }
            else
            {
                if (DatabaseCopy.FindTool("pg_dump", configuration) is not { } pgDump)
                {
                    return BackupResult.Refused(MissingTool("pg_dump"));
                }

                databaseFile = Path.Combine(staging, "promosite.dump");
                databaseEntry = BackupManifest.PostgresEntry;
                facts = await DatabaseCopy.PostgresDumpAsync(database, pgDump, databaseFile, ct);
            }

            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            long mediaFiles = 0;
            await using (var stream = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                {
                    files[databaseEntry] = Add(zip, databaseEntry, databaseFile, CompressionLevel.Optimal);
                    if (bucket is null)
                    {
                        foreach (var (file, entry) in FilesUnder(Path.Combine(data.Path, MediaFolder), MediaFolder))
                        {
                            files[entry] = Add(zip, entry, file, CompressionLevel.NoCompression);
                            mediaFiles++;
                        }
                    }
                    else
                    {
                        // One object at a time through a staged file: the archive's hash is of what was read.
                        var staged = Path.Combine(staging, "object");
                        foreach (var name in await BucketNamesAsync(bucket, ct))
                        {
                            await using (var copy = new FileStream(staged, FileMode.Create, FileAccess.Write))
                            {
                                await bucket.CopyToAsync(name, copy, ct);
                            }

                            files[MediaFolder + "/" + name] = Add(zip, MediaFolder + "/" + name, staged, CompressionLevel.NoCompression);
                            mediaFiles++;
                        }

                        File.Delete(staged);
                    }

                    foreach (var (file, entry) in FilesUnder(Path.Combine(data.Path, KeysFolder), KeysFolder))
                    {
                        files[entry] = Add(zip, entry, file, CompressionLevel.Optimal);
                    }

                    var manifest = new BackupManifest(
                        BackupManifest.CurrentFormat, clock.GetUtcNow(), ProviderName(database.Provider), facts.SchemaMigration,
                        new BackupCounts(facts.Items, facts.Revisions, facts.Users, mediaFiles), files);
                    await using (var manifestStream = zip.CreateEntry(BackupManifest.EntryName, CompressionLevel.Optimal).Open())
                    {
                        await JsonSerializer.SerializeAsync(manifestStream, manifest, BackupManifest.Json, ct);
                    }
                }

                stream.Flush(flushToDisk: true); // on disk before it takes its final name
            }

            File.Move(part, archivePath);
            return new BackupResult(await ReadManifestAsync(archivePath, ct), null);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or Media.MediaStoreUnavailableException)
        {
            return BackupResult.Refused($"The backup failed and no archive was written: {e.Message}");
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
            File.Delete(part);
        }
    }

    /// <summary>
    /// Restores an archive into this configuration's data folder and database. The archive is checked
    /// whole (manifest, names, every hash) and extracted to a staging folder before anything is
    /// replaced; a target that holds data is refused unless <paramref name="force"/>. The counts are
    /// checked again on the restored data.
    /// </summary>
    public async Task<BackupResult> RestoreAsync(string archivePath, bool force, CancellationToken ct = default)
    {
        archivePath = Path.GetFullPath(archivePath);
        if (!File.Exists(archivePath))
        {
            return BackupResult.Refused($"{archivePath} does not exist.");
        }

        BackupManifest manifest;
        try
        {
            manifest = await ReadManifestAsync(archivePath, ct) ?? throw new InvalidDataException("it has no manifest.json");
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or NotSupportedException or IOException)
        {
            return BackupResult.Refused($"{archivePath} is not a PromoSite backup, or it is incomplete ({e.Message}). Nothing was changed.");
        }

        if (manifest.Files is null || manifest.Counts is null || manifest.Provider is null)
        {
            return BackupResult.Refused($"{archivePath} has a manifest without its counts or file list: it is not a complete PromoSite backup. Nothing was changed.");
        }

        if (manifest.FormatVersion != BackupManifest.CurrentFormat)
        {
            return BackupResult.Refused($"The archive's format is {manifest.FormatVersion}; this version reads format {BackupManifest.CurrentFormat}. Nothing was changed.");
        }

        if (manifest.Provider != ProviderName(database.Provider))
        {
            return BackupResult.Refused($"The archive holds a {manifest.Provider} database but this configuration uses {ProviderName(database.Provider)}. Nothing was changed.");
        }

        // A database from a newer version would be half understood by this one (and migrated by none):
        // restore it with the version that made it, or upgrade this one first.
        if (manifest.SchemaMigration is { } schema && !KnownMigrations.Value.Contains(schema))
        {
            return BackupResult.Refused($"The archive's database schema is {schema}, which this version does not know (its newest is {KnownMigrations.Value.Max(StringComparer.Ordinal)}): it comes from a newer PromoSite. Upgrade this installation first, or restore with the version that made the backup. Nothing was changed.");
        }

        string? pgRestore = null;
        if (database.Provider == DatabaseProvider.Postgres && (pgRestore = DatabaseCopy.FindTool("pg_restore", configuration)) is null)
        {
            return BackupResult.Refused(MissingTool("pg_restore"));
        }

        var occupied = await DescribeTargetAsync(ct);
        if (occupied.Count > 0 && !force)
        {
            return BackupResult.Refused($"The target is not empty ({string.Join("; ", occupied)}). Restore into an empty data folder and database, or add --force to replace what is there. Nothing was changed.");
        }

        var staging = Path.Combine(data.Path, $".restore-{Guid.NewGuid():N}");
        try
        {
            if (Extract(archivePath, manifest, staging) is { } damaged)
            {
                return BackupResult.Refused($"{damaged} Nothing was changed.");
            }

            var databaseEntry = database.Provider == DatabaseProvider.Sqlite ? BackupManifest.SqliteEntry : BackupManifest.PostgresEntry;
            var stagedDatabase = Path.Combine(staging, databaseEntry);
            if (!File.Exists(stagedDatabase))
            {
                return BackupResult.Refused($"The archive has no {databaseEntry}. Nothing was changed.");
            }

            if (database.Provider == DatabaseProvider.Sqlite)
            {
                // Checked in the staging folder first: a copy that does not match is never put in place.
                if (await DatabaseCopy.QuickCheckAsync(stagedDatabase, ct) is var check and not "ok")
                {
                    return BackupResult.Refused($"The archive's database fails SQLite's integrity check: {check}. Nothing was changed.");
                }

                if (Differences(manifest.Counts, await DatabaseCopy.SqliteFactsAsync(stagedDatabase, ct), manifest.Counts.MediaFiles) is { } before)
                {
                    return BackupResult.Refused($"The archive's database does not hold what its manifest counts ({before}). Nothing was changed.");
                }

                var target = DatabaseCopy.SqliteFile(database);
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(stagedDatabase, target, overwrite: true); // a rename: the old file stays whole until replaced
                // A -wal left from the replaced file would be replayed onto the restored one.
                File.Delete(target + "-wal");
                File.Delete(target + "-shm");
            }
            else
            {
                await DatabaseCopy.PostgresRestoreAsync(database, pgRestore!, stagedDatabase, clean: force, ct);
            }

            if (bucket is not null)
            {
                await RestoreBucketAsync(bucket, Path.Combine(staging, MediaFolder), force, ct);
            }

            foreach (var folder in bucket is null ? new[] { MediaFolder, KeysFolder } : [KeysFolder])
            {
                var target = Path.Combine(data.Path, folder);
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }

                if (Directory.Exists(Path.Combine(staging, folder)))
                {
                    Directory.Move(Path.Combine(staging, folder), target);
                }
            }

            var restored = database.Provider == DatabaseProvider.Sqlite
                ? await DatabaseCopy.SqliteFactsAsync(DatabaseCopy.SqliteFile(database), ct)
                : await DatabaseCopy.PostgresFactsAsync(database, ct);
            var mediaFiles = bucket is null
                ? FilesUnder(Path.Combine(data.Path, MediaFolder), MediaFolder).LongCount()
                : (await BucketNamesAsync(bucket, ct)).Count;
            return Differences(manifest.Counts, restored, mediaFiles) is { } after
                ? BackupResult.Refused($"The restored data does not match the manifest's counts ({after}).")
                : new BackupResult(manifest, null);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or Media.MediaStoreUnavailableException)
        {
            return BackupResult.Refused($"The restore failed: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>
    /// Empties the database, the media (folder or bucket) and the keys folder: the restore drill's
    /// wipe, so that what the drill compares afterwards came from the archive alone. The site must be
    /// stopped (its open SQLite file would outlive the deletion).
    /// </summary>
    public async Task<string> WipeAsync(CancellationToken ct = default)
    {
        var wiped = new List<string>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var file = DatabaseCopy.SqliteFile(database);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }

            wiped.Add($"the database {file}");
        }
        else
        {
            await DatabaseCopy.PostgresWipeAsync(database, ct);
            wiped.Add("every table of the PostgreSQL database");
        }

        if (bucket is not null)
        {
            var names = await BucketNamesAsync(bucket, ct);
            foreach (var name in names)
            {
                await bucket.DeleteAsync(name, ct);
            }

            wiped.Add($"{names.Count} object(s) in the bucket '{bucket.Bucket}'");
        }

        foreach (var folder in new[] { MediaFolder, KeysFolder })
        {
            var path = Path.Combine(data.Path, folder);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
                wiped.Add(path);
            }
        }

        return string.Join(", ", wiped);
    }

    public static async Task<BackupManifest?> ReadManifestAsync(string archivePath, CancellationToken ct)
    {
        using var zip = ZipFile.OpenRead(archivePath);
        if (zip.GetEntry(BackupManifest.EntryName) is not { } entry)
        {
            return null;
        }

        await using var stream = entry.Open();
        return await JsonSerializer.DeserializeAsync<BackupManifest>(stream, BackupManifest.Json, ct);
    }

    /// <summary>
    /// Extracts every entry into <paramref name="staging"/>, hashing as it goes. Returns what is wrong
    /// (an entry not in the manifest, a name that is not one a backup makes, a missing entry, a
    /// different hash), or null when the archive is exactly what its manifest says.
    /// </summary>
    private static string? Extract(string archivePath, BackupManifest manifest, string staging)
    {
        using var zip = ZipFile.OpenRead(archivePath);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            if (name == BackupManifest.EntryName)
            {
                continue;
            }

            if (!EntryName().IsMatch(name) || name.Split('/').Any(part => part is "" or "." or ".."))
            {
                return $"The archive holds '{name}', which is not a name a backup makes.";
            }

            if (!manifest.Files.TryGetValue(name, out var expected))
            {
                return $"The archive holds '{name}', which its manifest does not list.";
            }

            if (!seen.Add(name))
            {
                return $"The archive holds '{name}' twice.";
            }

            var target = Path.Combine(staging, name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            string actual;
            try
            {
                using var input = entry.Open();
                using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
                actual = CopyHashing(input, output);
            }
            catch (InvalidDataException e)
            {
                return $"'{name}' cannot be read from the archive ({e.Message}).";
            }

            if (actual != expected)
            {
                return $"'{name}' does not match its SHA-256 in the manifest: the archive is damaged.";
            }
        }

        return manifest.Files.Keys.FirstOrDefault(name => !seen.Contains(name)) is { } missing
            ? $"The manifest lists '{missing}', which is not in the archive."
            : null;
    }

    /// <summary>What already lives where a restore would write, so it is not replaced by accident.</summary>
    private async Task<List<string>> DescribeTargetAsync(CancellationToken ct)
    {
        var found = new List<string>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var file = DatabaseCopy.SqliteFile(database);
            if (File.Exists(file) && new FileInfo(file).Length > 0)
            {
                found.Add($"the database {file} exists");
            }
        }
        else if (!await DatabaseCopy.PostgresIsEmptyAsync(database, ct))
        {
            found.Add("the PostgreSQL database has tables");
        }

        if (bucket is not null && (await BucketNamesAsync(bucket, ct)).Count is > 0 and var objects)
        {
            found.Add($"the bucket '{bucket.Bucket}' holds {objects} media object(s)");
        }

        foreach (var folder in bucket is null ? new[] { MediaFolder, KeysFolder } : [KeysFolder])
        {
            var count = FilesUnder(Path.Combine(data.Path, folder), folder).Count();
            if (count > 0)
            {
                found.Add($"{Path.Combine(data.Path, folder)} holds {count} file(s)");
            }
        }

        return found;
    }

    /// <summary>Migrations this version has (the archive's last one must be among them).</summary>
    private static readonly Lazy<HashSet<string>> KnownMigrations = new(() =>
        typeof(CmsDbContext).Assembly.GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).OfType<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().FirstOrDefault()?.Id)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal));

    /// <summary>The bucket's originals and derivatives, the media a backup holds.</summary>
    private static async Task<List<string>> BucketNamesAsync(Media.S3MediaStore bucket, CancellationToken ct) =>
        [.. (await bucket.ListAsync("originals/", ct)).Concat(await bucket.ListAsync("derived/", ct)).Select(o => o.Name)];

    /// <summary>
    /// Puts the archive's media into the bucket; when replacing (--force), objects the archive does
    /// not hold are removed after, so the bucket ends as the backup's moment, as the file store's folder does.
    /// </summary>
    private static async Task RestoreBucketAsync(Media.S3MediaStore bucket, string stagedMedia, bool force, CancellationToken ct)
    {
        var restored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, entry) in FilesUnder(stagedMedia, MediaFolder))
        {
            var name = entry[(MediaFolder.Length + 1)..];
            await bucket.PutRestoredAsync(name, file, ct);
            restored.Add(name);
        }

        if (force)
        {
            foreach (var name in (await BucketNamesAsync(bucket, ct)).Where(n => !restored.Contains(n)))
            {
                await bucket.DeleteAsync(name, ct);
            }
        }
    }

    private static string? Differences(BackupCounts expected, DatabaseFacts actual, long mediaFiles)
    {
        var differences = new List<string>();
        void Compare(string what, long want, long got)
        {
            if (want != got)
            {
                differences.Add($"{what}: {got}, the manifest says {want}");
            }
        }

        Compare("items", expected.Items, actual.Items);
        Compare("revisions", expected.Revisions, actual.Revisions);
        Compare("users", expected.Users, actual.Users);
        Compare("media files", expected.MediaFiles, mediaFiles);
        return differences.Count == 0 ? null : string.Join("; ", differences);
    }

    /// <summary>Files under a folder as (path, archive entry name), in a stable order; the media store's tmp/ (uploads in progress) is left out.</summary>
    private static IEnumerable<(string File, string Entry)> FilesUnder(string folder, string prefix) =>
        !Directory.Exists(folder) ? [] :
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(file => (File: file, Entry: prefix + "/" + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(f => !f.Entry.StartsWith(MediaFolder + "/tmp/", StringComparison.Ordinal))
            .OrderBy(f => f.Entry, StringComparer.Ordinal);

    private static string Add(ZipArchive zip, string name, string file, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var output = entry.Open();
        return CopyHashing(input, output);
    }

    private static string CopyHashing(Stream input, Stream output)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            output.Write(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string ProviderName(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    private static string MissingTool(string tool) =>
        $"{tool} was not found (looked in /usr/lib/postgresql/*/bin and on PATH). Install the PostgreSQL client tools "
        + "(Debian: apt-get install postgresql-client) or set Backup:PgDump / Backup:PgRestore to the programs. Nothing was changed.";

    [GeneratedRegex(@"^(database/promosite\.(db|dump)|media/[A-Za-z0-9._/-]+|keys/[A-Za-z0-9._-]+)\z")]
    private static partial Regex EntryName();
}
