using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PromoSite.Cms.Media;

/// <summary>
/// Serves stored media. Names are content hashes, so a URL's bytes never change and can be cached
/// for a year. Every response says nosniff and the detected type, so a browser never reinterprets
/// an image as HTML; PDFs and videos are downloads (attachment) rather than documents rendered in our origin.
/// </summary>
public static class MediaFilesEndpoint
{
    public static IEndpointRouteBuilder MapMediaFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{**path}", Serve).WithName("MediaFile").ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string path, IMediaStore store, HttpContext http)
    {
        // Originals and derivatives only; the store's bookkeeping (manifests) is not for visitors.
        var kind = Kinds.FirstOrDefault(k => path.EndsWith(k.Extension, StringComparison.Ordinal));
        var stream = kind is null ? null : store.OpenRead(path);
        if (stream is null)
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

        // The file name is the content's SHA-256 (or a hash-named derivative): it is the validator.
        var name = Path.GetFileNameWithoutExtension(path);
        return TypedResults.Stream(stream, kind.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{name}\""), enableRangeProcessing: true);
    }

    private static readonly MediaKind[] Kinds =
        [MediaInspector.Jpeg, MediaInspector.Png, MediaInspector.WebP, MediaInspector.Gif, MediaInspector.Pdf, MediaInspector.Mp4];
}
