using System.Buffers.Binary;
using System.Text;

namespace PromoSite.Cms.Media;

/// <summary>What an uploaded file really is, decided from its bytes; never from its name or declared type.</summary>
public sealed record MediaKind(string Name, string ContentType, string Extension, long MaxBytes, bool IsImage);

/// <summary>The verdict on an upload: either a kind (with pixel size for images) or the reason it was refused.</summary>
public sealed record MediaInspection(MediaKind? Kind, int? Width, int? Height, string? Refusal)
{
    public bool Accepted => Refusal is null;

    public static MediaInspection Refuse(string why) => new(null, null, null, why);
}

/// <summary>
/// Checks an upload by content. Only JPEG, PNG, WebP, GIF, PDF and MP4 are accepted. SVG is refused
/// outright: it is a script-capable XML document, and sanitising it safely needs an HTML/SVG
/// sanitiser this project does not have (HtmlSanitizer is not in the package mirror). Image
/// dimensions are read from the header before anything decodes the pixels, so a small file that
/// would expand to gigabytes (a "decompression bomb") is refused without being decoded.
/// </summary>
public static class MediaInspector
{
    public const long MaxPixels = 40_000_000;

    public static readonly MediaKind Jpeg = new("JPEG", "image/jpeg", ".jpg", 20 * 1024 * 1024, true);
    public static readonly MediaKind Png = new("PNG", "image/png", ".png", 20 * 1024 * 1024, true);
    public static readonly MediaKind WebP = new("WebP", "image/webp", ".webp", 20 * 1024 * 1024, true);
    public static readonly MediaKind Gif = new("GIF", "image/gif", ".gif", 10 * 1024 * 1024, true);
    public static readonly MediaKind Pdf = new("PDF", "application/pdf", ".pdf", 100 * 1024 * 1024, false);
    public static readonly MediaKind Mp4 = new("MP4", "video/mp4", ".mp4", 200 * 1024 * 1024, false);

    /// <summary>How many leading bytes are read for detection and the polyglot check.</summary>
    public const int HeadLength = 64 * 1024;

    /// <summary>Markup that browsers sniff as HTML: a "JPEG" carrying it is a polyglot and is refused.</summary>
    private static readonly string[] MarkupSigns = ["<html", "<script", "<svg", "<!doctype", "<iframe", "<body", "<?xml"];

    public static MediaInspection Inspect(string path)
    {
        using var stream = File.OpenRead(path);
        return Inspect(stream);
    }

    /// <summary>Inspects a seekable stream from its start: the first 64 KB and the last 16 bytes.</summary>
    public static MediaInspection Inspect(Stream stream)
    {
        var length = stream.Length;
        var head = new byte[(int)Math.Min(HeadLength, length)];
        stream.ReadExactly(head);
        var tail = new byte[(int)Math.Min(16, length)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        return Inspect(head, tail, length);
    }

    /// <summary>As <see cref="Inspect(Stream)"/>, reading asynchronously (a store's stream may be a network read).</summary>
    public static async Task<MediaInspection> InspectAsync(Stream stream, CancellationToken ct)
    {
        var length = stream.Length;
        var head = new byte[(int)Math.Min(HeadLength, length)];
        await stream.ReadExactlyAsync(head, ct);
        var tail = new byte[(int)Math.Min(16, length)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        await stream.ReadExactlyAsync(tail, ct);
        return Inspect(head, tail, length);
    }

    public static MediaInspection Inspect(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long length)
    {
        if (length == 0)
        {
            return MediaInspection.Refuse("The file is empty.");
        }

        var kind = Detect(head);
        if (kind is null)
        {
            return MediaInspection.Refuse(LooksLikeMarkup(head)
                ? "SVG, HTML and XML files are refused: they can carry scripts. Upload a JPEG, PNG, WebP or GIF instead."
                : "This file type is not accepted (only JPEG, PNG, WebP, GIF, PDF and MP4, recognised by their content, not their name).");
        }

        if (length > kind.MaxBytes)
        {
            return MediaInspection.Refuse($"{kind.Name} files may be at most {kind.MaxBytes / (1024 * 1024)} MB; this one is {length / (1024.0 * 1024):0.#} MB.");
        }

        if (kind.IsImage && LooksLikeMarkup(head))
        {
            return MediaInspection.Refuse($"The file starts as a {kind.Name} but contains HTML or script markup (a polyglot file); it is refused.");
        }

        if (!IsComplete(kind, tail))
        {
            return MediaInspection.Refuse($"The {kind.Name} file is truncated (its end marker is missing); upload the whole file again.");
        }

        if (!kind.IsImage)
        {
            return new MediaInspection(kind, null, null, null);
        }

        var size = ReadDimensions(kind, head);
        if (size is not var (width, height) || width <= 0 || height <= 0)
        {
            return MediaInspection.Refuse($"The {kind.Name} header has no readable width and height; the file is damaged.");
        }

        if ((long)width * height > MaxPixels)
        {
            return MediaInspection.Refuse($"The image is {width} × {height} pixels, more than the {MaxPixels / 1_000_000} megapixels allowed.");
        }

        return new MediaInspection(kind, width, height, null);
    }

    public static MediaKind? Detect(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) return Jpeg;
        if (h.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (h.Length >= 12 && h[..4].SequenceEqual("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8)) return WebP;
        if (h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8)) return Gif;
        if (h.StartsWith("%PDF-"u8)) return Pdf;
        if (h.Length >= 12 && h[4..8].SequenceEqual("ftyp"u8)) return Mp4;
        return null;
    }

    private static bool LooksLikeMarkup(ReadOnlySpan<byte> head)
    {
        // Latin-1 keeps one char per byte, so binary data cannot hide a marker behind a decoding error.
        var text = Encoding.Latin1.GetString(head);
        foreach (var sign in MarkupSigns)
        {
            if (text.Contains(sign, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsComplete(MediaKind kind, ReadOnlySpan<byte> tail)
    {
        if (kind == Jpeg)
        {
            // Some cameras pad after EOI; accept the marker anywhere in the last bytes.
            return tail.IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0;
        }

        if (kind == Png)
        {
            return tail.IndexOf("IEND"u8) >= 0;
        }

        if (kind == Gif)
        {
            return tail.Length > 0 && tail[^1] == 0x3B;
        }

        if (kind == Pdf)
        {
            return tail.IndexOf("%%EOF"u8) >= 0;
        }

        return true;
    }

    private static (int Width, int Height)? ReadDimensions(MediaKind kind, ReadOnlySpan<byte> h)
    {
        if (kind == Png)
        {
            return h.Length >= 24 && h[12..16].SequenceEqual("IHDR"u8)
                ? ((int)BinaryPrimitives.ReadUInt32BigEndian(h[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(h[20..]))
                : null;
        }

        if (kind == Gif)
        {
            return h.Length >= 10 ? (BinaryPrimitives.ReadUInt16LittleEndian(h[6..]), BinaryPrimitives.ReadUInt16LittleEndian(h[8..])) : null;
        }

        if (kind == WebP)
        {
            return ReadWebP(h);
        }

        return kind == Jpeg ? ReadJpeg(h) : null;
    }

    private static (int, int)? ReadWebP(ReadOnlySpan<byte> h)
    {
        if (h.Length < 30) return null;
        var chunk = h[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return (1 + (h[24] | h[25] << 8 | h[26] << 16), 1 + (h[27] | h[28] << 8 | h[29] << 16));
        }

        if (chunk.SequenceEqual("VP8L"u8) && h[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(h[21..]);
            return (1 + (int)(bits & 0x3FFF), 1 + (int)((bits >> 14) & 0x3FFF));
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(h[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(h[28..]) & 0x3FFF);
        }

        return null;
    }

    private static (int, int)? ReadJpeg(ReadOnlySpan<byte> h)
    {
        var i = 2;
        while (i + 9 < h.Length)
        {
            if (h[i] != 0xFF) return null;
            var marker = h[i + 1];
            if (marker == 0xFF) { i++; continue; }
            var segment = BinaryPrimitives.ReadUInt16BigEndian(h[(i + 2)..]);
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(h[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(h[(i + 5)..]));
            }

            i += 2 + segment;
        }

        return null;
    }
}
