using System.Text.RegularExpressions;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Publications;

/// <summary>
/// The bytes behind a media item's File field, when they exist. A seam rather than a store: the
/// media library (issue #6) owns uploads and storage; the EPUB only needs to read a file it names,
/// and must carry on without images when there is none (the sample content has none today).
/// </summary>
public interface IMediaFiles
{
    /// <param name="file">The media item's File value ("originals/ab/….jpg") or its public URL ("/media/originals/…").</param>
    Task<byte[]?> ReadAsync(string file, CancellationToken ct);
}

/// <summary>
/// Reads files where the media library keeps them: {data}/media/originals/{hash[0..2]}/{hash}.{ext}.
/// Only names of that shape are read, so a File value can never reach outside the media folder.
/// When the media library's store is merged, this can delegate to it instead.
/// </summary>
internal sealed partial class DataFolderMediaFiles(DataFolder data) : IMediaFiles
{
    /// <summary>No single image in a book may be larger; the output cache keeps responses up to 64 MB.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    public async Task<byte[]?> ReadAsync(string file, CancellationToken ct)
    {
        var relative = file.StartsWith("/media/", StringComparison.Ordinal) ? file["/media/".Length..] : file;
        if (!StoredName().IsMatch(relative))
        {
            return null;
        }

        var path = Path.Combine(data.Path, "media", relative);
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxBytes)
        {
            return null;
        }

        return await File.ReadAllBytesAsync(path, ct);
    }

    [GeneratedRegex("^originals/[0-9a-f]{2}/[0-9a-f]{64}\\.(jpg|jpeg|png|gif|webp)$")]
    private static partial Regex StoredName();
}

/// <summary>Image formats every EPUB 3 reading system must show (core media types), recognised by their first bytes.</summary>
internal static class EpubImageTypes
{
    public static (string MediaType, string Extension)? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ("image/jpeg", ".jpg");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", ".png");
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return ("image/gif", ".gif");
        }

        // WebP became a core media type only in EPUB 3.3; the epubcheck in Debian (4.2) and many
        // reading systems follow 3.2, so a WebP is left out (its alternative text stays).
        return null;
    }
}
