using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using QRCoder;

namespace PromoSite.Cms.Sharing;

/// <summary>
/// A QR matrix as a PNG: black modules on white, quiet zone included, one bit a pixel, the same image QRCoder's
/// <c>PngByteQRCode</c> draws. That writer computes the zlib stream's Adler-32 in a C# loop over every pixel byte
/// (55 KB for a short link at 20 pixels a module): the PNG was two thirds of what an exported QR image cost, that loop
/// alone two fifths. Here the runtime's zlib compresses and checksums the pixels and System.IO.Hashing computes each
/// chunk's CRC-32, so only the three chunks' framing is written by hand.
/// </summary>
public static class QrPngWriter
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Write(QRCodeData data, int pixelsPerModule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        var modules = data.ModuleMatrix.Count;
        var size = modules * pixelsPerModule;
        var stride = (size + 7) / 8;

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            // Each scanline: filter type 0 (none), then the pixels, 1 = white in one-bit greyscale. A module row is
            // pixelsPerModule identical scanlines; the compressor turns the repeats into back-references.
            var line = new byte[1 + stride];
            for (var y = 0; y < modules; y++)
            {
                line.AsSpan(1).Fill(0xFF);
                var row = data.ModuleMatrix[y];
                for (var x = 0; x < size; x++)
                {
                    if (row[x / pixelsPerModule])
                    {
                        line[1 + (x >> 3)] &= (byte)~(0x80 >> (x & 7));
                    }
                }

                for (var repeat = 0; repeat < pixelsPerModule; repeat++)
                {
                    zlib.Write(line);
                }
            }
        }

        var png = new MemoryStream(Signature.Length + (3 * 12) + 13 + (int)pixels.Length);
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], size);
        header[8] = 1;  // bit depth
        header[9] = 0;  // colour type: greyscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering (every line says "none")
        header[12] = 0; // not interlaced
        Chunk(png, "IHDR"u8, header);
        Chunk(png, "IDAT"u8, pixels.GetBuffer().AsSpan(0, (int)pixels.Length));
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void Chunk(MemoryStream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, body.Length);
        png.Write(number);
        png.Write(type);
        png.Write(body);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(body);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        png.Write(number);
    }
}
