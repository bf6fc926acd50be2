using System.IO.Compression;
using System.Security.Cryptography;

namespace PromoSite.Web.Export;

/// <summary>
/// Addresses to files and files to disk. Slugs are data: a path becomes a file name only through
/// <see cref="FileFor"/>, which refuses anything that could leave the export folder, and every file is
/// written as a new file (write beside, then rename), never into an existing one, because the
/// existing one may be a hard link shared with the live export.
/// </summary>
internal static class ExportFiles
{
    private static readonly string[] TextTypes =
        ["text/", "application/xml", "application/atom+xml", "application/json", "application/manifest+json", "application/javascript", "image/svg+xml"];

    public static bool IsText(string? contentType) =>
        contentType is not null && TextTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The file (relative, with /) that answers a path: "/vi/" → vi/index.html, "/vi/news/x" → vi/news/x.html,
    /// "/sitemap.xml" → sitemap.xml; a query (?page=2) is kept in the name (vi/news/index@page=2.html), as the
    /// nginx block looks it up. Null for anything that is not a plain, safe path.
    /// </summary>
    public static string? FileFor(string pathAndQuery)
    {
        var (path, query) = pathAndQuery.Split('?', 2) is [var p, var q] ? (p, q) : (pathAndQuery, "");
        if (!path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal)
            || path.Contains("//", StringComparison.Ordinal) || (query.Length > 0 && !query.All(c => char.IsAsciiLetterOrDigit(c) || c is '=' or '&' or '-' or '_' or '.' or '%')))
        {
            return null;
        }

        var segments = path[1..].Split('/');
        if (segments.Any(s => s is "." or ".." || s.StartsWith('.') || s.Any(char.IsControl)) || segments[0] is "_status" or "_nginx")
        {
            return null;
        }

        var suffix = query.Length > 0 ? "@" + query : "";
        var last = segments[^1];
        if (last.Length == 0)
        {
            return path[1..] + "index" + suffix + ".html";
        }

        if (last.Contains('.', StringComparison.Ordinal))
        {
            return query.Length > 0 ? null : path[1..];
        }

        return path[1..] + suffix + ".html";
    }

    /// <summary>The full path of a relative file in a folder, or an exception when it would lie outside it.</summary>
    public static string Inside(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{relative}' would be written outside the export.");
        }

        return full;
    }

    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Writes the file, and for text its .br and .gz, each as a new file (temp, then rename).</summary>
    public static void Write(string root, string relative, ReadOnlyMemory<byte> bytes, bool compress, FolderCache? folders = null)
    {
        var full = Inside(root, relative);
        (folders ?? new FolderCache()).Ensure(Path.GetDirectoryName(full)!);
        WriteNew(full, bytes.Span);
        if (!compress)
        {
            return;
        }

        WriteBrotli(full, relative, bytes.Span);
        WriteGzip(full, bytes.Span);
    }

    private static void WriteBrotli(string full, string relative, ReadOnlySpan<byte> bytes)
    {
        // Quality 5: measured on an export's HTML and XML, the same size as 6 (25.8 % of the original) in two thirds of
        // the time; 11, what a build step would choose, takes many times longer for a few per cent (docs/export.md).
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(bytes.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(bytes, buffer, out var written, quality: 5, window: 22))
            {
                throw new InvalidOperationException($"Brotli could not compress {relative}.");
            }

            WriteNew(full + ".br", buffer.AsSpan(0, written));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteGzip(string full, ReadOnlySpan<byte> bytes)
    {
        using var gzipped = new MemoryStream(bytes.Length / 3 + 64);
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        WriteNew(full + ".gz", gzipped.GetBuffer().AsSpan(0, (int)gzipped.Length));
    }

    private static readonly string[] WithCompressed = ["", ".br", ".gz"];
    private static readonly string[] Alone = [""];

    /// <summary>
    /// Hard-links a file (and its .br/.gz) of the previous export into the new one: unchanged, so not rewritten.
    /// One link(2) per file and one mkdir per folder (<paramref name="folders"/>): an incremental run makes tens
    /// of thousands of these, and a stat before each link doubled their cost.
    /// </summary>
    public static bool TryLink(string fromRoot, string toRoot, string relative, bool compressed, FolderCache? folders = null)
    {
        var source = Inside(fromRoot, relative);
        var target = Inside(toRoot, relative);
        (folders ?? new FolderCache()).Ensure(Path.GetDirectoryName(target)!);
        foreach (var suffix in compressed ? WithCompressed : Alone)
        {
            if (!HardLinks.TryCreate(source + suffix, target + suffix))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A new file in one open (O_CREAT|O_EXCL), one write and one close: the export's folder is new, so the name is
    /// almost always free, and an open that would reuse an existing file (a hard link shared with the live
    /// export) fails instead. Only then is it written beside and renamed over the name, replacing the link, not
    /// its bytes. (Writing beside and renaming every file cost a sixth of writing an export.)
    /// </summary>
    private static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var created = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            RandomAccess.Write(created, bytes, fileOffset: 0);
            return;
        }
        catch (IOException) when (File.Exists(path))
        {
        }

        var temporary = path + ".tmp-" + Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, bytes, fileOffset: 0);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>Folders already made in an export being written, each made once (mkdir is a system call per file otherwise).</summary>
internal sealed class FolderCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<bool>> _made = new(StringComparer.Ordinal);

    public void Ensure(string folder) => _ = _made.GetOrAdd(folder, f => new Lazy<bool>(() => Directory.CreateDirectory(f).Exists)).Value;
}

/// <summary>
/// link(2) and rename(2): .NET has no hard links, and File.Move looks through a symbolic link to a
/// folder (and refuses it as "not a file") where the export needs the link itself renamed.
/// </summary>
internal static class HardLinks
{
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the project for two calls
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string existing,
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string created);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string from,
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string to);
#pragma warning restore SYSLIB1054

    /// <summary>Renames a path over another in one step (the other, a symbolic link, is replaced, not followed).</summary>
    public static void Replace(string from, string to)
    {
        if (Rename(from, to) != 0)
        {
            throw new IOException($"Could not rename {from} to {to} (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>Links <paramref name="existing"/> as <paramref name="created"/>; false when there is no such file to link.</summary>
    public static bool TryCreate(string existing, string created)
    {
        if (Link(existing, created) == 0)
        {
            return true;
        }

        if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == 2 && !File.Exists(existing)) // ENOENT
        {
            return false;
        }

        Create(existing, created);
        return true;
    }

    public static void Create(string existing, string created)
    {
        if (Link(existing, created) != 0)
        {
            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (error == 17 && File.Exists(created)) // EEXIST: replace it (a file of an earlier attempt in this folder)
            {
                File.Delete(created);
                if (Link(existing, created) == 0)
                {
                    return;
                }
            }

            // Another file system, or none that links: copy instead (slower, same result).
            File.Copy(existing, created, overwrite: true);
        }
    }
}
