using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Analytics;

/// <summary>
/// Drains <see cref="VisitRecorder"/>'s queue in batches: drops bots, turns the address and user
/// agent into a day-salted visitor hash (the address itself is never written), works out the
/// item behind the path and writes the batch in one transaction. Once an hour it deletes salts
/// older than yesterday and hits older than the retention period.
/// </summary>
public sealed partial class AnalyticsWriter(
    VisitRecorder recorder,
    IServiceScopeFactory scopes,
    IVisitClassifier classifier,
    TimeProvider clock,
    IOptions<AnalyticsOptions> options,
    ILogger<AnalyticsWriter> logger) : BackgroundService
{
    private readonly Dictionary<DateOnly, byte[]> _salts = [];
    private readonly Dictionary<string, bool> _bots = new(StringComparer.Ordinal);
    private DateTime _lastHousekeeping = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = recorder.Reader;
        var batch = new List<PendingHit>();
        var flushes = new List<TaskCompletionSource>();
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < options.Value.BatchSize && reader.TryRead(out var entry))
                {
                    if (entry is PendingHit hit)
                    {
                        batch.Add(hit);
                    }
                    else if (entry is TaskCompletionSource flush)
                    {
                        flushes.Add(flush);
                        break; // everything before the flush is in this batch
                    }
                }

                var full = batch.Count >= options.Value.BatchSize;
                await WriteAsync(batch, stoppingToken);
                batch.Clear();
                await HousekeepAsync(stoppingToken);
                flushes.ForEach(f => f.TrySetResult());
                flushes.Clear();
                var nudged = recorder.Nudged; // taken before looking at the queue, so a flush in between is not missed
                if (!full && reader.Count == 0)
                {
                    // Let hits gather, so a busy site writes a few large batches instead of many small ones.
                    await Task.WhenAny(Task.Delay(options.Value.WriteInterval, stoppingToken), nudged);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is written by StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var rest = new List<PendingHit>();
        while (recorder.Reader.TryRead(out var entry))
        {
            if (entry is PendingHit hit)
            {
                rest.Add(hit);
            }
            else if (entry is TaskCompletionSource flush)
            {
                flush.TrySetResult();
            }
        }

        await WriteAsync(rest, cancellationToken);
    }

    private async Task WriteAsync(List<PendingHit> batch, CancellationToken ct)
    {
        var counted = batch.Where(h => !IsBot(h.UserAgent)).ToList();
        if (counted.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var targets = new Dictionary<string, VisitTarget>(StringComparer.Ordinal);
            var visitors = new Dictionary<(DateOnly, IPAddress?, string?), long>();
            var rows = new Dictionary<AnalyticsHit, AnalyticsHit>(RowKey.Instance);
            foreach (var hit in counted)
            {
                var day = DateOnly.FromDateTime(hit.At);
                if (!visitors.TryGetValue((day, hit.Address, hit.UserAgent), out var visitor))
                {
                    visitor = VisitorHash(await SaltAsync(db, day, ct), hit.Address, hit.UserAgent);
                    visitors[(day, hit.Address, hit.UserAgent)] = visitor;
                }

                var path = Clip(hit.Path, 300)!;
                // A download is of the page it belongs to: an issue's EPUB is that (same address without the extension).
                var page = hit.Kind == AnalyticsHit.Download ? path[..path.LastIndexOf('.')] : path;
                if (!targets.TryGetValue(page, out var target))
                {
                    target = await classifier.ClassifyAsync(page, ct);
                    targets[page] = target;
                }

                if (hit.Kind == AnalyticsHit.Scan)
                {
                    // A scan's path is its target's; the link itself knows the language and the item.
                    target = target with { Locale = hit.Locale ?? target.Locale, ItemId = hit.ItemId };
                }

                var row = new AnalyticsHit
                {
                    At = hit.At,
                    Day = day,
                    Kind = hit.Kind,
                    Locale = target.Locale,
                    Section = target.Section,
                    Path = path,
                    ItemId = target.ItemId,
                    Referrer = ExternalHost(hit.Referrer, hit.Host),
                    Campaign = Clip(NullIfEmpty(hit.Campaign), 200),
                    Channel = Clip(NullIfEmpty(hit.Channel)?.ToLowerInvariant(), 16),
                    ShortCode = hit.ShortCode,
                    Visitor = visitor,
                };
                if (rows.TryGetValue(row, out var same))
                {
                    same.Count++; // the same visitor again on the same page from the same source
                }
                else
                {
                    rows[row] = row;
                }
            }

            db.AnalyticsHits.AddRange(rows.Values);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Counting must never take the site down; a lost batch is logged and the next one tried.
            LogWriteFailed(logger, ex, counted.Count);
        }
    }

    /// <summary>Rows that differ only in time and count are one row.</summary>
    private sealed class RowKey : IEqualityComparer<AnalyticsHit>
    {
        public static readonly RowKey Instance = new();

        public bool Equals(AnalyticsHit? x, AnalyticsHit? y) =>
            x is not null && y is not null && x.Day == y.Day && x.Visitor == y.Visitor && x.Kind == y.Kind && x.Path == y.Path && x.Locale == y.Locale
            && x.ItemId == y.ItemId && x.Section == y.Section && x.Referrer == y.Referrer && x.Campaign == y.Campaign && x.Channel == y.Channel && x.ShortCode == y.ShortCode;

        public int GetHashCode(AnalyticsHit obj) => HashCode.Combine(obj.Day, obj.Visitor, obj.Kind, obj.Path, obj.Referrer, obj.Campaign, obj.ShortCode);
    }

    /// <summary>Robot or browser, remembered per user agent: a busy site sees the same few hundred over and over.</summary>
    private bool IsBot(string? userAgent)
    {
        var key = userAgent ?? "";
        if (_bots.TryGetValue(key, out var known))
        {
            return known;
        }

        if (_bots.Count >= 10_000)
        {
            _bots.Clear(); // bounded: a flood of made-up user agents cannot grow it without end
        }

        return _bots[key] = Bots.IsBot(userAgent);
    }

    /// <summary>The day's salt: made by whichever node needs it first, shared through the database, kept in memory here.</summary>
    private async Task<byte[]> SaltAsync(CmsDbContext db, DateOnly day, CancellationToken ct)
    {
        if (_salts.TryGetValue(day, out var known))
        {
            return known;
        }

        var stored = await db.AnalyticsSalts.AsNoTracking().Where(s => s.Day == day).Select(s => s.Salt).FirstOrDefaultAsync(ct);
        if (stored is null)
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            // Another node may insert the same day at the same moment: the first one wins and both read it back.
            await db.Database.ExecuteSqlAsync($"INSERT INTO analytics_salts (\"Day\", \"Salt\") VALUES ({day}, {fresh}) ON CONFLICT (\"Day\") DO NOTHING", ct);
            stored = await db.AnalyticsSalts.AsNoTracking().Where(s => s.Day == day).Select(s => s.Salt).FirstAsync(ct);
        }

        _salts[day] = stored;
        return stored;
    }

    private async Task HousekeepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (now - _lastHousekeeping < TimeSpan.FromHours(1))
        {
            return;
        }

        _lastHousekeeping = now;
        var yesterday = DateOnly.FromDateTime(now).AddDays(-1);
        var oldest = DateOnly.FromDateTime(now).AddDays(-Math.Max(1, options.Value.RetentionDays));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.AnalyticsSalts.Where(s => s.Day < yesterday).ExecuteDeleteAsync(ct);
            await db.AnalyticsHits.Where(h => h.Day < oldest).ExecuteDeleteAsync(ct);
            foreach (var day in _salts.Keys.Where(d => d < yesterday).ToList())
            {
                _salts.Remove(day);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHousekeepingFailed(logger, ex);
        }
    }

    /// <summary>SHA-256 of the day's salt, the address and the user agent, cut to 64 bits: enough to count a day's visitors apart.</summary>
    public static long VisitorHash(byte[] salt, IPAddress? address, string? userAgent)
    {
        byte[] input = [.. salt, .. address?.GetAddressBytes() ?? [], 0, .. Encoding.UTF8.GetBytes(userAgent ?? "")];
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    /// <summary>Another site's host name; null for no referrer, a malformed one, or this site itself.</summary>
    public static string? ExternalHost(string? referrer, string? ownHost) =>
        Uri.TryCreate(referrer, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && !string.Equals(uri.Host, ownHost, StringComparison.OrdinalIgnoreCase)
            ? Clip(uri.Host.ToLowerInvariant(), 200)
            : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} analytics hits; they are lost.")]
    private static partial void LogWriteFailed(ILogger logger, Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics housekeeping failed; it is tried again within the hour.")]
    private static partial void LogHousekeepingFailed(ILogger logger, Exception ex);
}
