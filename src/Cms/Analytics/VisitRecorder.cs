using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace PromoSite.Cms.Analytics;

/// <summary>What a request leaves behind for the writer: raw, in memory only, for a few seconds at most.</summary>
internal sealed record PendingHit(
    DateTime At,
    string Kind,
    string Path,
    string? UserAgent,
    IPAddress? Address,
    string? Referrer,
    string? Host,
    string? Campaign,
    string? Channel,
    string? ShortCode = null,
    string? Locale = null,
    long? ItemId = null);

/// <summary>
/// Takes page views and short-link scans off the request path: a request only copies a few
/// strings into a bounded in-memory queue; bot filtering, hashing, working out the item and the
/// database write happen in <see cref="AnalyticsWriter"/>, in batches. When the queue is full
/// hits are dropped and counted, so a flood slows nobody down.
/// </summary>
public sealed class VisitRecorder
{
    private readonly Channel<object> _queue;
    private readonly TimeProvider _clock;
    private long _dropped;
    private TaskCompletionSource _nudge = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public VisitRecorder(IOptions<AnalyticsOptions> options, TimeProvider clock)
    {
        Enabled = options.Value.Enabled;
        _clock = clock;
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once, and the hit is counted as dropped
            SingleReader = true,
        });
    }

    public bool Enabled { get; }

    /// <summary>Hits dropped since start because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<object> Reader => _queue.Reader;

    /// <summary>Completes when someone asks for a flush, so the writer need not wait out its gathering delay.</summary>
    internal Task Nudged => Volatile.Read(ref _nudge).Task;

    /// <summary>Counts a public page view if the finished response is one (see <see cref="IsPageView"/>).</summary>
    public void RecordPageView(HttpContext context)
    {
        if (!Enabled)
        {
            return;
        }

        if (!IsPageView(context))
        {
            RecordDownload(context);
            return;
        }

        var request = context.Request;
        var query = request.QueryString.HasValue ? request.Query : null; // most views have no query: do not parse one
        Enqueue(new PendingHit(
            _clock.GetUtcNow().UtcDateTime,
            AnalyticsHit.View,
            request.Path.Value ?? "/",
            request.Headers.UserAgent.ToString(),
            context.Connection.RemoteIpAddress,
            request.Headers.Referer.ToString(),
            request.Host.Host,
            query?["utm_campaign"].ToString(),
            query?["utm_medium"].ToString()));
    }

    /// <summary>The files a download is counted for: an issue's EPUB, and PDFs under a language's pages.</summary>
    public static readonly IReadOnlyList<string> DownloadExtensions = [".epub", ".pdf"];

    /// <summary>
    /// Counts a download (a 200 for a counted file under /{locale}/). Its campaign is the page's own
    /// utm_campaign, else that of the page it was taken from (the same site's Referer, which carries
    /// the landing address a short link redirected to): no cookie is needed to carry it.
    /// </summary>
    private void RecordDownload(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (!HttpMethods.IsGet(request.Method) || context.Response.StatusCode != StatusCodes.Status200OK
            || !DownloadExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            || path.Length < 4 || path[3] != '/' || !IsLocale(path.AsSpan(1, 2)) || IsStaff(context))
        {
            return;
        }

        var referrer = request.Headers.Referer.ToString();
        var (campaign, channel) = request.Query.TryGetValue("utm_campaign", out var own) && !string.IsNullOrWhiteSpace(own)
            ? (own.ToString(), request.Query["utm_medium"].ToString())
            : CampaignOf(referrer, request.Host.Host);
        Enqueue(new PendingHit(
            _clock.GetUtcNow().UtcDateTime,
            AnalyticsHit.Download,
            path,
            request.Headers.UserAgent.ToString(),
            context.Connection.RemoteIpAddress,
            referrer,
            request.Host.Host,
            campaign,
            channel));
    }

    /// <summary>utm_campaign and utm_medium of a page of this same site; nothing from another site's address.</summary>
    public static (string? Campaign, string? Channel) CampaignOf(string? referrer, string? ownHost)
    {
        if (!Uri.TryCreate(referrer, UriKind.Absolute, out var uri) || !string.Equals(uri.Host, ownHost, StringComparison.OrdinalIgnoreCase) || uri.Query.Length < 2)
        {
            return (null, null);
        }

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        return (query.TryGetValue("utm_campaign", out var c) ? c.ToString() : null, query.TryGetValue("utm_medium", out var m) ? m.ToString() : null);
    }

    /// <summary>Counts a short-link scan, whether or not its target is still published.</summary>
    public void RecordScan(HttpContext context, string code, string locale, long? itemId, string? targetPath, string campaign, string channel)
    {
        if (!Enabled || IsStaff(context))
        {
            return;
        }

        var request = context.Request;
        Enqueue(new PendingHit(
            _clock.GetUtcNow().UtcDateTime,
            AnalyticsHit.Scan,
            targetPath ?? request.Path.Value ?? "/",
            request.Headers.UserAgent.ToString(),
            context.Connection.RemoteIpAddress,
            request.Headers.Referer.ToString(),
            request.Host.Host,
            campaign,
            channel,
            code,
            locale,
            itemId));
    }

    /// <summary>Completes once every hit recorded before the call is in the database (for tests and shutdown).</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(done, ct);
        Interlocked.Exchange(ref _nudge, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        await done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// A successful GET of a public HTML page, by someone who is not signed in to the admin.
    /// This runs on every request, cached or not, so it is a few comparisons and no allocation
    /// (measured: parsing the cookies and testing seven path prefixes cost a tenth of the
    /// throughput of a cached page on a 2-core machine).
    /// </summary>
    public static bool IsPageView(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) || response.StatusCode is not (StatusCodes.Status200OK or StatusCodes.Status304NotModified))
        {
            return false;
        }

        // Public pages are "/" (the language chooser) and /{locale}/...; the admin, the API, short
        // links and framework files all start otherwise. A dot in the last segment is a file.
        var path = (request.Path.Value ?? "/").AsSpan();
        if (path.Length > 1 && !(path.Length >= 3 && IsLocale(path.Slice(1, 2)) && (path.Length == 3 || path[3] == '/')))
        {
            return false;
        }

        if (path[(path.LastIndexOf('/') + 1)..].Contains('.'))
        {
            return false; // sitemaps, feeds, downloads
        }

        if (response.StatusCode == StatusCodes.Status200OK && response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) != true)
        {
            return false;
        }

        // Speculative loads are not views; staff checking their own pages are not visitors.
        var headers = request.Headers;
        return !IsPrefetch(headers["Sec-Purpose"]) && !IsPrefetch(headers["Purpose"]) && !IsStaff(context);
    }

    private static bool IsLocale(ReadOnlySpan<char> code)
    {
        foreach (var locale in Content.Locales.All)
        {
            if (code.SequenceEqual(locale))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPrefetch(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count > 0 && value.ToString().Contains("prefetch", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The browser has signed in to the admin: the staff marker cookie is there (read from the raw
    /// header: parsing every cookie is not free). The sign-in cookie itself is limited to /admin and
    /// the management API, so it never reaches public pages; the marker (path "/", no authority, set
    /// at sign-in, removed at sign-out, expiring with the longest session) stands in for it here.
    /// </summary>
    private static bool IsStaff(HttpContext context) =>
        context.Request.Headers.Cookie is { Count: > 0 } cookie && cookie.ToString().Contains(Admin.StaffSessions.StaffMarker + "=", StringComparison.Ordinal);

    private void Enqueue(PendingHit hit)
    {
        if (!_queue.Writer.TryWrite(hit))
        {
            Interlocked.Increment(ref _dropped);
        }
    }
}
