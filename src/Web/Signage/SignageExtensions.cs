using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Screens;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Signage;

/// <summary>
/// The screens' public side: /signage/{code} (Pages/Signage.cshtml), its playlist as JSON with an
/// ETag, and the heartbeat that tells the admin a screen is alive. Open to anyone who has the
/// code, by declaration; they show only what the delivery publishes, are never indexed and never
/// cached by the page cache (a screen's settings change without a publish).
/// </summary>
internal static class SignageExtensions
{
    public const string HeartbeatRateLimit = "signage-heartbeat";

    /// <summary>A heartbeat's whole body: the playlist version the screen shows (hex), nothing else.</summary>
    private const int MaxHeartbeatBytes = 64;

    public static WebApplicationBuilder AddSignage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SignageOptions>().Bind(builder.Configuration.GetSection(SignageOptions.Section));
        builder.Services.AddScoped<SignagePlaylists>();
        builder.Services.AddMemoryCache();
        // Per screen and address: a screen beats once a poll; a page that beats faster, or someone
        // trying codes, gets 429 without reaching the database.
        builder.Services.Configure<RateLimiterOptions>(options => options.AddPolicy(HeartbeatRateLimit, context =>
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<SignageOptions>>().Value.HeartbeatsPerMinute;
            var key = $"{context.Connection.RemoteIpAddress}|{context.Request.RouteValues["code"]}";
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }));
        return builder;
    }

    public static IEndpointRouteBuilder MapSignage(this IEndpointRouteBuilder app)
    {
        var signage = app.MapGroup("/signage/{code}").AllowAnonymous().ExcludeFromDescription();
        signage.MapGet("/playlist.json", PlaylistAsync);
        signage.MapPost("/heartbeat", HeartbeatAsync).RequireRateLimiting(HeartbeatRateLimit).DisableAntiforgery();
        return app;
    }

    /// <summary>The screen's addresses: not for search engines, wherever a link to them turns up.</summary>
    public static void NotIndexed(HttpResponse response) => response.Headers["X-Robots-Tag"] = "noindex, nofollow";

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, NotFound>> PlaylistAsync(
        string code, HttpContext http, CmsDbContext db, SignagePlaylists playlists, IContentDelivery delivery, IMemoryCache cache,
        IOptions<CmsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!ScreenSettings.IsWellFormedCode(code) || await db.Screens.AsNoTracking().FirstOrDefaultAsync(s => s.Code == code, ct) is not { } screen)
        {
            return TypedResults.NotFound();
        }

        // Every screen asks every minute: the playlist is built once per screen setting, content
        // version and day (upcoming events move on at midnight), then served from memory.
        var baseUrl = options.Value.BaseUrlFor(http.Request);
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var key = (nameof(SignagePlaylists), screen.Id, screen.UpdatedAt, await delivery.GetContentVersionAsync(ct), day, baseUrl);
        var (version, bytes) = await cache.GetOrCreateAsync(key, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            var playlist = await playlists.BuildAsync(screen, baseUrl, ct);
            return (playlist.Version, SignagePlaylists.Serialize(playlist));
        });

        // The version is a fingerprint of everything else in the playlist, so it is the ETag.
        var etag = $"\"{version}\"";
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "no-cache"; // kept by the screen, but asked about at every poll
        NotIndexed(http.Response);
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.File(bytes, "application/json; charset=utf-8");
    }

    /// <summary>
    /// A screen is alive and shows this playlist version. The body is the version as text/plain
    /// (what navigator.sendBeacon and fetch send for a string) and nothing else: anything larger,
    /// of another type or not a version is refused before the database is asked.
    /// </summary>
    private static async Task<Results<NoContent, NotFound, BadRequest, StatusCodeHttpResult>> HeartbeatAsync(
        string code, HttpRequest request, ScreenService screens, CancellationToken ct)
    {
        if (!ScreenSettings.IsWellFormedCode(code))
        {
            return TypedResults.NotFound();
        }

        if (request.ContentLength is > MaxHeartbeatBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (request.ContentLength is not 0 && request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        var buffer = new byte[MaxHeartbeatBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        if (length > MaxHeartbeatBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var version = System.Text.Encoding.ASCII.GetString(buffer, 0, length).Trim();
        if (version.Length > 0 && !version.All(char.IsAsciiHexDigitLower))
        {
            return TypedResults.BadRequest();
        }

        NotIndexed(request.HttpContext.Response);
        return await screens.HeartbeatAsync(code, version.Length == 0 ? null : version, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}
