using System.Security.Cryptography;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Media;

/// <summary>A stored original: its content hash names it, so the uploader's file name never becomes a path.</summary>
public sealed record StoredMedia(string Hash, string RelativePath, MediaKind Kind, long Length, int? Width, int? Height);

/// <summary>The outcome of an upload: the stored file, or why it was refused (nothing is kept then).</summary>
public sealed record MediaSaveResult(StoredMedia? Stored, string? Refusal);

/// <summary>Where media bytes live. The file-system store serves one node; a shared store can replace it for many.</summary>
public interface IMediaStore
{
    Task<MediaSaveResult> SaveAsync(Stream upload, CancellationToken cancellationToken);

    Stream? OpenRead(string relativePath);
}

/// <summary>
/// Keeps originals under {data}/media/originals/{hash[0..2]}/{hash}{ext}. An upload is streamed to a
/// temporary file in the same folder tree (so the final move is an atomic rename on the same
/// volume), inspected by content, then moved; on refusal, failure or cancellation the temporary
/// file is deleted, so nothing half-written stays behind.
/// </summary>
public sealed class FileSystemMediaStore(DataFolder data) : IMediaStore
{
    private readonly string root = System.IO.Path.Combine(data.Path, "media");

    public async Task<MediaSaveResult> SaveAsync(Stream upload, CancellationToken cancellationToken)
    {
        var temp = System.IO.Path.Combine(Directory.CreateDirectory(System.IO.Path.Combine(root, "tmp")).FullName, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            string hash;
            long length;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                length = 0;
                while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    // The largest accepted kind bounds the stream, so an endless upload cannot fill the disk.
                    if (length > MediaInspector.Mp4.MaxBytes)
                    {
                        return new MediaSaveResult(null, $"The file is larger than {MediaInspector.Mp4.MaxBytes / (1024 * 1024)} MB, the most any media may be.");
                    }

                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            }

            var inspection = MediaInspector.Inspect(temp);
            if (!inspection.Accepted)
            {
                return new MediaSaveResult(null, inspection.Refusal);
            }

            var kind = inspection.Kind!;
            var relative = $"originals/{hash[..2]}/{hash}{kind.Extension}";
            var target = System.IO.Path.Combine(root, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            // Same bytes, same name: an identical upload reuses the stored file.
            if (!File.Exists(target))
            {
                File.Move(temp, target);
            }

            return new MediaSaveResult(new StoredMedia(hash, relative, kind, length, inspection.Width, inspection.Height), null);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Stream? OpenRead(string relativePath)
    {
        // Only names this store made are served; anything else (../, absolute paths) is not found.
        if (!System.Text.RegularExpressions.Regex.IsMatch(relativePath, "^originals/[0-9a-f]{2}/[0-9a-f]{64}\\.(jpg|png|webp|gif|pdf|mp4)$"))
        {
            return null;
        }

        var path = System.IO.Path.Combine(root, relativePath);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }
}
