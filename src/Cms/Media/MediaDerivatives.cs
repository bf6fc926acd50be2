using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Processes;

namespace PromoSite.Cms.Media;

/// <summary>One resized copy of an image.</summary>
public sealed record Rendition(string File, int Width, int Height, string ContentType)
{
    public string Url => "/media/" + File;
}

/// <summary>
/// The derivatives of one original: WebP at a few widths (narrowest first) and one JPEG for
/// browsers without WebP. Written as a manifest after every file in it exists, so a manifest that
/// can be read means the whole set can be served.
/// </summary>
public sealed record RenditionSet(IReadOnlyList<Rendition> WebP, Rendition Fallback);

public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>Generate WebP/JPEG derivatives in the background (needs libvips' <c>vips</c> command).</summary>
    public bool Derivatives { get; set; } = true;

    /// <summary>The libvips command-line tool.</summary>
    public string Vips { get; set; } = "vips";

    /// <summary>How long one vips run may take before it is stopped and the image left with its original only.</summary>
    public TimeSpan VipsTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The most bytes of original files the library may hold (20 GB by default): a full disk
    /// stops the database too, so uploads are refused (507) well before that.
    /// </summary>
    public long QuotaBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>Where originals and derivatives live: "file" (the data folder, the default) or "s3" (an S3-compatible bucket, <see cref="S3"/>).</summary>
    public string Store { get; set; } = "file";

    /// <summary>The bucket when <see cref="Store"/> is "s3".</summary>
    public S3MediaOptions S3 { get; set; } = new();
}

/// <summary>
/// Makes and finds an image's derivatives with libvips' command-line tool. libvips streams and
/// shrinks JPEGs while decoding, so a 40-megapixel photo is resized in little memory; running it as
/// a separate process keeps a decoder crash on a hostile file out of the web server.
/// </summary>
public sealed partial class MediaDerivatives(IMediaStore store, IOptions<MediaOptions> options, ILogger<MediaDerivatives> logger)
{
    /// <summary>Widths for a phone at 1x (480), 2x (800) and 2.6x (1200), up to a desktop column at 2x (1600).</summary>
    public static readonly IReadOnlyList<int> Widths = [480, 800, 1200, 1600];

    public const int FallbackWidth = 800;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, RenditionSet> _ready = new(StringComparer.Ordinal);

    /// <summary>Kinds worth resizing. GIFs keep their animation by being served as they are.</summary>
    public static bool CanDerive(string originalPath) =>
        originalPath.EndsWith(".jpg", StringComparison.Ordinal) || originalPath.EndsWith(".png", StringComparison.Ordinal) || originalPath.EndsWith(".webp", StringComparison.Ordinal);

    public static string ManifestOf(string originalPath) => $"derived/{HashOf(originalPath)[..2]}/{HashOf(originalPath)}.json";

    /// <summary>The derivatives when they are all ready; null while they are not (the original is served meanwhile).</summary>
    public async Task<RenditionSet?> FindAsync(string originalPath, CancellationToken ct)
    {
        if (_ready.TryGetValue(originalPath, out var set))
        {
            return set;
        }

        if (!CanDerive(originalPath))
        {
            return null;
        }

        await using var manifest = await store.OpenReadAsync(ManifestOf(originalPath), ct);
        if (manifest is null)
        {
            return null;
        }

        try
        {
            set = await JsonSerializer.DeserializeAsync<RenditionSet>(manifest.Content, Json, ct);
        }
        catch (JsonException)
        {
            return null;
        }

        // Names are content hashes, so a set once found never changes.
        return set is null ? null : _ready.GetOrAdd(originalPath, set);
    }

    public async Task<bool> IsDoneAsync(string originalPath, CancellationToken ct) =>
        !CanDerive(originalPath) || await FindAsync(originalPath, ct) is not null || await store.ExistsAsync(FailedMarkerOf(originalPath), ct);

    /// <summary>
    /// Makes the derivatives of one original. Returns false (and marks it, so it is not retried
    /// forever) when vips cannot read it; throws <see cref="VipsUnavailableException"/> when vips is not there at all.
    /// </summary>
    public async Task<bool> GenerateAsync(string originalPath, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("promosite-derive-");
        try
        {
            var input = Path.Combine(work.FullName, "original" + Path.GetExtension(originalPath));
            await using (var source = await store.OpenReadAsync(originalPath, ct))
            {
                if (source is null)
                {
                    return false;
                }

                await using var copy = File.Create(input);
                await source.Content.CopyToAsync(copy, ct);
            }

            var inspection = MediaInspector.Inspect(input);
            if (inspection is not { Accepted: true, Width: { } width, Kind.IsImage: true })
            {
                return false;
            }

            // Widths narrower than the original, and the original's own width when it is under the widest.
            var widths = Widths.Where(w => w < width).ToList();
            if (width <= Widths[^1])
            {
                widths.Add(width);
            }

            var hash = HashOf(originalPath);
            var webp = new List<Rendition>();
            foreach (var w in widths)
            {
                var rendition = await ResizeAsync(input, work.FullName, hash, w, "webp", "[Q=75,strip]", ct);
                if (rendition is null)
                {
                    await MarkFailedAsync(originalPath, work.FullName, ct);
                    return false;
                }

                webp.Add(rendition);
            }

            var fallback = await ResizeAsync(input, work.FullName, hash, Math.Min(width, FallbackWidth), "jpg", "[Q=80,strip,interlace,background=255]", ct);
            if (fallback is null)
            {
                await MarkFailedAsync(originalPath, work.FullName, ct);
                return false;
            }

            var manifest = Path.Combine(work.FullName, "manifest.json");
            await File.WriteAllBytesAsync(manifest, JsonSerializer.SerializeToUtf8Bytes(new RenditionSet(webp, fallback), Json), ct);
            await store.PutDerivedAsync(ManifestOf(originalPath), manifest, ct);
            return true;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<Rendition?> ResizeAsync(string input, string work, string hash, int width, string extension, string saveOptions, CancellationToken ct)
    {
        var output = Path.Combine(work, $"{width}.{extension}");
        // --size down never enlarges; the huge height bound makes the width the only constraint.
        if (!await RunVipsAsync(["thumbnail", input, output + saveOptions, width.ToString(System.Globalization.CultureInfo.InvariantCulture), "--height", "100000", "--size", "down"], ct))
        {
            return null;
        }

        var made = MediaInspector.Inspect(output);
        if (made is not { Accepted: true, Width: { } w, Height: { } h })
        {
            return null;
        }

        var name = $"derived/{hash[..2]}/{hash}-{width}.{extension}";
        await store.PutDerivedAsync(name, output, ct);
        return new Rendition(name, w, h, made.Kind!.ContentType);
    }

    private async Task<bool> RunVipsAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        ExternalToolResult result;
        try
        {
            // One thread per run: derivatives are background work and must leave the cores to visitors.
            result = await ExternalTool.RunAsync(options.Value.Vips, arguments, options.Value.VipsTimeout, VipsEnvironment, ct);
        }
        catch (ExternalToolUnavailableException e)
        {
            // Not this image's fault: nothing is marked failed, so installing libvips and restarting makes them all.
            LogVipsMissing(logger, options.Value.Vips, e.Reason);
            throw new VipsUnavailableException(e.Reason);
        }
        catch (TimeoutException)
        {
            LogVipsFailed(logger, string.Join(' ', arguments), "timed out");
            return false;
        }

        if (!result.Succeeded)
        {
            LogVipsFailed(logger, string.Join(' ', arguments), result.Errors.Trim());
            return false;
        }

        return true;
    }

    private static readonly Dictionary<string, string> VipsEnvironment = new(StringComparer.Ordinal) { ["VIPS_CONCURRENCY"] = "1" };

    private async Task MarkFailedAsync(string originalPath, string work, CancellationToken ct)
    {
        var marker = Path.Combine(work, "failed.json");
        await File.WriteAllTextAsync(marker, "{}", ct);
        await store.PutDerivedAsync(FailedMarkerOf(originalPath), marker, ct);
    }

    private static string FailedMarkerOf(string originalPath) => $"derived/{HashOf(originalPath)[..2]}/{HashOf(originalPath)}-failed.json";

    private static string HashOf(string originalPath) => Path.GetFileNameWithoutExtension(originalPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image derivatives are off: the libvips tool '{Vips}' could not be started ({Reason}). Originals are served; install libvips-tools.")]
    private static partial void LogVipsMissing(ILogger logger, string vips, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "vips {Arguments} failed: {Error}. The original is served for this image.")]
    private static partial void LogVipsFailed(ILogger logger, string arguments, string error);
}

/// <summary>The vips tool could not be started: derivatives wait until it is installed.</summary>
internal sealed class VipsUnavailableException(string message) : Exception(message);
