using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Import;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;
using PromoSite.Web.Tests.Scale;

namespace PromoSite.Web.Tests.Media;

/// <summary>
/// What only the S3 store does: objects in the bucket (originals and derivatives), one bucket shared
/// by nodes with nothing on their disks, removal, ranged reads, and failing fast and clearly when the
/// service is silent or the settings are incomplete. The behaviour both stores share is pinned by the
/// media tests run on both (MediaStores, ProvidersAndStores).
/// </summary>
public sealed class S3MediaStoreTests
{
    private const string Api = "/api/v1/manage/media-files";

    private static ByteArrayContent Binary(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    [SkippableFact]
    public async Task An_upload_and_its_derivatives_are_objects_in_the_bucket_with_their_types_and_nothing_is_left_on_the_nodes_disk()
    {
        await using var media = await TestMedia.CreateAsync(MediaStoreKind.S3);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(DatabaseProvider.Postgres, media.Settings);
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);

        using var created = await editor.Http.PostAsync(new Uri(Api, UriKind.Relative), Binary(TestImages.Landscape, "image/jpeg"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var file = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["file"]!;

        var head = await media.Client.GetObjectMetadataAsync(media.Bucket, file);
        Assert.Equal(("image/jpeg", (long)TestImages.Landscape.Length), (head.Headers.ContentType, head.ContentLength));
        using (var body = await media.Client.GetObjectAsync(media.Bucket, file))
        using (var copy = new MemoryStream())
        {
            await body.ResponseStream.CopyToAsync(copy);
            Assert.Equal(TestImages.Landscape, copy.ToArray());
        }

        // Derivatives go to the bucket too: four WebP widths, the JPEG fallback and the manifest.
        var derivatives = site.Services.GetRequiredService<MediaDerivatives>();
        Assert.True(await derivatives.GenerateAsync(file, CancellationToken.None));
        var derived = await media.NamesAsync("", "derived/");
        Assert.Equal(6, derived.Count);
        Assert.Equal(4, derived.Count(n => n.EndsWith(".webp", StringComparison.Ordinal)));
        Assert.Equal("image/webp", (await media.Client.GetObjectMetadataAsync(media.Bucket, derived.First(n => n.EndsWith(".webp", StringComparison.Ordinal)))).Headers.ContentType);
        Assert.NotNull(await derivatives.FindAsync(file, CancellationToken.None));

        var data = site.Services.GetRequiredService<DataFolder>().Path;
        Assert.Empty(Directory.Exists(Path.Combine(data, "media")) ? Directory.GetFiles(Path.Combine(data, "media"), "*", SearchOption.AllDirectories) : []);
    }

    [SkippableFact]
    public async Task A_file_stored_through_one_node_is_served_by_another_that_shares_only_the_database_and_the_bucket()
    {
        await using var media = await TestMedia.CreateAsync(MediaStoreKind.S3);
        await using var nodes = await Nodes.StartAsync(DatabaseProvider.Postgres, "cms", "site", media.Settings, media.Settings);
        var saved = await nodes.A.Services.GetRequiredService<IMediaStore>().SaveAsync(new MemoryStream(TestImages.SmallPng), CancellationToken.None);

        using var visitor = nodes.B.CreateClient();
        using var response = await visitor.GetAsync(new Uri("/media/" + saved.Stored!.RelativePath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestImages.SmallPng, await response.Content.ReadAsByteArrayAsync());
    }

    [SkippableFact]
    public async Task Reads_fetch_the_object_in_ranges_and_give_back_exactly_the_stored_bytes_across_range_boundaries()
    {
        await using var media = await TestMedia.CreateAsync(MediaStoreKind.S3);
        // 64 KB ranges: the 121 kB PNG takes two, and the range asked for below straddles them.
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: new Dictionary<string, string>(media.Settings) { ["Media:S3:ReadChunkBytes"] = "65536" });
        var png = TestImages.SmallPng;
        var saved = await site.Services.GetRequiredService<IMediaStore>().SaveAsync(new MemoryStream(png), CancellationToken.None);
        using var client = site.CreateClient();
        var url = new Uri("/media/" + saved.Stored!.RelativePath, UriKind.Relative);

        Assert.Equal(png, await client.GetByteArrayAsync(url));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(60_000, 70_000);
        using var partial = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(png[60_000..70_001], await partial.Content.ReadAsByteArrayAsync());
    }

    [SkippableFact]
    public async Task A_HEAD_of_a_media_file_asks_the_bucket_for_metadata_only_and_reads_none_of_its_bytes()
    {
        await using var media = await TestMedia.CreateAsync(MediaStoreKind.S3);
        var counter = new ReadCounter();
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: media.Settings, testServices: services =>
            services.AddSingleton<IMediaStore>(sp => new CountingStore(sp.GetRequiredService<S3MediaStore>(), counter)));
        var png = TestImages.SmallPng;
        var saved = await site.Services.GetRequiredService<IMediaStore>().SaveAsync(new MemoryStream(png), CancellationToken.None);
        using var client = site.CreateClient();
        var url = new Uri("/media/" + saved.Stored!.RelativePath, UriKind.Relative);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        var readByHead = counter.Bytes;
        using var ranged = new HttpRequestMessage(HttpMethod.Head, url);
        ranged.Headers.Range = new RangeHeaderValue(10, 19);
        using var headOfRange = await client.SendAsync(ranged);
        var readByRangedHead = counter.Bytes;
        var body = await client.GetByteArrayAsync(url);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(png.Length, head.Content.Headers.ContentLength);
        Assert.Equal($"\"{saved.Stored.Hash}\"", head.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PartialContent, headOfRange.StatusCode);
        Assert.Equal(10, headOfRange.Content.Headers.ContentLength);
        Assert.Equal((0L, 0L), (readByHead, readByRangedHead));
        Assert.Equal(png, body);
        Assert.Equal(png.Length, counter.Bytes); // the counter sees a GET's bytes
    }

    [SkippableFact]
    public async Task The_quota_is_counted_from_the_shared_bucket_so_a_node_sees_what_another_node_stored()
    {
        await using var media = await TestMedia.CreateAsync(MediaStoreKind.S3);
        var (png, jpeg) = (TestImages.SmallPng, TestImages.Landscape);
        S3MediaStore Node() => new(new DataFolder(TestFolders.NewFolder("node")), Microsoft.Extensions.Options.Options.Create(new MediaOptions
        {
            QuotaBytes = png.Length + jpeg.Length - 1,
            S3 = new S3MediaOptions
            {
                Bucket = media.Bucket, ServiceUrl = TestMedia.S3ServiceUrl, Region = "us-east-1", ForcePathStyle = true,
                AccessKey = TestMedia.AccessKey, SecretKey = TestMedia.SecretKey,
            },
        }));
        using var a = Node();
        using var b = Node();
        var before = await b.UsedBytesAsync(CancellationToken.None);

        Assert.NotNull((await a.SaveAsync(new MemoryStream(png), CancellationToken.None)).Stored);
        var seen = await b.UsedBytesAsync(CancellationToken.None);
        var refused = await b.SaveAsync(new MemoryStream(jpeg), CancellationToken.None);

        Assert.Equal((0L, (long)png.Length), (before, seen));
        Assert.Equal(new MediaQuotaExceeded(png.Length, png.Length + jpeg.Length - 1, jpeg.Length), refused.OverQuota);
        Assert.Single(await media.NamesAsync("", "originals/")); // the refused JPEG left nothing
    }

    private sealed class ReadCounter
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public void Add(int read) => Interlocked.Add(ref _bytes, read);
    }

    /// <summary>The S3 store with every byte read from an opened object counted.</summary>
    private sealed class CountingStore(IMediaStore inner, ReadCounter counter) : IMediaStore
    {
        public Task<MediaSaveResult> SaveAsync(Stream upload, MediaUploadOptions options, CancellationToken cancellationToken) => inner.SaveAsync(upload, options, cancellationToken);

        public async Task<MediaObject?> OpenReadAsync(string relativePath, CancellationToken cancellationToken) =>
            await inner.OpenReadAsync(relativePath, cancellationToken) is { } found ? found with { Content = new CountingStream(found.Content, counter) } : null;

        public Task<bool> ExistsAsync(string relativePath, CancellationToken cancellationToken) => inner.ExistsAsync(relativePath, cancellationToken);

        public Task PutDerivedAsync(string relativePath, string localFile, CancellationToken cancellationToken) => inner.PutDerivedAsync(relativePath, localFile, cancellationToken);

        public Task DiscardAsync(string relativePath, CancellationToken cancellationToken) => inner.DiscardAsync(relativePath, cancellationToken);

        public int RemoveAbandonedUploads(TimeSpan age) => inner.RemoveAbandonedUploads(age);
    }

    private sealed class CountingStream(Stream inner, ReadCounter counter) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            counter.Add(read);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            counter.Add(read);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    [SkippableFact]
    public async Task A_refused_import_removes_the_objects_its_media_had_stored()
    {
        await using var media = await TestMedia.CreateAsync(MediaStoreKind.S3);
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: media.Settings);
        using var bad = ContentFolder.Fixture();
        bad.Write("media", "a-photo", "vi", "---\ntitle: A photo\n---\n");
        await File.WriteAllBytesAsync(Path.Combine(bad.Path, "media", "a-photo", "photo.jpg"), TestImages.Landscape);
        bad.Write("media", "not-a-photo", "vi", "---\ntitle: Not a photo\n---\n");
        await File.WriteAllTextAsync(Path.Combine(bad.Path, "media", "not-a-photo", "photo.jpg"), "<html><script>alert(1)</script></html>");

        await using var scope = site.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(bad.Path);

        Assert.False(report.Succeeded);
        Assert.Empty(await media.NamesAsync("", "originals/"));
    }

    [Fact]
    public async Task A_silent_s3_endpoint_fails_an_upload_with_503_and_says_where_and_why_within_the_timeout_and_media_answers_503()
    {
        // Accepts connections and never answers: the worst case, a hung service or a black-holed route.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await silent.AcceptTcpClientAsync());
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        });
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var settings = new Dictionary<string, string>(TestMedia.SettingsFor(url, "promosite-silent")) { ["Media:S3:Timeout"] = "00:00:01", ["Media:S3:MaxErrorRetry"] = "0" };
        await using var site = await PromoSiteFactory.StartWithFixtureAsync(settings: settings);
        var editor = await AdminClient.ForNewUserAsync(site, "editor@dongnai.example", Role.Editor);

        var clock = Stopwatch.StartNew();
        using var upload = await editor.Http.PostAsync(new Uri(Api, UriKind.Relative), Binary(TestImages.SmallPng, "image/png"));
        var uploadTook = clock.Elapsed;
        clock.Restart();
        using var read = await site.CreateClient().GetAsync(new Uri($"/media/originals/ab/ab{new string('0', 62)}.png", UriKind.Relative));
        var readTook = clock.Elapsed;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, upload.StatusCode);
        var detail = (string)(await upload.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!;
        Assert.Contains(url, detail, StringComparison.Ordinal);
        Assert.Contains("did not answer within 1 s (Media:S3:Timeout)", detail, StringComparison.Ordinal);
        Assert.True(uploadTook < TimeSpan.FromSeconds(15), $"the upload took {uploadTook}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal("no-store", read.Headers.CacheControl!.ToString());
        Assert.DoesNotContain(url, await read.Content.ReadAsStringAsync(), StringComparison.Ordinal); // visitors are not told the internal address
        Assert.True(readTook < TimeSpan.FromSeconds(15), $"the read took {readTook}");
        silent.Stop();
        held.ForEach(c => c.Dispose());
    }

    [Theory]
    [InlineData("s3", null, "Media:S3:Bucket (environment Media__S3__Bucket) is not set", "Media:S3:AccessKey and Media:S3:SecretKey")]
    [InlineData("s3", "ftp://files.example", "Media:S3:ServiceUrl 'ftp://files.example' is not an http(s) address", "Media:S3:Bucket")]
    [InlineData("nfs", null, "Media:Store is 'nfs'; it must be \"file\"", "\"s3\"")]
    public async Task An_incomplete_media_store_setting_stops_the_start_with_what_to_set(string store, string? serviceUrl, string expected, string alsoExpected)
    {
        var settings = new Dictionary<string, string> { ["Media:Store"] = store };
        if (serviceUrl is not null)
        {
            settings["Media:S3:ServiceUrl"] = serviceUrl;
        }

        var refused = await Assert.ThrowsAnyAsync<Exception>(async () => await (await PromoSiteFactory.StartWithFixtureAsync(settings: settings)).DisposeAsync());

        var message = string.Join(" | ", Chain(refused).Select(e => e.Message));
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }
}
