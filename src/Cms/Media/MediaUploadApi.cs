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
/// send it without a CORS preflight, which this API never grants. Refusals are 400 problem details
/// with the reason.
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
        // The store enforces its own per-type limits; lift Kestrel's 30 MB default to the largest kind.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MediaInspector.Mp4.MaxBytes + 1;
        }

        var result = await store.SaveAsync(http.Request.Body, new MediaUploadOptions(keepLocation ?? false), ct);
        if (result.Stored is not { } stored)
        {
            return TypedResults.Problem(result.Refusal, statusCode: StatusCodes.Status400BadRequest, title: "The file was refused.");
        }

        var url = "/media/" + stored.RelativePath;
        return TypedResults.Created(url, new UploadedFileDto(stored.RelativePath, url, stored.Kind.ContentType, stored.Length, stored.Width, stored.Height, stored.Hash));
    }
}
