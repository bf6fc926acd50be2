using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using PromoSite.Cms.Accounts;

namespace PromoSite.Cms.Media;

/// <summary>What an accepted upload became: put <see cref="File"/> in a media item's File field.</summary>
public sealed record UploadedFileDto(string File, string Url, string ContentType, long Length, int? Width, int? Height, string Sha256);

/// <summary>
/// POST /api/v1/manage/media-files with the raw bytes as the body (?keepLocation=true keeps a photo's
/// GPS location, which is otherwise removed). A raw body (not a form) means a cross-site page cannot
/// send it without a CORS preflight, which this API never grants; form and text bodies are 415.
/// Refusals are 400 problem details with the reason, 507 when the media quota is reached.
/// </summary>
public static class MediaUploadApi
{
    public static IEndpointRouteBuilder MapMediaUploadApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/manage/media-files", UploadAsync).RequireAuthorization(Policies.UploadMedia).WithTags("Management")
            .WithName("UploadMediaFile").WithSummary("Stores a file checked by content; answers its stored name for a media item's File field, or 400 with why it was refused.");
        return app;
    }

    private static async Task<Results<Created<UploadedFileDto>, ProblemHttpResult>> UploadAsync(HttpContext http, IMediaStore store, bool? keepLocation, CancellationToken ct)
    {
        // Only a raw binary body: a form or text/plain body is what a plain HTML form on another
        // (same-site) page can send without a preflight, so those are refused before anything is read.
        if (!IsBinaryContentType(http.Request.ContentType))
        {
            return TypedResults.Problem(
                title: "Unsupported media type",
                detail: $"Send the file's bytes as the body with Content-Type application/octet-stream, image/*, application/pdf or video/mp4 (got '{http.Request.ContentType}'). Forms and text are not accepted.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        // The store enforces its own per-type limits; lift Kestrel's 30 MB default to the largest kind.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MediaInspector.Mp4.MaxBytes + 1;
        }

        var result = await store.SaveAsync(http.Request.Body, new MediaUploadOptions(keepLocation ?? false), ct);
        if (result.OverQuota is not null)
        {
            return TypedResults.Problem(result.Refusal, statusCode: StatusCodes.Status507InsufficientStorage, title: "The media library is full.");
        }

        if (result.Stored is not { } stored)
        {
            return TypedResults.Problem(result.Refusal, statusCode: StatusCodes.Status400BadRequest, title: "The file was refused.");
        }

        var url = "/media/" + stored.RelativePath;
        return TypedResults.Created(url, new UploadedFileDto(stored.RelativePath, url, stored.Kind.ContentType, stored.Length, stored.Width, stored.Height, stored.Hash));
    }

    /// <summary>
    /// The declared type only gates the request (the store still decides by content): the generic
    /// binary type, and the types of what the store accepts. A body with no type is binary
    /// (RFC 9110 8.3), and no HTML form can send one.
    /// </summary>
    internal static bool IsBinaryContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var type = parsed.MediaType.Value?.ToLowerInvariant();
        return type is "application/octet-stream" or "application/pdf" or "video/mp4"
            || (type is not null && type.StartsWith("image/", StringComparison.Ordinal) && type.Length > "image/".Length);
    }
}
