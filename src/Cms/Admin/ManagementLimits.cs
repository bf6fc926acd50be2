using System.Text.Json;
using Microsoft.AspNetCore.Builder;
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
public static class ManagementLimits
{
    public const string ApiPrefix = "/api/v1/manage";

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static WebApplication UseManagementLimits(this WebApplication app)
    {
        app.UseWhen(IsJsonWrite, limited => limited.Use(CheckAsync));
        return app;
    }

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

        try
        {
            using var _ = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Strict);
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

    /// <summary>The parser's own words name the property and say where it is (line and byte), which is what the sender needs.</summary>
    private static string Describe(JsonException ex) =>
        $"The body is not valid JSON: {ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd()} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).";

    private static Task TooLarge(HttpContext context, long max) => TypedResults.Problem(
        title: "Body too large",
        detail: $"A management API request may carry at most {max} bytes of JSON (setting Cms:MaxJsonBodyBytes). Nothing was saved.",
        statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
}
