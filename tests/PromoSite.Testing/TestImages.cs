using System.Buffers.Binary;
using System.Text;

namespace PromoSite.Testing;

/// <summary>Real images for media tests (made with libvips, small enough to embed), and a way to give a JPEG a GPS location.</summary>
public static class TestImages
{
    /// <summary>A 1600 × 1000 JPEG: wider than the middle derivative widths, narrower than the widest.</summary>
    public static byte[] Landscape => Read("landscape-1600x1000.jpg");

    /// <summary>A 400 × 250 PNG: narrower than every derivative width but the first.</summary>
    public static byte[] SmallPng => Read("square-ish-400x250.png");

    private static byte[] Read(string name)
    {
        using var stream = typeof(TestImages).Assembly.GetManifestResourceStream($"PromoSite.Testing.Media.{name}")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// The JPEG with an APP1 Exif segment right after its start marker, as a phone writes it (see <see cref="ExifWithGps"/>).
    /// </summary>
    public static byte[] WithGps(byte[] jpeg, (uint Deg, uint Min, uint Sec) latitude, (uint Deg, uint Min, uint Sec) longitude, bool bigEndian = false)
    {
        var tiff = ExifWithGps(latitude, longitude, bigEndian);
        var header = Encoding.ASCII.GetBytes("Exif\0\0");
        var length = 2 + header.Length + tiff.Length;
        using var result = new MemoryStream();
        result.Write(jpeg, 0, 2); // SOI
        result.Write([0xFF, 0xE1, (byte)(length >> 8), (byte)length]);
        result.Write(header);
        result.Write(tiff);
        result.Write(jpeg, 2, jpeg.Length - 2);
        return result.ToArray();
    }

    /// <summary>
    /// An Exif TIFF structure: IFD0 with Orientation 6, DateTime 2026:03:15 and a GPSInfo pointer;
    /// a GPS IFD with latitude and longitude as degrees/minutes/seconds rationals, north and east.
    /// Layout: IFD0 at 8, GPS IFD at 50, latitude at 104, longitude at 128, date text at 152.
    /// </summary>
    public static byte[] ExifWithGps((uint Deg, uint Min, uint Sec) latitude, (uint Deg, uint Min, uint Sec) longitude, bool bigEndian = false)
    {
        var tiff = new byte[172];
        var span = tiff.AsSpan();
        (bigEndian ? "MM"u8 : "II"u8).CopyTo(span);
        U16(span[2..], 42);
        U32(span[4..], 8);
        U16(span[8..], 3);
        Entry(span[10..], 0x0112, 3, 1, bigEndian ? 6u << 16 : 6u); // a SHORT sits in the first two bytes of the value field
        Entry(span[22..], 0x0132, 2, 20, 152);
        Entry(span[34..], 0x8825, 4, 1, 50);
        U16(span[50..], 4);
        Entry(span[52..], 0x0001, 2, 2, bigEndian ? (uint)'N' << 24 : 'N');
        Entry(span[64..], 0x0002, 5, 3, 104);
        Entry(span[76..], 0x0003, 2, 2, bigEndian ? (uint)'E' << 24 : 'E');
        Entry(span[88..], 0x0004, 5, 3, 128);
        Rationals(span[104..], latitude);
        Rationals(span[128..], longitude);
        "2026:03:15 08:30:00\0"u8.CopyTo(span[152..]);
        return tiff;

        void U16(Span<byte> at, ushort value)
        {
            if (bigEndian) { BinaryPrimitives.WriteUInt16BigEndian(at, value); } else { BinaryPrimitives.WriteUInt16LittleEndian(at, value); }
        }

        void U32(Span<byte> at, uint value)
        {
            if (bigEndian) { BinaryPrimitives.WriteUInt32BigEndian(at, value); } else { BinaryPrimitives.WriteUInt32LittleEndian(at, value); }
        }

        void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
        {
            U16(at, tag);
            U16(at[2..], type);
            U32(at[4..], count);
            U32(at[8..], value);
        }

        void Rationals(Span<byte> at, (uint Deg, uint Min, uint Sec) value)
        {
            uint[] parts = [value.Deg, 1, value.Min, 1, value.Sec, 1];
            for (var i = 0; i < parts.Length; i++)
            {
                U32(at[(i * 4)..], parts[i]);
            }
        }
    }
}
