using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Caching;

/// <summary>
/// The HTTP a browser or CDN relies on, done once for every route rather than per endpoint:
/// HEAD answers like GET without the body; public GET responses get an ETag (a hash of the bytes
/// sent) and a Last-Modified (when this node last saw published content change), 304 on
/// revalidation, Cache-Control for shared caches and the keys of the items shown, so a CDN can
/// purge exactly the pages that show a changed item.
/// </summary>
internal static class HttpCaching
{
    /// <summary>
    /// Browsers revalidate every time (max-age=0: a 304 costs little, and an editor who has just
    /// published sees the page change at once; stale-while-revalidate here would show the old page
    /// once more); shared caches keep a page five minutes.
    /// </summary>
    public const string PublicCacheControl = "public, max-age=0, s-maxage=300";

    /// <summary>
    /// For CDNs only (RFC 9213 CDN-Cache-Control; Surrogate-Control for Fastly and Varnish): an hour,
    /// since they are purged by Surrogate-Key/Cache-Tag when content changes, and stale pages while
    /// they revalidate or when this server is down.
    /// </summary>
    public const string CdnCacheControl = "max-age=3600, stale-while-revalidate=86400, stale-if-error=86400";

    private const string KeysItem = "PromoSite.SurrogateKeys";

    /// <summary>
    /// HEAD runs the GET pipeline (so every MapGet and page answers it, the output cache included)
    /// and sends the same status and headers with no body. Placed after analytics, which counts GETs only.
    /// </summary>
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            var body = context.Response.Body;
            context.Request.Method = HttpMethods.Get;
            Cms.Media.HeadRequest.MarkAsGet(context); // for endpoints whose body costs a download
            context.Response.Body = Stream.Null; // Content-Length stays what GET would send, as RFC 9110 §9.3.2 allows
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });
        return app;
    }

    /// <summary>
    /// Validators and shared-cache headers on public GET responses. Runs just inside the output cache,
    /// so what it adds is stored with the cached entry and a hit costs nothing more (the output cache
    /// answers If-None-Match and If-Modified-Since from the stored headers by itself). Responses that
    /// already carry an ETag (the delivery API's EtaggedJson, media files) are left as they are apart
    /// from Last-Modified.
    /// </summary>
    public static WebApplication UseHttpValidators(this WebApplication app)
    {
        var generation = app.Services.GetRequiredService<ContentGeneration>();
        app.UseWhen(context => HttpMethods.IsGet(context.Request.Method) && Validates(context.Request.Path), branch => branch.Use(async (context, next) =>
        {
            var response = context.Response;
            var original = response.Body;
            await using var buffer = new MemoryStream();
            response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                response.Body = original;
            }

            var headers = response.Headers;
            if (response.StatusCode == StatusCodes.Status200OK && !IsNoStore(headers))
            {
                if (headers.ETag.Count == 0 && buffer.Length > 0)
                {
                    // Strong: the bytes of this representation (compressed variants differ, and so do their tags).
                    headers.ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).AsSpan(0, 16))}\"";
                }

                if (headers.LastModified.Count == 0)
                {
                    headers.LastModified = generation.LastChanged.ToString("R", CultureInfo.InvariantCulture);
                }

                if (CachingExtensions.IsCacheable(context.Request.Path) && headers.CacheControl.Count == 0)
                {
                    headers.CacheControl = PublicCacheControl;
                    headers["CDN-Cache-Control"] = CdnCacheControl;
                    headers["Surrogate-Control"] = CdnCacheControl;
                }

                if (context.Items[KeysItem] is HashSet<string> keys)
                {
                    // Fastly and others read Surrogate-Key (space-separated), Cloudflare and others Cache-Tag (comma-separated).
                    var ordered = keys.Order(StringComparer.Ordinal).Prepend(CachingExtensions.ContentTag).ToList();
                    headers["Surrogate-Key"] = string.Join(' ', ordered);
                    headers["Cache-Tag"] = string.Join(',', ordered);
                }

                if (IsNotModified(context.Request, headers))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    headers.ContentLength = null;
                    headers.ContentType = default;
                    return;
                }
            }

            if (response.StatusCode != StatusCodes.Status304NotModified)
            {
                headers.ContentLength = buffer.Length; // all of it is here: no need for chunked encoding
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }));
        return app;
    }

    /// <summary>Names an item the page shows, for the Surrogate-Key / Cache-Tag headers.</summary>
    public static void ShowsItem(this HttpContext context, DeliveredItem item)
    {
        if (context.Items[KeysItem] is not HashSet<string> keys)
        {
            context.Items[KeysItem] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        keys.Add(SurrogateKey(item.Type, item.Key));
    }

    /// <summary>Names a list of one type, so that publishing a new item of it can purge the lists too.</summary>
    public static void ShowsListOf(this HttpContext context, string type)
    {
        if (context.Items[KeysItem] is not HashSet<string> keys)
        {
            context.Items[KeysItem] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        keys.Add($"type:{type}");
    }

    public static string SurrogateKey(string type, string key) => $"{type}:{key}";

    /// <summary>RFC 9110 §13.1.2–3: If-None-Match wins over If-Modified-Since when both are sent.</summary>
    public static bool IsNotModified(HttpRequest request, IHeaderDictionary headers)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            var etag = headers.ETag.ToString();
            return ifNoneMatch.Trim() == "*"
                || (etag.Length > 0 && ifNoneMatch.Split(',').Any(t => t.Trim().Replace("W/", "", StringComparison.Ordinal) == etag.Replace("W/", "", StringComparison.Ordinal)));
        }

        return request.Headers.IfModifiedSince.Count > 0
            && HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since)
            && HeaderUtilities.TryParseDate(headers.LastModified.ToString(), out var modified)
            && modified <= since;
    }

    private static bool IsNoStore(IHeaderDictionary headers) =>
        headers.CacheControl.ToString().Contains("no-store", StringComparison.Ordinal) || headers.CacheControl.ToString().Contains("private", StringComparison.Ordinal);

    /// <summary>
    /// Everything public but media files (immutable, hashed names, served with their own validators),
    /// the admin and the management API: working copies must never be called shareable by a cache.
    /// </summary>
    private static bool Validates(PathString path) =>
        !path.StartsWithSegments("/admin") && !path.StartsWithSegments("/api/v1/manage") && !path.StartsWithSegments("/media") && !path.StartsWithSegments("/health")
        && !path.StartsWithSegments("/signage") // the playlist's ETag is its version; the page is revalidated by its service worker
        && !(path.Value ?? "").Contains("/preview/", StringComparison.Ordinal);
}

/// <summary>
/// When this node last saw published content change: the Last-Modified of every page, feed and
/// API answer built from it. Moved on by <see cref="ContentChangeWatcher"/> at each change, the same
/// moment the output cache is evicted, so a validator never outlives the content it describes.
/// </summary>
public sealed class ContentGeneration(TimeProvider clock)
{
    private long ticks = Truncate(clock.GetUtcNow()).UtcTicks;
    private long version;

    public DateTimeOffset LastChanged => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    /// <summary>
    /// Moves on at every change, even two in one second: what <see cref="StaleRenderGuard"/> compares,
    /// since <see cref="LastChanged"/> has whole seconds only.
    /// </summary>
    public long Version => Interlocked.Read(ref version);

    public void Changed()
    {
        Interlocked.Exchange(ref ticks, Truncate(clock.GetUtcNow()).UtcTicks);
        Interlocked.Increment(ref version);
    }

    // HTTP dates have whole seconds; a page rendered later in the same second must still compare equal.
    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
