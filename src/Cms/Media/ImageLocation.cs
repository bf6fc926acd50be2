using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PromoSite.Cms.Media;

/// <summary>What a photo's metadata says about where and when it was taken.</summary>
public sealed record PhotoMetadata(double? Latitude, double? Longitude, DateOnly? DateTaken);

/// <summary>
/// Reads and removes the GPS location a camera or phone writes into a photo: the Exif GPS IFD (in a
/// JPEG's APP1 segment, a PNG's eXIf chunk or a WebP's EXIF chunk) and XMP packets that carry GPS
/// properties. Everything else (orientation, camera, date) is kept; in a JPEG the Exif block keeps
/// its length, with the GPS entries and their values overwritten by zeros. Written by hand because
/// no metadata library is in this machine's package mirror; every offset is bounds-checked and a
/// malformed structure leaves the file untouched.
/// </summary>
public static class ImageLocation
{
    private const ushort GpsIfdTag = 0x8825;
    private const ushort ExifIfdTag = 0x8769;
    private const ushort DateTimeTag = 0x0132;
    private const ushort DateTimeOriginalTag = 0x9003;
    private const int MaxEntries = 512;

    private static readonly byte[] ExifHeader = "Exif\0\0"u8.ToArray();
    private static readonly byte[] XmpHeader = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();

    public static PhotoMetadata Read(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            foreach (var (start, length) in ExifBlocks(bytes))
            {
                if (ReadTiff(bytes.AsSpan(start, length)) is { } metadata)
                {
                    return metadata;
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or IOException)
        {
        }

        return new PhotoMetadata(null, null, null);
    }

    /// <summary>Removes the location from the file in place; true when there was one to remove.</summary>
    public static bool StripLocation(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return false;
        }

        byte[]? result;
        try
        {
            result = IsJpeg(bytes) ? StripJpeg(bytes) : IsPng(bytes) ? StripPng(bytes) : IsWebP(bytes) ? StripWebP(bytes) : null;
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            result = null; // malformed: leave it as it is
        }

        if (result is null)
        {
            return false;
        }

        File.WriteAllBytes(path, result);
        return true;
    }

    private static bool IsJpeg(byte[] b) => b.Length > 4 && b[0] == 0xFF && b[1] == 0xD8;

    private static bool IsPng(byte[] b) => b.Length > 8 && b.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });

    private static bool IsWebP(byte[] b) => b.Length > 12 && b.AsSpan(0, 4).SequenceEqual("RIFF"u8) && b.AsSpan(8, 4).SequenceEqual("WEBP"u8);

    /// <summary>Where each Exif TIFF structure of the file starts and how long it is.</summary>
    private static IEnumerable<(int Start, int Length)> ExifBlocks(byte[] bytes)
    {
        var blocks = new List<(int, int)>();
        if (IsJpeg(bytes))
        {
            foreach (var (marker, data, length) in JpegSegments(bytes))
            {
                if (marker == 0xE1 && length > ExifHeader.Length && bytes.AsSpan(data, ExifHeader.Length).SequenceEqual(ExifHeader))
                {
                    blocks.Add((data + ExifHeader.Length, length - ExifHeader.Length));
                }
            }
        }
        else if (IsPng(bytes))
        {
            blocks.AddRange(PngChunks(bytes).Where(c => c.Type == "eXIf").Select(c => (c.Data, c.Length)));
        }
        else if (IsWebP(bytes))
        {
            foreach (var chunk in RiffChunks(bytes).Where(c => c.Type == "EXIF"))
            {
                // Some writers keep the JPEG-style "Exif\0\0" prefix inside the chunk.
                var skip = chunk.Length > ExifHeader.Length && bytes.AsSpan(chunk.Data, ExifHeader.Length).SequenceEqual(ExifHeader) ? ExifHeader.Length : 0;
                blocks.Add((chunk.Data + skip, chunk.Length - skip));
            }
        }

        return blocks;
    }

    // ---- TIFF ----

    private readonly ref struct Tiff(Span<byte> data, bool bigEndian)
    {
        public Span<byte> Data { get; } = data;

        public ushort U16(int at) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(Data.Slice(at, 2)) : BinaryPrimitives.ReadUInt16LittleEndian(Data.Slice(at, 2));

        public uint U32(int at) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Data.Slice(at, 4)) : BinaryPrimitives.ReadUInt32LittleEndian(Data.Slice(at, 4));

        public void WriteU16(int at, ushort value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(Data.Slice(at, 2), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(Data.Slice(at, 2), value);
            }
        }

        /// <summary>The offset of an IFD's entries and their count, when the IFD lies inside the data.</summary>
        public (int Entries, int Count)? Ifd(uint offset)
        {
            if (offset < 8 || offset > Data.Length - 2)
            {
                return null;
            }

            var count = U16((int)offset);
            return count > MaxEntries || offset + 2 + (count * 12L) > Data.Length ? null : ((int)offset + 2, count);
        }

        public static bool TryOpen(Span<byte> data, out Tiff tiff)
        {
            tiff = default;
            if (data.Length < 8 || !(data[..2].SequenceEqual("II"u8) || data[..2].SequenceEqual("MM"u8)))
            {
                return false;
            }

            tiff = new Tiff(data, data[0] == (byte)'M');
            return tiff.U16(2) == 42;
        }
    }

    private static (int Type, uint Count, int ValueAt, int Size)? Entry(Tiff tiff, int at)
    {
        var type = tiff.U16(at + 2);
        var count = tiff.U32(at + 4);
        var unit = type switch { 1 or 2 or 6 or 7 => 1, 3 or 8 => 2, 4 or 9 or 11 => 4, 5 or 10 or 12 => 8, _ => 0 };
        var size = unit * (long)count;
        if (unit == 0 || size > tiff.Data.Length)
        {
            return null;
        }

        var valueAt = size <= 4 ? at + 8 : (long)tiff.U32(at + 8);
        return valueAt + size > tiff.Data.Length ? null : (type, count, (int)valueAt, (int)size);
    }

    private static uint? Pointer(Tiff tiff, (int Entries, int Count) ifd, ushort tag)
    {
        for (var i = 0; i < ifd.Count; i++)
        {
            var at = ifd.Entries + (i * 12);
            if (tiff.U16(at) == tag)
            {
                return tiff.U32(at + 8);
            }
        }

        return null;
    }

    private static PhotoMetadata? ReadTiff(Span<byte> data)
    {
        if (!Tiff.TryOpen(data, out var tiff) || tiff.Ifd(tiff.U32(4)) is not { } ifd0)
        {
            return null;
        }

        double? latitude = null, longitude = null;
        if (Pointer(tiff, ifd0, GpsIfdTag) is { } gpsOffset && gpsOffset != tiff.U32(4) && tiff.Ifd(gpsOffset) is { } gps)
        {
            latitude = Coordinate(tiff, gps, 1, 2, 'S');
            longitude = Coordinate(tiff, gps, 3, 4, 'W');
        }

        var date = (Pointer(tiff, ifd0, ExifIfdTag) is { } exifOffset && exifOffset != tiff.U32(4) && tiff.Ifd(exifOffset) is { } exif ? Date(tiff, exif, DateTimeOriginalTag) : null)
            ?? Date(tiff, ifd0, DateTimeTag);
        return latitude is null && date is null ? null : new PhotoMetadata(latitude is null || longitude is null ? null : latitude, latitude is null || longitude is null ? null : longitude, date);
    }

    private static double? Coordinate(Tiff tiff, (int Entries, int Count) gps, ushort refTag, ushort valueTag, char negative)
    {
        char? reference = null;
        double? value = null;
        for (var i = 0; i < gps.Count; i++)
        {
            var at = gps.Entries + (i * 12);
            var tag = tiff.U16(at);
            if (Entry(tiff, at) is not { } entry)
            {
                continue;
            }

            if (tag == refTag && entry.Type == 2 && entry.Size >= 1)
            {
                reference = (char)tiff.Data[entry.ValueAt];
            }
            else if (tag == valueTag && entry.Type == 5 && entry.Count == 3)
            {
                value = Rational(tiff, entry.ValueAt) + (Rational(tiff, entry.ValueAt + 8) / 60) + (Rational(tiff, entry.ValueAt + 16) / 3600);
            }
        }

        if (value is not { } degrees || double.IsNaN(degrees) || degrees > 180)
        {
            return null;
        }

        return reference == negative ? -degrees : degrees;
    }

    private static double Rational(Tiff tiff, int at)
    {
        var denominator = tiff.U32(at + 4);
        return denominator == 0 ? double.NaN : tiff.U32(at) / (double)denominator;
    }

    private static DateOnly? Date(Tiff tiff, (int Entries, int Count) ifd, ushort tag)
    {
        for (var i = 0; i < ifd.Count; i++)
        {
            var at = ifd.Entries + (i * 12);
            if (tiff.U16(at) == tag && Entry(tiff, at) is { Type: 2, Size: >= 10 } entry)
            {
                var text = Encoding.ASCII.GetString(tiff.Data.Slice(entry.ValueAt, 10));
                return DateOnly.TryParseExact(text, "yyyy:MM:dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
            }
        }

        return null;
    }

    /// <summary>Zeroes the GPS IFD's entries and the values they point at, and empties it; true when it had entries.</summary>
    private static bool ZeroGps(Span<byte> data)
    {
        if (!Tiff.TryOpen(data, out var tiff) || tiff.Ifd(tiff.U32(4)) is not { } ifd0
            || Pointer(tiff, ifd0, GpsIfdTag) is not { } gpsOffset || gpsOffset == tiff.U32(4) || tiff.Ifd(gpsOffset) is not { Count: > 0 } gps)
        {
            return false;
        }

        for (var i = 0; i < gps.Count; i++)
        {
            var at = gps.Entries + (i * 12);
            if (Entry(tiff, at) is { Size: > 4 } entry && entry.ValueAt >= 8)
            {
                tiff.Data.Slice(entry.ValueAt, entry.Size).Clear();
            }
        }

        tiff.Data.Slice(gps.Entries, gps.Count * 12).Clear();
        tiff.WriteU16((int)gpsOffset, 0);
        return true;
    }

    private static bool HasGps(Span<byte> tiffData) =>
        ReadTiff(tiffData) is { Latitude: not null } || (Tiff.TryOpen(tiffData, out var tiff) && tiff.Ifd(tiff.U32(4)) is { } ifd0 && Pointer(tiff, ifd0, GpsIfdTag) is not null);

    private static bool XmpHasGps(ReadOnlySpan<byte> xmp) => xmp.IndexOf("GPSLatitude"u8) >= 0 || xmp.IndexOf("GPSLongitude"u8) >= 0;

    // ---- JPEG ----

    /// <summary>The segments before the image data: marker, where the payload starts, its length.</summary>
    private static List<(byte Marker, int Data, int Length)> JpegSegments(byte[] bytes)
    {
        var segments = new List<(byte, int, int)>();
        var at = 2;
        while (at + 4 <= bytes.Length && bytes[at] == 0xFF)
        {
            var marker = bytes[at + 1];
            if (marker is 0xDA or 0xD9)
            {
                break; // the compressed image starts: no more metadata segments
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 2, 2));
            if (length < 2 || at + 2 + length > bytes.Length)
            {
                throw new ArgumentException("A JPEG segment runs past the end of the file.");
            }

            segments.Add((marker, at + 4, length - 2));
            at += 2 + length;
        }

        return segments;
    }

    private static byte[]? StripJpeg(byte[] bytes)
    {
        var changed = false;
        var drop = new List<(int From, int Length)>();
        foreach (var (marker, data, length) in JpegSegments(bytes))
        {
            if (marker != 0xE1)
            {
                continue;
            }

            var payload = bytes.AsSpan(data, length);
            if (payload.StartsWith(ExifHeader))
            {
                changed |= ZeroGps(payload[ExifHeader.Length..]);
            }
            else if (payload.StartsWith(XmpHeader) && XmpHasGps(payload))
            {
                drop.Add((data - 4, length + 4));
            }
        }

        return drop.Count > 0 ? Without(bytes, drop) : changed ? bytes : null;
    }

    // ---- PNG ----

    private static List<(string Type, int Start, int Data, int Length)> PngChunks(byte[] bytes)
    {
        var chunks = new List<(string, int, int, int)>();
        var at = 8;
        while (at + 12 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at, 4));
            if (length > bytes.Length - at - 12)
            {
                throw new ArgumentException("A PNG chunk runs past the end of the file.");
            }

            var type = Encoding.ASCII.GetString(bytes, at + 4, 4);
            chunks.Add((type, at, at + 8, (int)length));
            at += 12 + (int)length;
            if (type == "IEND")
            {
                break;
            }
        }

        return chunks;
    }

    private static byte[]? StripPng(byte[] bytes)
    {
        var drop = PngChunks(bytes)
            .Where(c => (c.Type == "eXIf" && HasGps(bytes.AsSpan(c.Data, c.Length)))
                || (c.Type is "iTXt" or "tEXt" or "zTXt" && bytes.AsSpan(c.Data, c.Length).StartsWith("XML:com.adobe.xmp"u8) && XmpHasGps(bytes.AsSpan(c.Data, c.Length))))
            .Select(c => (c.Start, c.Length + 12))
            .ToList();
        return drop.Count > 0 ? Without(bytes, drop) : null;
    }

    // ---- WebP ----

    private static List<(string Type, int Start, int Data, int Length)> RiffChunks(byte[] bytes)
    {
        var chunks = new List<(string, int, int, int)>();
        var at = 12;
        while (at + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4, 4));
            if (length > bytes.Length - at - 8)
            {
                throw new ArgumentException("A WebP chunk runs past the end of the file.");
            }

            chunks.Add((Encoding.ASCII.GetString(bytes, at, 4), at, at + 8, (int)length));
            at += 8 + (int)length + (int)(length & 1);
        }

        return chunks;
    }

    private static byte[]? StripWebP(byte[] bytes)
    {
        var chunks = RiffChunks(bytes);
        var exif = chunks.Where(c => c.Type == "EXIF" && ExifBlocksHaveGps(bytes, c)).ToList();
        var xmp = chunks.Where(c => c.Type == "XMP " && XmpHasGps(bytes.AsSpan(c.Data, c.Length))).ToList();
        if (exif.Count + xmp.Count == 0)
        {
            return null;
        }

        var result = Without(bytes, [.. exif.Concat(xmp).Select(c => (c.Start, 8 + c.Length + (c.Length & 1)))]);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4, 4), (uint)(result.Length - 8));
        if (result.AsSpan(12, 4).SequenceEqual("VP8X"u8) && result.Length > 20)
        {
            // The extended header's flags say which metadata chunks follow: clear the ones removed.
            result[20] &= (byte)~((exif.Count > 0 ? 0x08 : 0) | (xmp.Count > 0 ? 0x04 : 0));
        }

        return result;
    }

    private static bool ExifBlocksHaveGps(byte[] bytes, (string Type, int Start, int Data, int Length) chunk)
    {
        var skip = chunk.Length > ExifHeader.Length && bytes.AsSpan(chunk.Data, ExifHeader.Length).SequenceEqual(ExifHeader) ? ExifHeader.Length : 0;
        return HasGps(bytes.AsSpan(chunk.Data + skip, chunk.Length - skip));
    }

    private static byte[] Without(byte[] bytes, List<(int From, int Length)> ranges)
    {
        using var result = new MemoryStream(bytes.Length);
        var at = 0;
        foreach (var (from, length) in ranges.OrderBy(r => r.From))
        {
            result.Write(bytes, at, from - at);
            at = from + length;
        }

        result.Write(bytes, at, bytes.Length - at);
        return result.ToArray();
    }
}
