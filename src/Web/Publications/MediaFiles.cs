using PromoSite.Cms.Media;

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
/// Reads through the media library's store (<see cref="IMediaStore"/>), which decides which names
/// exist and where they live, so the EPUB knows nothing of the file layout. Files over
/// <see cref="MaxBytes"/> are left out of books.
/// </summary>
internal sealed class MediaStoreFiles(IMediaStore store) : IMediaFiles
{
    /// <summary>No single image in a book may be larger; the output cache keeps responses up to 64 MB.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    public async Task<byte[]?> ReadAsync(string file, CancellationToken ct)
    {
        var relative = file.StartsWith("/media/", StringComparison.Ordinal) ? file["/media/".Length..] : file;
        await using var stored = await store.OpenReadAsync(relative, ct);
        if (stored is null || stored.Length > MaxBytes)
        {
            return null;
        }

        using var copy = new MemoryStream((int)stored.Length);
        await stored.Content.CopyToAsync(copy, ct);
        return copy.ToArray();
    }
}

/// <summary>Image formats every EPUB 3 reading system must show (core media types), told by the media library's own content check.</summary>
internal static class EpubImageTypes
{
    public static (string MediaType, string Extension)? Sniff(ReadOnlySpan<byte> bytes) =>
        MediaInspector.Detect(bytes) is { } kind && (kind == MediaInspector.Jpeg || kind == MediaInspector.Png || kind == MediaInspector.Gif)
            ? (kind.ContentType, kind.Extension)
            // WebP became a core media type only in EPUB 3.3; the epubcheck in Debian (4.2) and many
            // reading systems follow 3.2, so a WebP is left out (its alternative text stays).
            : null;
}
