using Microsoft.Extensions.Options;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Cms.Tests;

/// <summary>The media quota counts stored originals once, keeps the count across uploads and restarts, and refuses without keeping anything.</summary>
public sealed class MediaQuotaTests
{
    private static FileSystemMediaStore Store(DataFolder data, long quota) =>
        new(data, Options.Create(new MediaOptions { QuotaBytes = quota }));

    private static int FilesUnder(DataFolder data) =>
        Directory.GetFiles(Path.Combine(data.Path, "media"), "*", SearchOption.AllDirectories).Length;

    [Fact]
    public async Task Uploads_count_once_identical_ones_add_nothing_and_a_refusal_keeps_nothing()
    {
        var data = new DataFolder(TestFolders.NewFolder("quota"));
        var png = TestImages.SmallPng;
        var jpeg = TestImages.Landscape;
        var store = Store(data, png.Length + jpeg.Length - 1);

        var first = await store.SaveAsync(new MemoryStream(png), CancellationToken.None);
        var again = await store.SaveAsync(new MemoryStream(png), CancellationToken.None);
        var full = await store.SaveAsync(new MemoryStream(jpeg), CancellationToken.None);

        Assert.NotNull(first.Stored);
        Assert.NotNull(again.Stored);
        Assert.Equal(png.Length, store.UsedBytes);
        Assert.Null(full.Stored);
        Assert.Equal(new MediaQuotaExceeded(png.Length, png.Length + jpeg.Length - 1, jpeg.Length), full.OverQuota);
        Assert.Contains("Media:QuotaBytes", full.Refusal, StringComparison.Ordinal);
        Assert.Equal(1, FilesUnder(data)); // the refused file's temporary copy is gone too

        var restarted = Store(data, png.Length + jpeg.Length);
        Assert.Equal(png.Length, restarted.UsedBytes);
        Assert.NotNull((await restarted.SaveAsync(new MemoryStream(jpeg), CancellationToken.None)).Stored);
        Assert.Equal(png.Length + jpeg.Length, restarted.UsedBytes);
    }
}
