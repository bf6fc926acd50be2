using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace PromoSite.Cms.Media;

/// <summary>
/// Serves stored media, from whichever store holds it (the data folder or an S3 bucket), with the
/// same answer: names are content hashes, so a URL's bytes never change and can be cached for a
/// year (a proxy cache in front may keep them as long); the hash is the ETag, the store's write time
/// the Last-Modified; ranges and conditional requests are answered by ASP.NET Core from the store's
/// seekable stream, which an S3 store fills only with the ranges asked for. Every response says
/// nosniff and the detected type, so a browser never reinterprets an image as HTML; PDFs and videos
/// are downloads (attachment) rather than documents rendered in our origin.
/// </summary>
public static partial class MediaFilesEndpoint
{
    public static IEndpointRouteBuilder MapMediaFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{**path}", ServeAsync).WithName("MediaFile").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(string path, IMediaStore store, HttpContext http, ILoggerFactory loggers, CancellationToken ct)
    {
        // Originals and derivatives only; the store's bookkeeping (manifests) is not for visitors.
        var kind = Kinds.FirstOrDefault(k => path.EndsWith(k.Extension, StringComparison.Ordinal));
        MediaObject? found;
        try
        {
            found = kind is null ? null : await store.OpenReadAsync(path, ct);
        }
        catch (MediaStoreUnavailableException e)
        {
            // Said to the operator in the log; a visitor (and a proxy, which must not cache it) gets a short 503.
            LogUnavailable(loggers.CreateLogger(typeof(MediaFilesEndpoint)), e.Message);
            http.Response.Headers.RetryAfter = "30";
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Problem("The media storage cannot be reached just now; try again in a minute.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Media unavailable");
        }

        if (found is null)
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        if (!kind!.IsImage)
        {
            headers.ContentDisposition = "attachment";
        }

        // HEAD: the store was asked for the object's metadata only (an S3 HEAD); its bytes stay unread.
        var content = found.Content;
        if (HeadRequest.IsHead(http))
        {
            await found.DisposeAsync();
            content = new HeadersOnlyStream(found.Length);
        }

        // The file name is the content's SHA-256 (or a hash-named derivative): it is the validator.
        var name = Path.GetFileNameWithoutExtension(path);
        return TypedResults.Stream(content, kind.ContentType, lastModified: found.LastModified, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{name}\""), enableRangeProcessing: true);
    }

    private static readonly MediaKind[] Kinds =
        [MediaInspector.Jpeg, MediaInspector.Png, MediaInspector.WebP, MediaInspector.Gif, MediaInspector.Pdf, MediaInspector.Mp4];

    [LoggerMessage(Level = LogLevel.Error, Message = "/media answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
