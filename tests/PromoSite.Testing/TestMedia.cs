using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace PromoSite.Testing;

/// <summary>Where a test app keeps its media: the data folder (the default) or an S3 bucket.</summary>
public enum MediaStoreKind
{
    File,
    S3,
}

/// <summary>
/// The media store settings for one test app: nothing for the file store; for S3 a fresh bucket on
/// the S3-compatible server that scripts/test.sh starts (s3rver, address in PROMOSITE_TEST_S3),
/// emptied and removed afterwards. Without that variable the S3 half of a test is skipped and says
/// why (only outside scripts/test.sh, which always sets it; a server that is set but down fails).
/// </summary>
public sealed class TestMedia : IAsyncDisposable
{
    public const string S3Variable = "PROMOSITE_TEST_S3";

    /// <summary>s3rver's fixed development credentials.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private TestMedia(MediaStoreKind kind, IAmazonS3? client, string? bucket, IReadOnlyDictionary<string, string> settings)
    {
        Kind = kind;
        _client = client;
        Bucket = bucket;
        Settings = settings;
    }

    private readonly IAmazonS3? _client;

    public MediaStoreKind Kind { get; }

    public string? Bucket { get; }

    /// <summary>The S3 client on the test bucket (S3 only).</summary>
    public IAmazonS3 Client => _client ?? throw new InvalidOperationException("The file store has no bucket.");

    /// <summary>The configuration that points an app at this store.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public static string? S3ServiceUrl => Environment.GetEnvironmentVariable(S3Variable) is { Length: > 0 } url ? url : null;

    /// <summary>Skips the calling test (with the reason) when no S3 server was given.</summary>
    public static void RequireS3() =>
        Skip.If(S3ServiceUrl is null, $"{S3Variable} is not set, so there is no S3-compatible server for the S3 half of the media tests. scripts/test.sh starts one (s3rver from tools/s3) and sets it.");

    public static async Task<TestMedia> CreateAsync(MediaStoreKind kind)
    {
        if (kind == MediaStoreKind.File)
        {
            return new TestMedia(kind, null, null, new Dictionary<string, string>());
        }

        RequireS3();
        var url = S3ServiceUrl!;
        var client = NewClient(url);
        var bucket = $"promosite-{Guid.NewGuid():N}"[..40];
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return new TestMedia(kind, client, bucket, SettingsFor(url, bucket));
    }

    /// <summary>The settings of an app on bucket <paramref name="bucket"/> at <paramref name="serviceUrl"/>.</summary>
    public static Dictionary<string, string> SettingsFor(string serviceUrl, string bucket) => new()
    {
        ["Media:Store"] = "s3",
        ["Media:S3:ServiceUrl"] = serviceUrl,
        ["Media:S3:Bucket"] = bucket,
        ["Media:S3:Region"] = "us-east-1",
        ["Media:S3:ForcePathStyle"] = "true",
        ["Media:S3:AccessKey"] = AccessKey,
        ["Media:S3:SecretKey"] = SecretKey,
    };

    public static IAmazonS3 NewClient(string serviceUrl) => new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = serviceUrl,
        AuthenticationRegion = "us-east-1",
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>The stored names under <paramref name="prefix"/> ("originals/", "derived/"): the bucket's keys, or the files under {data}/media.</summary>
    public async Task<List<string>> NamesAsync(string dataPath, string prefix)
    {
        if (Kind == MediaStoreKind.File)
        {
            var root = Path.Combine(dataPath, "media");
            var folder = Path.Combine(root, prefix);
            return Directory.Exists(folder)
                ? [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal)]
                : [];
        }

        var names = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await Client.ListObjectsV2Async(request);
            names.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return [.. names.Order(StringComparer.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            foreach (var key in await NamesAsync("", ""))
            {
                await _client.DeleteObjectAsync(Bucket, key);
            }

            await _client.DeleteBucketAsync(Bucket);
        }
        catch (AmazonServiceException)
        {
            // The server's folder is thrown away at the end of the run anyway.
        }

        _client.Dispose();
    }
}
