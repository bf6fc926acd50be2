using System.Buffers.Binary;
using System.Text;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;
using Xunit;

namespace PromoSite.Cms.Tests;

/// <summary>Hostile uploads are refused by content with a reason, and nothing stays in the data folder.</summary>
public sealed class MediaUploadTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "media-tests-" + Guid.NewGuid().ToString("N"));
    private readonly FileSystemMediaStore store;

    public MediaUploadTests() => store = new FileSystemMediaStore(new DataFolder(folder));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static byte[] Png(uint width, uint height)
    {
        var bytes = new List<byte> { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        bytes.AddRange("IHDR"u8.ToArray());
        var size = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(size, width);
        BinaryPrimitives.WriteUInt32BigEndian(size.AsSpan(4), height);
        bytes.AddRange(size);
        bytes.AddRange(new byte[] { 8, 2, 0, 0, 0, 0, 0, 0, 0 });
        bytes.AddRange(new byte[] { 0, 0, 0, 0 });
        bytes.AddRange("IEND"u8.ToArray());
        bytes.AddRange(new byte[] { 0xAE, 0x42, 0x60, 0x82 });
        return [.. bytes];
    }

    private static byte[] Jpeg(ushort width, ushort height, string? comment = null)
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        if (comment is not null)
        {
            var text = Encoding.ASCII.GetBytes(comment);
            bytes.AddRange(new byte[] { 0xFF, 0xFE, (byte)((text.Length + 2) >> 8), (byte)(text.Length + 2) });
            bytes.AddRange(text);
        }

        bytes.AddRange(new byte[] { 0xFF, 0xC0, 0, 11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0 });
        bytes.AddRange(new byte[] { 0xFF, 0xD9 });
        return [.. bytes];
    }

    private async Task<MediaSaveResult> Upload(byte[] bytes) => await store.SaveAsync(new MemoryStream(bytes), CancellationToken.None);

    private void AssertNothingLeft()
    {
        var left = Directory.Exists(Path.Combine(folder, "media"))
            ? Directory.GetFiles(Path.Combine(folder, "media"), "*", SearchOption.AllDirectories)
            : [];
        Assert.Empty(left);
    }

    [Fact]
    public async Task A_real_image_is_stored_under_its_content_hash_with_its_dimensions()
    {
        var result = await Upload(Png(1200, 800));

        Assert.Null(result.Refusal);
        Assert.Equal(MediaInspector.Png, result.Stored!.Kind);
        Assert.Equal((1200, 800), (result.Stored.Width, result.Stored.Height));
        Assert.Matches("^originals/[0-9a-f]{2}/[0-9a-f]{64}\\.png$", result.Stored.RelativePath);
        await using var read = await store.OpenReadAsync(result.Stored.RelativePath, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "media", "tmp")));
    }

    [Fact]
    public async Task A_jpeg_header_gives_its_dimensions()
    {
        var result = await Upload(Jpeg(640, 480));

        Assert.Equal((640, 480), (result.Stored!.Width, result.Stored.Height));
    }

    [Fact]
    public async Task A_renamed_executable_is_refused_by_content()
    {
        var exe = new byte[512];
        "MZ"u8.CopyTo(exe);
        var result = await Upload(exe);

        Assert.Contains("not accepted", result.Refusal);
        AssertNothingLeft();
    }

    [Fact]
    public async Task A_polyglot_jpeg_carrying_html_is_refused()
    {
        var result = await Upload(Jpeg(10, 10, "<html><script>alert(1)</script>"));

        Assert.Contains("polyglot", result.Refusal);
        AssertNothingLeft();
    }

    [Fact]
    public async Task An_svg_with_script_is_refused_with_the_reason()
    {
        var result = await Upload(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"));

        Assert.Contains("SVG", result.Refusal);
        AssertNothingLeft();
    }

    [Fact]
    public async Task A_small_file_declaring_huge_dimensions_is_refused_before_decoding()
    {
        var result = await Upload(Png(50_000, 50_000));

        Assert.Contains("megapixels", result.Refusal);
        AssertNothingLeft();
    }

    [Fact]
    public async Task A_truncated_file_is_refused()
    {
        var whole = Png(100, 100);
        var result = await Upload(whole[..^12]);

        Assert.Contains("truncated", result.Refusal);
        AssertNothingLeft();
    }

    [Fact]
    public void What_an_interrupted_upload_left_is_removed_once_a_day_old_and_an_upload_in_progress_is_kept()
    {
        var tmp = Directory.CreateDirectory(Path.Combine(folder, "media", "tmp")).FullName;
        var abandoned = Path.Combine(tmp, "abandoned.part");
        var inProgress = Path.Combine(tmp, "in-progress.part");
        File.WriteAllBytes(abandoned, [1, 2, 3]);
        File.WriteAllBytes(inProgress, [1, 2, 3]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-2));

        Assert.Equal(1, store.RemoveAbandonedUploads(TimeSpan.FromDays(1)));
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(inProgress));
    }

    [Fact]
    public async Task Only_the_save_that_wrote_a_file_may_discard_it_and_discarding_frees_its_quota()
    {
        var first = await Upload(Png(30, 20));
        var again = await Upload(Png(30, 20));

        Assert.True(first.Stored!.New);
        Assert.False(again.Stored!.New); // identical bytes: already stored, perhaps in use elsewhere
        Assert.True(store.UsedBytes > 0);
        await store.DiscardAsync(first.Stored.RelativePath, CancellationToken.None);
        Assert.False(await store.ExistsAsync(first.Stored.RelativePath, CancellationToken.None));
        Assert.Equal(0, store.UsedBytes);
        await Assert.ThrowsAsync<ArgumentException>(() => store.DiscardAsync("derived/../../x", CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_no_temporary_file()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync(new MemoryStream(Png(10, 10)), cancel.Token));
        AssertNothingLeft();
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("originals/aa/../../promosite.db")]
    public async Task Names_the_store_did_not_make_are_never_opened(string path)
    {
        Assert.Null(await store.OpenReadAsync(path, CancellationToken.None));
    }
}
