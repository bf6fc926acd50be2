using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PromoSite.Cms.Media;

/// <summary>An upload checked, stripped and hashed in a local temporary file, ready for a store to keep under <see cref="RelativePath"/>.</summary>
public sealed record PreparedUpload(string TempFile, string Hash, MediaKind Kind, long Length, MediaInspection Inspection, PhotoMetadata? Metadata, bool LocationRemoved)
{
    public string RelativePath => $"originals/{Hash[..2]}/{Hash}{Kind.Extension}";
}

/// <summary>
/// What every store does with an upload before it keeps it, whatever holds the bytes afterwards:
/// streamed to a local temporary file (bounded by the largest accepted kind, so an endless upload
/// cannot fill the disk), inspected by content, stripped of its location, hashed. The checks need
/// a seekable local file (and libvips-free header reads), which a network body or an object store is not.
/// </summary>
public static partial class MediaIntake
{
    /// <summary>The temporary folder of uploads in progress: {data}/media/tmp for both stores, so a crash's leftovers are found at the next start.</summary>
    public static string TempFolder(string mediaRoot) => Directory.CreateDirectory(Path.Combine(mediaRoot, "tmp")).FullName;

    public static string NewTempFile(string mediaRoot) => Path.Combine(TempFolder(mediaRoot), Guid.NewGuid().ToString("N") + ".part");

    /// <summary>Writes the upload to <paramref name="temp"/> and checks it; the caller deletes the file in every case.</summary>
    public static async Task<(PreparedUpload? Prepared, string? Refusal)> PrepareAsync(Stream upload, string temp, MediaUploadOptions options, CancellationToken cancellationToken)
    {
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            var buffer = new byte[81920];
            int read;
            long length = 0;
            while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
            {
                length += read;
                if (length > MediaInspector.Mp4.MaxBytes)
                {
                    return (null, $"The file is larger than {MediaInspector.Mp4.MaxBytes / (1024 * 1024)} MB, the most any media may be.");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        var inspection = MediaInspector.Inspect(temp);
        if (!inspection.Accepted)
        {
            return (null, inspection.Refusal);
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

        return (new PreparedUpload(temp, hash, kind, new FileInfo(temp).Length, inspection, metadata, locationRemoved), null);
    }

    /// <summary>Removes what interrupted uploads left in the temporary folder once they are older than <paramref name="age"/>.</summary>
    public static int RemoveAbandoned(string mediaRoot, TimeSpan age)
    {
        var folder = new DirectoryInfo(Path.Combine(mediaRoot, "tmp"));
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

    /// <summary>Only names a store makes are names at all: ../, absolute paths and anything else are not found, in every store.</summary>
    public static bool IsStoredName(string relativePath) => StoredName().IsMatch(relativePath);

    /// <summary>The Content-Type a stored name is kept with (the /media endpoint decides what it serves by the same extension).</summary>
    public static string ContentTypeOf(string relativePath) => Path.GetExtension(relativePath) switch
    {
        ".jpg" => MediaInspector.Jpeg.ContentType,
        ".png" => MediaInspector.Png.ContentType,
        ".webp" => MediaInspector.WebP.ContentType,
        ".gif" => MediaInspector.Gif.ContentType,
        ".pdf" => MediaInspector.Pdf.ContentType,
        ".mp4" => MediaInspector.Mp4.ContentType,
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    [GeneratedRegex(@"^(originals/[0-9a-f]{2}/[0-9a-f]{64}\.(jpg|png|webp|gif|pdf|mp4)|derived/[0-9a-f]{2}/[0-9a-f]{64}(-[0-9]{1,4}\.(webp|jpg)|-failed\.json|\.json))\z")]
    private static partial Regex StoredName();
}
