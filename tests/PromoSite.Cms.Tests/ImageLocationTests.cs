using System.Buffers.Binary;
using System.Text;
using PromoSite.Cms.Media;
using PromoSite.Testing;
using Xunit;

namespace PromoSite.Cms.Tests;

/// <summary>A photo's GPS location is read and removed by hand-written Exif/XMP handling; hostile files are left alone.</summary>
public sealed class ImageLocationTests : IDisposable
{
    private readonly string _folder = TestFolders.NewFolder("exif");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(byte[] bytes, string name = "photo.jpg")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_jpegs_location_is_read_then_zeroed_in_place_keeping_the_date_the_orientation_and_the_length(bool bigEndian)
    {
        var original = TestImages.WithGps(TestImages.Landscape, (10, 57, 0), (106, 49, 30), bigEndian);
        var path = Write(original);

        var before = ImageLocation.Read(path);
        Assert.Equal(10.95, before.Latitude!.Value, 6);
        Assert.Equal(106 + (49 / 60.0) + (30 / 3600.0), before.Longitude!.Value, 6);
        Assert.Equal(new DateOnly(2026, 3, 15), before.DateTaken);

        Assert.True(ImageLocation.StripLocation(path));

        var after = File.ReadAllBytes(path);
        Assert.Equal(original.Length, after.Length);
        Assert.Equal(new PhotoMetadata(null, null, new DateOnly(2026, 3, 15)), ImageLocation.Read(path));
        // IFD0 (orientation, date, the pointer) is untouched; the GPS IFD and its rationals are zeros.
        const int tiff = 2 + 4 + 6;
        Assert.Equal(original.AsSpan(tiff, 50).ToArray(), after.AsSpan(tiff, 50).ToArray());
        Assert.All(after.AsSpan(tiff + 50, 104 - 50 + 48).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(original.AsSpan(tiff + 172).ToArray(), after.AsSpan(tiff + 172).ToArray()); // the image itself
        Assert.False(ImageLocation.StripLocation(path)); // nothing left to remove
    }

    [Fact]
    public void An_xmp_packet_with_gps_is_dropped_from_a_jpeg_and_other_segments_stay()
    {
        var xmp = Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude=\"10,57.0N\" exif:GPSLongitude=\"106,49.5E\"/></x:xmpmeta>");
        var jpeg = TestImages.Landscape;
        var withXmp = new List<byte>(jpeg[..2]) { 0xFF, 0xE1, (byte)((xmp.Length + 2) >> 8), (byte)(xmp.Length + 2) };
        withXmp.AddRange(xmp);
        withXmp.AddRange(jpeg[2..]);
        var path = Write([.. withXmp]);

        Assert.True(ImageLocation.StripLocation(path));

        Assert.Equal(jpeg, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_pngs_exif_chunk_with_gps_is_dropped()
    {
        var png = TestImages.SmallPng;
        var exif = TestImages.ExifWithGps((10, 57, 0), (106, 49, 0));
        var chunk = new byte[12 + exif.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)exif.Length);
        "eXIf"u8.CopyTo(chunk.AsSpan(4));
        exif.CopyTo(chunk, 8);
        const int afterHeader = 8 + 25; // signature, IHDR
        var path = Write([.. png[..afterHeader], .. chunk, .. png[afterHeader..]], "photo.png");
        Assert.Equal(10.95, ImageLocation.Read(path).Latitude!.Value, 6);

        Assert.True(ImageLocation.StripLocation(path));

        Assert.Equal(png, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_webps_exif_chunk_with_gps_is_dropped_and_the_riff_size_and_flags_follow()
    {
        var exif = TestImages.ExifWithGps((10, 57, 0), (106, 49, 0));
        var vp8x = new byte[] { (byte)'V', (byte)'P', (byte)'8', (byte)'X', 10, 0, 0, 0, 0x08 | 0x10, 0, 0, 0, 7, 0, 0, 7, 0, 0 };
        var image = "VP8L"u8.ToArray().Concat(new byte[] { 4, 0, 0, 0, 1, 2, 3, 4 }).ToArray();
        var exifChunk = "EXIF"u8.ToArray().Concat(BitConverter.GetBytes(exif.Length)).Concat(exif).ToArray();
        byte[] Riff(params byte[][] chunks)
        {
            var body = "WEBP"u8.ToArray().Concat(chunks.SelectMany(c => c)).ToArray();
            return [.. "RIFF"u8, .. BitConverter.GetBytes(body.Length), .. body];
        }

        var path = Write(Riff(vp8x, exifChunk, image), "photo.webp");
        Assert.Equal(106 + (49 / 60.0), ImageLocation.Read(path).Longitude!.Value, 6);

        Assert.True(ImageLocation.StripLocation(path));

        var expected = Riff(vp8x, image);
        expected[20] = 0x10; // the EXIF flag cleared, the alpha flag kept
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    public static TheoryData<string, byte[]> Hostile()
    {
        var good = TestImages.WithGps(TestImages.Landscape, (10, 57, 0), (106, 49, 0));
        const int tiff = 2 + 4 + 6;
        var outside = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(outside.AsSpan(tiff + 34 + 8), 0x7FFF_FFF0); // GPS IFD far past the end
        var selfLoop = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(selfLoop.AsSpan(tiff + 34 + 8), 8); // GPS IFD is IFD0 itself
        var hugeCount = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(hugeCount.AsSpan(tiff + 50), 0xFFFF);
        var truncated = good[..(tiff + 60)];
        var segmentTooLong = (byte[])good.Clone();
        segmentTooLong[4] = 0xFF;
        segmentTooLong[5] = 0xFF;
        return new()
        {
            { "GPS IFD outside the block", outside },
            { "GPS IFD pointing at IFD0", selfLoop },
            { "65535 GPS entries", hugeCount },
            { "file cut inside the Exif block", truncated },
            { "segment longer than the file", segmentTooLong },
            { "no Exif at all", TestImages.Landscape },
            { "not an image", "GIF89a"u8.ToArray() },
        };
    }

    [Theory, MemberData(nameof(Hostile))]
    public void A_malformed_or_location_free_file_is_left_exactly_as_it_was(string why, byte[] bytes)
    {
        var path = Write(bytes);

        var read = ImageLocation.Read(path);
        var stripped = ImageLocation.StripLocation(path);

        Assert.False(stripped, why);
        Assert.Null(read.Latitude);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_gps_block_whose_latitude_points_outside_the_file_is_still_emptied_rather_than_left()
    {
        var bytes = TestImages.WithGps(TestImages.Landscape, (10, 57, 0), (106, 49, 0));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2 + 4 + 6 + 64 + 8), 0x7FFF_FF00);
        var path = Write(bytes);

        Assert.True(ImageLocation.StripLocation(path));

        Assert.Equal(bytes.Length, File.ReadAllBytes(path).Length);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(File.ReadAllBytes(path).AsSpan(2 + 4 + 6 + 50))); // no GPS entries left
    }

    [Fact]
    public async Task The_store_strips_the_location_before_hashing_unless_asked_to_keep_it()
    {
        var data = new Storage.DataFolder(TestFolders.NewFolder("data"));
        var store = new FileSystemMediaStore(data);
        var located = TestImages.WithGps(TestImages.Landscape, (10, 57, 0), (106, 49, 0));

        var stripped = (await store.SaveAsync(new MemoryStream(located), new MediaUploadOptions(KeepLocation: false), CancellationToken.None)).Stored!;
        var kept = (await store.SaveAsync(new MemoryStream(located), new MediaUploadOptions(KeepLocation: true), CancellationToken.None)).Stored!;

        Assert.True(stripped.LocationRemoved);
        Assert.Null(stripped.Metadata!.Latitude);
        Assert.Equal(new DateOnly(2026, 3, 15), stripped.Metadata.DateTaken);
        Assert.False(kept.LocationRemoved);
        Assert.Equal(10.95, kept.Metadata!.Latitude!.Value, 6);
        Assert.NotEqual(stripped.Hash, kept.Hash);
        await using var file = (await store.OpenReadAsync(stripped.RelativePath, CancellationToken.None))!;
        Assert.Equal(Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(file.Content)), stripped.Hash);
    }
}
