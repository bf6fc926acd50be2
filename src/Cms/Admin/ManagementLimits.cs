using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Admin;

/// <summary>
/// Limits on what a management API request may send, checked before any endpoint reads the body:
/// a JSON body larger than Cms:MaxJsonBodyBytes is 413 (otherwise a 25 MB body would be kept as a
/// revision), and a body that is not well-formed JSON or repeats a property name in any object is
/// 400 naming it (a repeated key has no single meaning, and JsonObject threw on it: a 500). Media
/// uploads are raw bytes with their own limit and are not touched.
/// </summary>
internal static class ManagementLimits
{
    public const string ApiPrefix = "/api/v1/manage";

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static WebApplication UseManagementLimits(this WebApplication app)
    {
        app.UseWhen(IsMisdirectedWrite, refused => refused.Run(context => TypedResults.Problem(
            title: "Unsupported media type",
            detail: $"'{context.Request.ContentType}' is not what this address reads: send JSON (Content-Type: application/json). Nothing was saved.",
            statusCode: StatusCodes.Status415UnsupportedMediaType).ExecuteAsync(context)));
        app.UseWhen(IsJsonWrite, limited => limited.Use(CheckAsync));
        return app;
    }

    /// <summary>
    /// A write under the management API whose body no management endpoint reads: routing dropped
    /// the endpoints for its content type and matched none (or a public page), which answered 404.
    /// The endpoints that take other bodies (media files, XLIFF) are matched as usual and never land here.
    /// </summary>
    private static bool IsMisdirectedWrite(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ApiPrefix)
        && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method))
        && !context.Request.HasJsonContentType()
        && !IsManagementRoute(context);

    private static bool IsManagementRoute(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } && route.TrimStart('/').StartsWith(ApiPrefix.TrimStart('/'), StringComparison.Ordinal);

    private static bool IsJsonWrite(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ApiPrefix)
        && !context.Request.Path.StartsWithSegments(ApiPrefix + "/media-files")
        && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method))
        && context.Request.HasJsonContentType();

    private static async Task CheckAsync(HttpContext context, RequestDelegate next)
    {
        var max = context.RequestServices.GetRequiredService<IOptions<CmsOptions>>().Value.MaxJsonBodyBytes;
        if (context.Request.ContentLength > max)
        {
            await TooLarge(context, max);
            return;
        }

        // Read at most one byte more than allowed: a chunked body without a length is stopped
        // there, and the endpoint then reads the checked copy.
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                await TooLarge(context, max);
                return;
            }
        }

        if (Utf8Text.FindProblem(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } problem)
        {
            // Without this, the parser turns the bytes into U+FFFD and the replacement is what is saved.
            await TypedResults.Problem(
                title: "Invalid text",
                detail: $"The body is not UTF-8 at {problem.Describe()}: JSON must be sent as UTF-8. Nothing was saved.",
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Strict);
            if (BrokenText(document.RootElement, "$") is { } path)
            {
                await TypedResults.Problem(
                    title: "Invalid text",
                    detail: $"The text at {path} is not valid Unicode: it holds a lone surrogate (an escape in \\uD800-\\uDFFF without its pair). Nothing was saved.",
                    statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }
        }
        catch (JsonException ex)
        {
            await TypedResults.Problem(
                title: "Invalid JSON",
                detail: Describe(ex),
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        buffer.Position = 0;
        context.Request.Body = buffer;
        context.Request.ContentLength = buffer.Length;
        await next(context);
    }

    /// <summary>
    /// The path of the first property name or string that cannot become .NET text: JSON lets an
    /// escape name half a surrogate pair, which no Unicode text holds (it failed later as a 500).
    /// </summary>
    private static string? BrokenText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(element.GetString) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = IsText(() => property.Name) ? property.Name : null;
                    if (name is null)
                    {
                        return path + ".(a property name)";
                    }

                    if (BrokenText(property.Value, path + "." + name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (BrokenText(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsText(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The parser's own words name the property and say where it is (line and byte), which is what the sender needs.</summary>
    private static string Describe(JsonException ex) =>
        $"The body is not valid JSON: {ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd()} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).";

    private static Task TooLarge(HttpContext context, long max) => TypedResults.Problem(
        title: "Body too large",
        detail: $"A management API request may carry at most {max} bytes of JSON (setting Cms:MaxJsonBodyBytes). Nothing was saved.",
        statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
}
