using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using PromoSite.Cms.Sharing;
using QRCoder;

namespace PromoSite.Cms.Tests;

/// <summary>
/// The QR PNG writer against the PNG format (signature, chunk lengths and CRCs, header, zlib pixels) and against the
/// image QRCoder's own PNG writer draws: the same pixels, read back from both files.
/// </summary>
public sealed class QrPngWriterTests
{
    [Theory]
    [InlineData("HTTPS://DONGNAI.EXAMPLE/S/L83BP", 20)]
    [InlineData("HTTPS://INVEST.DONGNAI.EXAMPLE/S/7KQ2M", 5)]
    [InlineData("otpauth://totp/PromoSite:officer@dongnai.gov.vn?secret=JBSWY3DPEHPK3PXP&issuer=PromoSite", 3)]
    public void A_QR_PNG_is_a_valid_one_bit_greyscale_PNG_with_the_pixels_QRCoder_draws(string url, int pixelsPerModule)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);

        var ours = Decode(QrPngWriter.Write(data, pixelsPerModule));
        var library = Decode(new PngByteQRCode(data).GetGraphic(pixelsPerModule));

        var size = data.ModuleMatrix.Count * pixelsPerModule;
        Assert.Equal((size, size, (byte)1, (byte)0), (ours.Width, ours.Height, ours.BitDepth, ours.ColourType));
        Assert.Equal((library.Width, library.Height), (ours.Width, ours.Height));
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var black = data.ModuleMatrix[y / pixelsPerModule][x / pixelsPerModule];
                Assert.True(ours.IsBlack(x, y) == black, $"pixel ({x}, {y}) should be {(black ? "black" : "white")}");
                Assert.Equal(library.IsBlack(x, y), ours.IsBlack(x, y));
            }
        }
    }

    [Fact]
    public void A_pixel_size_under_one_is_refused()
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode("HTTPS://DONGNAI.EXAMPLE/S/L83BP", QRCodeGenerator.ECCLevel.Q);
        Assert.Throws<ArgumentOutOfRangeException>(() => QrPngWriter.Write(data, 0));
    }

    private sealed record Image(int Width, int Height, byte BitDepth, byte ColourType, byte[][] Lines)
    {
        // One-bit greyscale: 0 is black.
        public bool IsBlack(int x, int y) => (Lines[y][x >> 3] & (0x80 >> (x & 7))) == 0;
    }

    /// <summary>Reads a non-interlaced one-bit PNG whose lines are unfiltered, checking every chunk's CRC.</summary>
    private static Image Decode(byte[] png)
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        var offset = 8;
        byte[]? header = null;
        using var idat = new MemoryStream();
        var ended = false;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var body = png.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc32.HashToUInt32(png.AsSpan(offset + 4, 4 + length)), crc);
            switch (type)
            {
                case "IHDR": header = body.ToArray(); break;
                case "IDAT": idat.Write(body); break;
                case "IEND": ended = true; break;
            }

            offset += 12 + length;
        }

        Assert.True(ended, "the PNG ends with IEND");
        Assert.NotNull(header);
        var width = BinaryPrimitives.ReadInt32BigEndian(header);
        var height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        Assert.Equal(0, header[12]); // not interlaced

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw); // ZLibStream checks the Adler-32 at the end of the stream
        var stride = ((width * header[8]) + 7) / 8;
        Assert.Equal(height * (1 + stride), raw.Length);
        var lines = raw.ToArray().Chunk(1 + stride).Select(line =>
        {
            Assert.Equal(0, line[0]); // filter: none
            return line[1..];
        }).ToArray();
        return new Image(width, height, header[8], header[9], lines);
    }
}
