using AngleSharp;
using AngleSharp.Html;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Web.Caching;

/// <summary>
/// Public pages are rendered once and served from the output cache, keyed by path (which carries
/// the locale) and the list parameters that change a page. Everything is tagged "content" and
/// evicted as soon as published content changes: at once for saves in this process, within
/// Cms:ChangePollInterval for another node's saves and for scheduled publish times.
/// </summary>
internal static class CachingExtensions
{
    public const string ContentTag = "content";

    /// <summary>A one-pager's chosen short link or campaign (the QR code it prints differs); other pages ignore them.</summary>
    private static readonly string[] PrintChoices = ["link", "campaign"];

    public static WebApplicationBuilder AddPublicCaching(this WebApplicationBuilder builder)
    {
        // The cache's memory budget (ASP.NET Core's default is 100 MB): on a small node serving many pages it is the
        // largest part of the working set after the published snapshot, and a miss costs about a millisecond.
        var megabytes = builder.Configuration.GetValue("Site:OutputCacheMegabytes", 100);
        builder.Services.AddOutputCache(options => options.SizeLimit = Math.Max(1, megabytes) * 1024L * 1024);
        builder.Services.AddSingleton<ContentGeneration>();
        builder.Services.AddOptions<OutputCacheOptions>().Configure<ContentTypeRegistry, Cms.Metrics.SiteMetrics, ContentGeneration>((options, types, metrics, generation) =>
        {
            options.AddBasePolicy(new Hosting.CacheLookupMetrics(metrics)); // hit ratio for /metrics
            options.AddBasePolicy(new StaleRenderGuard(generation));
            // A base policy, not endpoint metadata: the cache runs first in the pipeline, before
            // routing, so a hit skips everything else. Compressed variants are cached per
            // Accept-Encoding, so a page is compressed once per render, not once per request.
            // The query parameters that change a list are the page and the fields the types
            // declare [Filter]: a new filter is a new cache key without a change here.
            options.AddBasePolicy(policy => policy
                .With(context => IsCacheable(context.HttpContext.Request.Path))
                .Expire(TimeSpan.FromHours(1))
                .SetVaryByQuery(["page", .. types.PublicFilterNames, .. types.CompareParameters, .. PrintChoices])
                .SetVaryByHeader("Accept-Encoding")
                .Tag(ContentTag));
        });
        builder.Services.AddHostedService<ContentChangeWatcher>();
        return builder;
    }

    /// <summary>
    /// Minifies HTML on its way into the output cache. The default collapses the templates' indentation
    /// in one pass over the UTF-8 bytes, in place (<see cref="HtmlWhitespace"/>); the earlier AngleSharp
    /// parse-and-serialize pass ("Site:HtmlMinifier": "AngleSharp") is kept for comparison in bench/site.sh,
    /// where it cost most of an uncached render.
    /// </summary>
    public static WebApplication UseHtmlMinification(this WebApplication app)
    {
        var angleSharp = string.Equals(app.Configuration["Site:HtmlMinifier"], "AngleSharp", StringComparison.OrdinalIgnoreCase);
        var parser = new HtmlParser();
        app.UseWhen(IsPage, branch => branch.Use(async (context, next) =>
        {
            var original = context.Response.Body;
            await using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next();
            }
            finally
            {
                context.Response.Body = original;
            }

            buffer.Position = 0;
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true && buffer.Length > 0)
            {
                if (!angleSharp)
                {
                    var length = HtmlWhitespace.Collapse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                    context.Response.ContentLength = length;
                    await original.WriteAsync(buffer.GetBuffer().AsMemory(0, length), context.RequestAborted);
                    return;
                }

                using var reader = new StreamReader(buffer);
                var document = await parser.ParseDocumentAsync(await reader.ReadToEndAsync(context.RequestAborted));
                // Empty attributes carry meaning (value="" on a "none" choice, alt="" on a decorative
                // image, data-* switches for scripts): dropping them changed what forms post.
                var minified = "<!doctype html>" + document.DocumentElement.ToHtml(new MinifyMarkupFormatter { ShouldKeepAttributeQuotes = true, ShouldKeepStandardElements = true, ShouldKeepEmptyAttributes = true });
                var bytes = System.Text.Encoding.UTF8.GetBytes(minified);
                context.Response.ContentLength = bytes.Length;
                await original.WriteAsync(bytes, context.RequestAborted);
            }
            else
            {
                await buffer.CopyToAsync(original, context.RequestAborted);
            }
        }));
        return app;
    }

    /// <summary>Public pages, feeds and sitemaps: everything but the API, the admin, health and static files (which carry their own caching).</summary>
    public static bool IsCacheable(PathString path) =>
        !path.StartsWithSegments("/api") && !path.StartsWithSegments("/openapi") && !path.StartsWithSegments("/admin")
        && !path.StartsWithSegments("/signage") // a screen's settings change without a publish; its playlist carries its own ETag
        && !(path.Value ?? "").EndsWith("/search", StringComparison.Ordinal) // any text can be asked: not a cache key
        && !(path.Value ?? "").Contains("/preview/", StringComparison.Ordinal) // drafts for signed-in editors: never cached
        && !(path.Value ?? "").Contains("/enquiry/", StringComparison.Ordinal) // a form with a per-visitor antiforgery token
        && !(path.Value ?? "").EndsWith("/press/accreditation", StringComparison.Ordinal) // the same, for journalists
        && !path.StartsWithSegments("/health") && !(path.Value ?? "").Contains("/_", StringComparison.Ordinal)
        && (path.Value is not { } value || !value[(value.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal)
            || value.EndsWith(".xml", StringComparison.Ordinal) || value.EndsWith("robots.txt", StringComparison.Ordinal)
            || value.EndsWith(".epub", StringComparison.Ordinal) // issue EPUBs: generated from content, evicted with it
            || value.EndsWith(".ics", StringComparison.Ordinal)); // event calendars: the same

    private static bool IsPage(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return !path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/openapi/", StringComparison.Ordinal)
            && !path[(path.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal);
    }
}

/// <summary>Evicts cached pages when published content changes, whether or not any request arrives.</summary>
internal sealed partial class ContentChangeWatcher(
    IContentDelivery delivery,
    Cms.Metrics.PublishVisibility visibility,
    ContentChangeNotifier notifier,
    IOutputCacheStore cache,
    ContentGeneration generation,
    IOptions<CmsOptions> options,
    ILogger<ContentChangeWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        notifier.Changed += OnLocalChange;
        try
        {
            var seen = await delivery.GetContentVersionAsync(stoppingToken);
            await ObserveAsync(stoppingToken); // the feed's head: changes from here on are timed
            using var timer = new PeriodicTimer(options.Value.ChangePollInterval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var version = await delivery.GetContentVersionAsync(stoppingToken);
                    if (version != seen)
                    {
                        seen = version;
                        generation.Changed();
                        await cache.EvictByTagAsync(CachingExtensions.ContentTag, stoppingToken);
                        await ObserveAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A database hiccup must not stop eviction for good; the next tick tries again.
                    LogPollFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            notifier.Changed -= OnLocalChange;
        }
    }

    private void OnLocalChange()
    {
        generation.Changed();
        _ = cache.EvictByTagAsync(CachingExtensions.ContentTag, CancellationToken.None).AsTask().ContinueWith(_ => ObserveAsync(CancellationToken.None), TaskScheduler.Default);
    }

    /// <summary>Publish-to-visible for /metrics: the changes this node has just evicted for, timed from when they took effect.</summary>
    private async Task ObserveAsync(CancellationToken ct)
    {
        try
        {
            await visibility.ObserveAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPollFailed(logger, ex); // a measurement is never worth failing eviction for
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking for content changes failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
