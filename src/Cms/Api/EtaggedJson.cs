using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace PromoSite.Cms.Api;

/// <summary>
/// A JSON response that is serialized once, tagged with a strong ETag over its bytes, and answered
/// with 304 Not Modified when the caller's If-None-Match already names it.
/// </summary>
public sealed class EtaggedJson<T>(T body, string contentType = "application/json") : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<T>, IValueHttpResult
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,

        // Vietnamese and CJK text as characters, not \uXXXX escapes (a third of the size for Korean);
        // HTML-significant characters stay escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public T Value => body;

    object? IValueHttpResult.Value => body;

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"";
        var response = httpContext.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "no-cache";
        var ifNoneMatch = httpContext.Request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && (ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',').Any(t => t.Trim().Replace("W/", "", StringComparison.Ordinal) == etag)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType + "; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
