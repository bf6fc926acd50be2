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

/// <summary>
/// An original or a derivative opened for reading: its bytes (seekable, so ranges can be served;
/// an object store's are fetched only as they are read), its length and when it was stored.
/// </summary>
public sealed record MediaObject(Stream Content, long Length, DateTimeOffset LastModified) : IDisposable, IAsyncDisposable
{
    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>
/// The media store could not be reached or refused the request (an S3 endpoint down, too slow,
/// or refusing the credentials). Uploads answer 503 with this message; /media answers 503.
/// </summary>
public sealed class MediaStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Where media bytes live: the data folder (<see cref="FileSystemMediaStore"/>, one node or a
/// shared filesystem) or an S3-compatible bucket (<see cref="S3MediaStore"/>, any number of nodes),
/// chosen by Media:Store. Names are the ones the store makes (see <see cref="MediaIntake.IsStoredName"/>).
/// </summary>
public interface IMediaStore
{
    Task<MediaSaveResult> SaveAsync(Stream upload, MediaUploadOptions options, CancellationToken cancellationToken);

    /// <summary>Opens an original or a derivative by the name this store gave it; null for any other name and for one that is not there.</summary>
    Task<MediaObject?> OpenReadAsync(string relativePath, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string relativePath, CancellationToken cancellationToken);

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

    /// <summary>The quota refusal both stores give: nothing is stored, and the administrator is told what to raise.</summary>
    internal static MediaSaveResult OverQuota(long used, long quota, long needed)
    {
        var exceeded = new MediaQuotaExceeded(used, quota, needed);
        return new MediaSaveResult(null, exceeded.Message) { OverQuota = exceeded };
    }
}

/// <summary>
/// Keeps originals under {data}/media/originals/{hash[0..2]}/{hash}{ext} and derivatives under
/// {data}/media/derived/. An upload is streamed to a temporary file in the same folder tree (so the
/// final move is an atomic rename on the same volume), inspected by content, stripped of its
/// location, hashed (<see cref="MediaIntake"/>), then moved; on refusal, failure or cancellation the
/// temporary file is deleted, so nothing half-written stays behind. The originals' total size is held
/// against Media:QuotaBytes: counted once from the folder, then kept by adding each new file (files
/// are never deleted, since earlier revisions keep pointing at a replaced file; an identical upload
/// adds nothing). Derivatives are not counted: they are made from the originals and are a fraction of them.
/// </summary>
public sealed class FileSystemMediaStore(DataFolder data, Microsoft.Extensions.Options.IOptions<MediaOptions> mediaOptions) : IMediaStore
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
        var temp = MediaIntake.NewTempFile(root);
        try
        {
            var (prepared, refusal) = await MediaIntake.PrepareAsync(upload, temp, options, cancellationToken);
            if (prepared is null)
            {
                return new MediaSaveResult(null, refusal);
            }

            // On disk before it gets its name and before the caller records it: after a power loss an
            // item must not name a file whose bytes were still in the page cache.
            await using (var durable = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                durable.Flush(flushToDisk: true);
            }

            var relative = prepared.RelativePath;
            var target = System.IO.Path.Combine(root, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            bool isNew;
            // The quota is checked here, once the name is known: an identical upload needs no room.
            // The check and the move are one step, so two uploads cannot both take the last space.
            await _commit.WaitAsync(cancellationToken);
            try
            {
                // Same bytes, same name: an identical upload reuses the stored file (and needs no space).
                isNew = !File.Exists(target);
                if (isNew)
                {
                    var size = prepared.Length;
                    if (UsedBytes + size > mediaOptions.Value.QuotaBytes)
                    {
                        return MediaStoreExtensions.OverQuota(UsedBytes, mediaOptions.Value.QuotaBytes, size);
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
            return new MediaSaveResult(new StoredMedia(prepared.Hash, relative, prepared.Kind, storedLength, prepared.Inspection.Width, prepared.Inspection.Height)
            {
                Metadata = prepared.Metadata,
                LocationRemoved = prepared.LocationRemoved,
                New = isNew,
            }, null);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<MediaObject?> OpenReadAsync(string relativePath, CancellationToken cancellationToken)
    {
        if (PathOf(relativePath) is not { } path)
        {
            return Task.FromResult<MediaObject?>(null);
        }

        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            return Task.FromResult<MediaObject?>(new MediaObject(stream, stream.Length, File.GetLastWriteTimeUtc(path)));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<MediaObject?>(null);
        }
    }

    public Task<bool> ExistsAsync(string relativePath, CancellationToken cancellationToken) =>
        Task.FromResult(PathOf(relativePath) is { } path && File.Exists(path));

    public Task PutDerivedAsync(string relativePath, string localFile, CancellationToken cancellationToken)
    {
        var target = PathOf(relativePath) ?? throw new ArgumentException($"'{relativePath}' is not a name this store makes.", nameof(relativePath));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var staged = MediaIntake.NewTempFile(root);
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

    public int RemoveAbandonedUploads(TimeSpan age) => MediaIntake.RemoveAbandoned(root, age);

    /// <summary>Only names this store made map to files; anything else (../, absolute paths, other names) is not found.</summary>
    private string? PathOf(string relativePath) =>
        MediaIntake.IsStoredName(relativePath) ? System.IO.Path.Combine(root, relativePath) : null;
}
