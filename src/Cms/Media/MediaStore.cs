using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Media;

/// <summary>A stored original: its content hash names it, so the uploader's file name never becomes a path.</summary>
public sealed record StoredMedia(string Hash, string RelativePath, MediaKind Kind, long Length, int? Width, int? Height)
{
    /// <summary>What the photo's own metadata says (the location only when the editor kept it).</summary>
    public PhotoMetadata? Metadata { get; init; }

    /// <summary>True when a GPS location was found and removed before the file was stored.</summary>
    public bool LocationRemoved { get; init; }

    /// <summary>True when this save wrote the file; false when identical bytes were already stored (and may be in use).</summary>
    public bool New { get; init; }
}

/// <summary>The outcome of an upload: the stored file, or why it was refused (nothing is kept then).</summary>
public sealed record MediaSaveResult(StoredMedia? Stored, string? Refusal)
{
    /// <summary>Set when the refusal is the installation's media quota (HTTP 507), not the file itself.</summary>
    public MediaQuotaExceeded? OverQuota { get; init; }
}

/// <summary>The library is full: <paramref name="Used"/> of <paramref name="Quota"/> bytes are stored and the file needs <paramref name="Needed"/> more.</summary>
public sealed record MediaQuotaExceeded(long Used, long Quota, long Needed)
{
    public string Message => $"The media library is full: {Bytes(Used)} of {Bytes(Quota)} are used and this file needs {Bytes(Needed)}. Nothing was stored. An administrator can raise Media:QuotaBytes.";

    /// <summary>The message for staff in the admin, in their language; <paramref name="key"/> is admin.limits.mediaQuota or mediaQuotaReplace.</summary>
    public string Describe(Microsoft.Extensions.Localization.IStringLocalizer text, string key = "admin.limits.mediaQuota") =>
        text[key, Bytes(Used), Bytes(Quota), Bytes(Needed)];

    public static string Bytes(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " GB"
        : (bytes / (double)(1L << 20)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}

/// <summary>How an upload is stored. Location is stripped unless the editor asks to keep it.</summary>
public sealed record MediaUploadOptions(bool KeepLocation = false)
{
    public static readonly MediaUploadOptions Default = new();
}

/// <summary>Where media bytes live. The file-system store serves one node; a shared store can replace it for many.</summary>
public interface IMediaStore
{
    Task<MediaSaveResult> SaveAsync(Stream upload, MediaUploadOptions options, CancellationToken cancellationToken);

    /// <summary>Opens an original or a derivative by the name this store gave it; null for any other name.</summary>
    Stream? OpenRead(string relativePath);

    bool Exists(string relativePath);

    /// <summary>Puts a finished local file (a derivative) at its name, atomically: readers see all of it or nothing.</summary>
    Task PutDerivedAsync(string relativePath, string localFile, CancellationToken cancellationToken);

    /// <summary>
    /// Removes an original that the caller's own save wrote (<see cref="StoredMedia.New"/>) and that
    /// nothing came to refer to: the files of an import that was then refused.
    /// </summary>
    Task DiscardAsync(string relativePath, CancellationToken cancellationToken);

    /// <summary>Removes what interrupted uploads left behind (a crash or a kill mid-upload) once they are older than <paramref name="age"/>.</summary>
    int RemoveAbandonedUploads(TimeSpan age);
}

public static class MediaStoreExtensions
{
    public static Task<MediaSaveResult> SaveAsync(this IMediaStore store, Stream upload, CancellationToken cancellationToken) =>
        store.SaveAsync(upload, MediaUploadOptions.Default, cancellationToken);
}

/// <summary>
/// Keeps originals under {data}/media/originals/{hash[0..2]}/{hash}{ext} and derivatives under
/// {data}/media/derived/. An upload is streamed to a temporary file in the same folder tree (so the
/// final move is an atomic rename on the same volume), inspected by content, stripped of its
/// location, hashed, then moved; on refusal, failure or cancellation the temporary file is deleted,
/// so nothing half-written stays behind. The originals' total size is held against Media:QuotaBytes:
/// counted once from the folder, then kept by adding each new file (files are never deleted, since
/// earlier revisions keep pointing at a replaced file; an identical upload adds nothing).
/// Derivatives are not counted: they are made from the originals and are a fraction of them.
/// </summary>
public sealed partial class FileSystemMediaStore(DataFolder data, Microsoft.Extensions.Options.IOptions<MediaOptions> mediaOptions) : IMediaStore
{
    private readonly string root = System.IO.Path.Combine(data.Path, "media");
    private readonly SemaphoreSlim _commit = new(1, 1);
    private long? _used;

    public FileSystemMediaStore(DataFolder data)
        : this(data, Microsoft.Extensions.Options.Options.Create(new MediaOptions()))
    {
    }

    /// <summary>Bytes of stored originals, as counted against the quota.</summary>
    public long UsedBytes => _used ??= CountOriginals();

    private long CountOriginals()
    {
        var originals = new DirectoryInfo(System.IO.Path.Combine(root, "originals"));
        return originals.Exists ? originals.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
    }

    public async Task<MediaSaveResult> SaveAsync(Stream upload, MediaUploadOptions options, CancellationToken cancellationToken)
    {
        var temp = TempFile();
        var isNew = false;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                long length = 0;
                while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    // The largest accepted kind bounds the stream, so an endless upload cannot fill the disk.
                    if (length > MediaInspector.Mp4.MaxBytes)
                    {
                        return new MediaSaveResult(null, $"The file is larger than {MediaInspector.Mp4.MaxBytes / (1024 * 1024)} MB, the most any media may be.");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

            }

            var inspection = MediaInspector.Inspect(temp);
            if (!inspection.Accepted)
            {
                return new MediaSaveResult(null, inspection.Refusal);
            }

            var kind = inspection.Kind!;
            PhotoMetadata? metadata = null;
            var locationRemoved = false;
            if (kind.IsImage)
            {
                metadata = ImageLocation.Read(temp);
                if (!options.KeepLocation && metadata.Latitude is not null)
                {
                    // A phone photo of a colleague's house says where it is; the library publishes it, so the
                    // location goes unless the editor keeps it on purpose.
                    locationRemoved = ImageLocation.StripLocation(temp);
                    metadata = metadata with { Latitude = null, Longitude = null };
                }
            }

            // The hash is of the bytes actually stored (after stripping), so the name always matches the content.
            string hash;
            await using (var stored = File.OpenRead(temp))
            {
                hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stored, cancellationToken));
            }

            // On disk before it gets its name and before the caller records it: after a power loss an
            // item must not name a file whose bytes were still in the page cache.
            await using (var durable = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                durable.Flush(flushToDisk: true);
            }

            var relative = $"originals/{hash[..2]}/{hash}{kind.Extension}";
            var target = System.IO.Path.Combine(root, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            // The quota is checked here, once the name is known: an identical upload needs no room.
            // The check and the move are one step, so two uploads cannot both take the last space.
            await _commit.WaitAsync(cancellationToken);
            try
            {
                // Same bytes, same name: an identical upload reuses the stored file (and needs no space).
                isNew = !File.Exists(target);
                if (isNew)
                {
                    var size = new FileInfo(temp).Length;
                    if (UsedBytes + size > mediaOptions.Value.QuotaBytes)
                    {
                        return OverQuota(size);
                    }

                    File.Move(temp, target);
                    _used = UsedBytes + size;
                }
            }
            finally
            {
                _commit.Release();
            }

            var storedLength = new FileInfo(target).Length;
            return new MediaSaveResult(new StoredMedia(hash, relative, kind, storedLength, inspection.Width, inspection.Height)
            {
                Metadata = metadata,
                LocationRemoved = locationRemoved,
                New = isNew,
            }, null);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private MediaSaveResult OverQuota(long needed)
    {
        var exceeded = new MediaQuotaExceeded(UsedBytes, mediaOptions.Value.QuotaBytes, needed);
        return new MediaSaveResult(null, exceeded.Message) { OverQuota = exceeded };
    }

    public Stream? OpenRead(string relativePath) =>
        PathOf(relativePath) is { } path && File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true) : null;

    public bool Exists(string relativePath) => PathOf(relativePath) is { } path && File.Exists(path);

    public Task PutDerivedAsync(string relativePath, string localFile, CancellationToken cancellationToken)
    {
        var target = PathOf(relativePath) ?? throw new ArgumentException($"'{relativePath}' is not a name this store makes.", nameof(relativePath));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var staged = TempFile();
        File.Copy(localFile, staged);
        File.Move(staged, target, overwrite: true);
        return Task.CompletedTask;
    }

    public async Task DiscardAsync(string relativePath, CancellationToken cancellationToken)
    {
        if (PathOf(relativePath) is not { } path || !relativePath.StartsWith("originals/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relativePath}' is not an original this store made.", nameof(relativePath));
        }

        await _commit.WaitAsync(cancellationToken);
        try
        {
            var file = new FileInfo(path);
            if (file.Exists)
            {
                var size = file.Length;
                file.Delete();
                _used = Math.Max(0, UsedBytes - size);
            }
        }
        finally
        {
            _commit.Release();
        }
    }

    public int RemoveAbandonedUploads(TimeSpan age)
    {
        var folder = new DirectoryInfo(System.IO.Path.Combine(root, "tmp"));
        if (!folder.Exists)
        {
            return 0;
        }

        var removed = 0;
        foreach (var part in folder.EnumerateFiles("*.part").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow - age))
        {
            try
            {
                part.Delete();
                removed++;
            }
            catch (IOException)
            {
                // In use after all (another node sharing the folder): the next start tries again.
            }
        }

        return removed;
    }

    /// <summary>Only names this store made map to files; anything else (../, absolute paths, other names) is not found.</summary>
    private string? PathOf(string relativePath) =>
        StoredName().IsMatch(relativePath) ? System.IO.Path.Combine(root, relativePath) : null;

    private string TempFile() =>
        System.IO.Path.Combine(Directory.CreateDirectory(System.IO.Path.Combine(root, "tmp")).FullName, Guid.NewGuid().ToString("N") + ".part");

    [GeneratedRegex(@"^(originals/[0-9a-f]{2}/[0-9a-f]{64}\.(jpg|png|webp|gif|pdf|mp4)|derived/[0-9a-f]{2}/[0-9a-f]{64}(-[0-9]{1,4}\.(webp|jpg)|-failed\.json|\.json))\z")]
    private static partial Regex StoredName();
}
