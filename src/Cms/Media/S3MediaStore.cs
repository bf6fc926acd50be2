using System.Globalization;
using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Media;

/// <summary>Media:S3: the bucket that holds the media when Media:Store is "s3".</summary>
public sealed class S3MediaOptions
{
    public string? Bucket { get; set; }

    /// <summary>The endpoint of an S3-compatible service (MinIO, Ceph, a provider's), e.g. http://10.0.2.5:9000; unset for AWS itself (then <see cref="Region"/>).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The region requests are signed for (AWS: where the bucket is; most S3-compatible services accept any, e.g. us-east-1).</summary>
    public string? Region { get; set; }

    /// <summary>Address the bucket as {ServiceUrl}/{bucket}/ rather than {bucket}.{host}: what MinIO and most self-hosted services need.</summary>
    public bool ForcePathStyle { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Put every object under this prefix (e.g. "promosite/"), to share a bucket with other uses.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>How long one request to the service may take before it is given up (and retried <see cref="MaxErrorRetry"/> times).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public int MaxErrorRetry { get; set; } = 2;

    /// <summary>Reads of large objects are fetched in ranges of this size, so a reader that stops early (a video seek, a HEAD) leaves little unread.</summary>
    public long ReadChunkBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Where requests go, for messages.</summary>
    public string Describe() => $"bucket '{Bucket}' at {(string.IsNullOrWhiteSpace(ServiceUrl) ? $"AWS {Region}" : ServiceUrl)}";

    /// <summary>What is missing or wrong for Media:Store = s3, each with the setting to give; empty when complete.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            problems.Add("Media:S3:Bucket (environment Media__S3__Bucket) is not set");
        }

        if (string.IsNullOrWhiteSpace(ServiceUrl) && string.IsNullOrWhiteSpace(Region))
        {
            problems.Add("neither Media:S3:ServiceUrl (an S3-compatible service, e.g. http://127.0.0.1:9000) nor Media:S3:Region (AWS, e.g. ap-southeast-1) is set");
        }

        if (!string.IsNullOrWhiteSpace(ServiceUrl) && !(Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            problems.Add($"Media:S3:ServiceUrl '{ServiceUrl}' is not an http(s) address");
        }

        if (string.IsNullOrWhiteSpace(AccessKey) || string.IsNullOrWhiteSpace(SecretKey))
        {
            problems.Add("Media:S3:AccessKey and Media:S3:SecretKey (environment Media__S3__AccessKey, Media__S3__SecretKey) must both be set");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add("Media:S3:Timeout must be positive (e.g. 00:00:15)");
        }

        if (MaxErrorRetry < 0 || ReadChunkBytes < 64 * 1024)
        {
            problems.Add("Media:S3:MaxErrorRetry must be 0 or more and Media:S3:ReadChunkBytes at least 65536");
        }

        return problems;
    }
}

/// <summary>
/// Keeps originals and derivatives as objects in an S3-compatible bucket under the same names the
/// file store uses (originals/ab/{sha256}.jpg, derived/…), so every node reads the same media and
/// a node needs no shared disk. An upload is checked and hashed in a local temporary file first
/// (<see cref="MediaIntake"/>), then PUT; a PUT is atomic (readers see the whole object or none), so
/// there is no staging name. Reads ask for the object's length first and fetch its bytes only as
/// they are read, in ranges (<see cref="S3ObjectStream"/>): nothing is buffered whole, range requests
/// and HEAD cost little, and /media keeps the file store's headers. Every request has a timeout: an
/// unreachable or silent service is a <see cref="MediaStoreUnavailableException"/> that says where
/// and what to check, never a hang. The quota is counted from a listing of originals/ in the bucket
/// at every new upload, not kept per node: every node sees what the others stored, so the quota is
/// the same on all of them (a listing is one request per thousand originals, and uploads are rare
/// next to reads). Two nodes storing at the same instant may still pass it by one file.
/// </summary>
public sealed class S3MediaStore : IMediaStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly S3MediaOptions _s3;
    private readonly IOptions<MediaOptions> _options;
    private readonly string _tempRoot;
    private readonly SemaphoreSlim _commit = new(1, 1);

    public S3MediaStore(DataFolder data, IOptions<MediaOptions> options)
    {
        _options = options;
        _s3 = options.Value.S3;
        if (_s3.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("Media:Store is s3 but " + string.Join("; ", problems) + ".");
        }

        _tempRoot = Path.Combine(data.Path, "media");
        var config = new AmazonS3Config
        {
            ForcePathStyle = _s3.ForcePathStyle,
            Timeout = _s3.Timeout,
            MaxErrorRetry = _s3.MaxErrorRetry,
            // Checksums only where S3 requires them: trailing-checksum uploads are recent and not every
            // S3-compatible service (older MinIO, Ceph, s3rver) understands them; TLS and the SHA-256
            // name of every original already guard the bytes.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(_s3.ServiceUrl))
        {
            config.ServiceURL = _s3.ServiceUrl;
            if (!string.IsNullOrWhiteSpace(_s3.Region))
            {
                config.AuthenticationRegion = _s3.Region;
            }
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(_s3.Region);
        }

        _client = new AmazonS3Client(new BasicAWSCredentials(_s3.AccessKey, _s3.SecretKey), config);
    }

    public string Bucket => _s3.Bucket!;

    /// <summary>The object key of a stored name.</summary>
    public string KeyOf(string relativePath) => _s3.Prefix + relativePath;

    public async Task<MediaSaveResult> SaveAsync(Stream upload, MediaUploadOptions options, CancellationToken cancellationToken)
    {
        var temp = MediaIntake.NewTempFile(_tempRoot);
        try
        {
            var (prepared, refusal) = await MediaIntake.PrepareAsync(upload, temp, options, cancellationToken);
            if (prepared is null)
            {
                return new MediaSaveResult(null, refusal);
            }

            var relative = prepared.RelativePath;
            bool isNew;
            // As in the file store: the quota check and the write are one step on this node.
            await _commit.WaitAsync(cancellationToken);
            try
            {
                isNew = await HeadAsync(relative, "store", cancellationToken) is null;
                if (isNew)
                {
                    var used = await UsedBytesAsync(cancellationToken);
                    if (used + prepared.Length > _options.Value.QuotaBytes)
                    {
                        return MediaStoreExtensions.OverQuota(used, _options.Value.QuotaBytes, prepared.Length);
                    }

                    await PutFileAsync(relative, temp, cancellationToken);
                }
            }
            finally
            {
                _commit.Release();
            }

            return new MediaSaveResult(new StoredMedia(prepared.Hash, relative, prepared.Kind, prepared.Length, prepared.Inspection.Width, prepared.Inspection.Height)
            {
                Metadata = prepared.Metadata,
                LocationRemoved = prepared.LocationRemoved,
                New = isNew,
            }, null);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Bytes of stored originals, as counted against the quota: listed from the bucket the nodes share, every time.</summary>
    public async Task<long> UsedBytesAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = KeyOf("originals/") };
        ListObjectsV2Response page;
        do
        {
            page = await CallAsync(() => _client.ListObjectsV2Async(request, cancellationToken), "list", "originals/", cancellationToken);
            total += page.S3Objects?.Sum(o => o.Size ?? 0) ?? 0;
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return total;
    }

    public async Task<MediaObject?> OpenReadAsync(string relativePath, CancellationToken cancellationToken)
    {
        if (!MediaIntake.IsStoredName(relativePath) || await HeadAsync(relativePath, "read", cancellationToken) is not { } head)
        {
            return null;
        }

        var length = head.ContentLength;
        var modified = head.LastModified is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, at.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : at.Kind)) : DateTimeOffset.UnixEpoch;
        return new MediaObject(new S3ObjectStream(this, relativePath, length, _s3.ReadChunkBytes), length, modified.ToUniversalTime());
    }

    public async Task<bool> ExistsAsync(string relativePath, CancellationToken cancellationToken) =>
        MediaIntake.IsStoredName(relativePath) && await HeadAsync(relativePath, "find", cancellationToken) is not null;

    public Task PutDerivedAsync(string relativePath, string localFile, CancellationToken cancellationToken)
    {
        if (!MediaIntake.IsStoredName(relativePath))
        {
            throw new ArgumentException($"'{relativePath}' is not a name this store makes.", nameof(relativePath));
        }

        return PutFileAsync(relativePath, localFile, cancellationToken);
    }

    public async Task DiscardAsync(string relativePath, CancellationToken cancellationToken)
    {
        if (!MediaIntake.IsStoredName(relativePath) || !relativePath.StartsWith("originals/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relativePath}' is not an original this store made.", nameof(relativePath));
        }

        await _commit.WaitAsync(cancellationToken);
        try
        {
            if (await HeadAsync(relativePath, "discard", cancellationToken) is not null)
            {
                await CallAsync(() => _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = KeyOf(relativePath) }, cancellationToken), "discard", relativePath, cancellationToken);
            }
        }
        finally
        {
            _commit.Release();
        }
    }

    /// <summary>
    /// Every stored name under <paramref name="prefix"/> ("originals/", "derived/") with its size, in
    /// key order: for backups and the restore drill's fingerprint. Keys under the configured prefix
    /// that are not names this store makes (another application's objects) are left out.
    /// </summary>
    public async Task<List<(string Name, long Length)>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var found = new List<(string, long)>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = KeyOf(prefix) };
        ListObjectsV2Response page;
        do
        {
            page = await CallAsync(() => _client.ListObjectsV2Async(request, cancellationToken), "list", prefix, cancellationToken);
            foreach (var o in page.S3Objects ?? [])
            {
                var name = o.Key[_s3.Prefix.Length..];
                if (MediaIntake.IsStoredName(name))
                {
                    found.Add((name, o.Size ?? 0));
                }
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return found;
    }

    /// <summary>Copies a stored object's bytes into <paramref name="target"/> (a backup entry, a hash).</summary>
    public async Task CopyToAsync(string relativePath, Stream target, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => _client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = KeyOf(relativePath) }, cancellationToken), "read", relativePath, cancellationToken);
        await response.ResponseStream.CopyToAsync(target, cancellationToken);
    }

    /// <summary>Puts a restored original or derivative back at its name (restore only: no quota, no inspection; the archive's hashes were checked).</summary>
    public Task PutRestoredAsync(string relativePath, string localFile, CancellationToken cancellationToken)
    {
        if (!MediaIntake.IsStoredName(relativePath))
        {
            throw new ArgumentException($"'{relativePath}' is not a name this store makes.", nameof(relativePath));
        }

        return PutFileAsync(relativePath, localFile, cancellationToken);
    }

    /// <summary>Removes a stored object whatever it is (restore --force and wipe only: a replaced installation's media).</summary>
    public async Task DeleteAsync(string relativePath, CancellationToken cancellationToken)
    {
        await CallAsync(() => _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = KeyOf(relativePath) }, cancellationToken), "remove", relativePath, cancellationToken);
    }

    /// <summary>Uploads being checked are local temporary files here too: the same clean-up as the file store.</summary>
    public int RemoveAbandonedUploads(TimeSpan age) => MediaIntake.RemoveAbandoned(_tempRoot, age);

    /// <summary>Bytes <paramref name="from"/>..<paramref name="to"/> (inclusive) of a stored object.</summary>
    internal Task<GetObjectResponse> GetRangeAsync(string relativePath, long from, long to, CancellationToken cancellationToken) =>
        CallAsync(() => _client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = KeyOf(relativePath), ByteRange = new ByteRange(from, to) }, cancellationToken), "read", relativePath, cancellationToken);

    private Task PutFileAsync(string relativePath, string localFile, CancellationToken cancellationToken) =>
        CallAsync(() => _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = KeyOf(relativePath),
            FilePath = localFile,
            ContentType = MediaIntake.ContentTypeOf(relativePath),
            // A plain signed PUT with Content-Length: understood by every S3-compatible service.
            UseChunkEncoding = false,
        }, cancellationToken), "store", relativePath, cancellationToken);

    /// <summary>The object's metadata, or null when there is no such object.</summary>
    private async Task<GetObjectMetadataResponse?> HeadAsync(string relativePath, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = KeyOf(relativePath) }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is not "NoSuchBucket")
        {
            return null;
        }
        catch (Exception e) when (IsServiceFailure(e, cancellationToken))
        {
            throw Unavailable(what, relativePath, e);
        }
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call, string what, string relativePath, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsServiceFailure(e, cancellationToken))
        {
            throw Unavailable(what, relativePath, e);
        }
    }

    /// <summary>A failure of the service or the way to it (not the caller cancelling, not a bug here).</summary>
    private static bool IsServiceFailure(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or TimeoutException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private MediaStoreUnavailableException Unavailable(string what, string relativePath, Exception e)
    {
        var reason = e switch
        {
            AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } s3 => $"answered 404 {s3.ErrorCode}: the bucket does not exist (create it, or correct Media:S3:Bucket)",
            AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden } s3 => $"refused the request (403 {s3.ErrorCode}): check Media:S3:AccessKey, Media:S3:SecretKey and the bucket's policy",
            AmazonServiceException service when service.StatusCode != 0 => $"answered {(int)service.StatusCode} {service.ErrorCode}: {service.Message}",
            _ when Chain(e).Any(x => x is OperationCanceledException or TimeoutException) => $"did not answer within {_s3.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (Media:S3:Timeout), tried {_s3.MaxErrorRetry + 1} time(s)",
            _ => $"could not be reached ({Chain(e).Last().Message})",
        };
        return new MediaStoreUnavailableException($"The media store could not {what} '{relativePath}': S3 {_s3.Describe()} {reason}.", e);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>
/// A stored object as a seekable read-only stream that fetches its bytes only when they are read,
/// one ranged GET per chunk from the current position: ASP.NET Core's range processing seeks and
/// reads only what a Range asks for, and a reader that stops early leaves at most one chunk unread.
/// </summary>
internal sealed class S3ObjectStream(S3MediaStore store, string relativePath, long length, long chunk) : Stream
{
    private GetObjectResponse? _response;
    private long _position;
    private long _bodyPosition = -1;
    private long _bodyEnd = -1;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return target;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }

        if (_response is null || _bodyPosition != _position || _bodyPosition > _bodyEnd)
        {
            Close(ref _response);
            var end = Math.Min(length, _position + chunk) - 1;
            _response = await store.GetRangeAsync(relativePath, _position, end, cancellationToken);
            (_bodyPosition, _bodyEnd) = (_position, end);
        }

        var wanted = (int)Math.Min(buffer.Length, _bodyEnd - _bodyPosition + 1);
        var read = await _response.ResponseStream.ReadAsync(buffer[..wanted], cancellationToken);
        if (read == 0)
        {
            throw new IOException($"The media store's answer for '{relativePath}' ended at byte {_position} of {length}.");
        }

        _position += read;
        _bodyPosition += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous readers are rare (the callers in this code base read asynchronously); a seekable
    // stream must still honour them.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close(ref _response);
        }

        base.Dispose(disposing);
    }

    private static void Close(ref GetObjectResponse? response)
    {
        response?.Dispose();
        response = null;
    }
}
