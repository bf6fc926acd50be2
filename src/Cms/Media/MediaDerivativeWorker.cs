using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Media;

/// <summary>
/// Makes derivatives in the background: at start for every media file still without them (so a
/// restored backup or a node that joins catches up), then whenever content changes (an upload, a
/// replaced file, an import). Until an image's set is complete its pages serve the original; once
/// it is, cached pages are let go so they are rendered again with srcset.
/// </summary>
public sealed partial class MediaDerivativeWorker(
    IServiceScopeFactory scopes, MediaDerivatives derivatives, ContentChangeNotifier notifier, IOptions<MediaOptions> options, Hosting.IJobLease lease, ILogger<MediaDerivativeWorker> logger)
    : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Completes when the work known at the time of the call is done (tests and the derive command wait on it).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var made = 0;
        foreach (var file in await PendingAsync(ct))
        {
            if (await derivatives.GenerateAsync(file, ct))
            {
                made++;
            }
        }

        if (made > 0)
        {
            notifier.NotifyChanged();
        }

        return made;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Derivatives)
        {
            return;
        }

        notifier.Changed += Wake;
        try
        {
            _wake.Writer.TryWrite(true);
            while (await _wake.Reader.WaitToReadAsync(stoppingToken))
            {
                _wake.Reader.TryRead(out _);
                try
                {
                    // One node makes them (the files are shared); a node that wakes after the holder died takes over.
                    if (!await lease.TryAcquireAsync("derivatives", Hosting.JobLeasing.DefaultDuration, stoppingToken))
                    {
                        continue;
                    }

                    var made = await RunOnceAsync(stoppingToken);
                    if (made > 0)
                    {
                        LogMade(logger, made);
                    }
                }
                catch (VipsUnavailableException)
                {
                    return; // logged once by MediaDerivatives; originals are served until libvips is installed
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e);
                    await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            notifier.Changed -= Wake;
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Image files named by media items (in the trash too: restoring must not wait) that have no derivatives yet.</summary>
    private async Task<List<string>> PendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var shared = await db.Items.AsNoTracking().Where(i => i.Type == MediaAsset.Key).Select(i => i.SharedJson).ToListAsync(ct);
        var pending = new List<string>();
        foreach (var file in shared.Select(json => JsonNode.Parse(json)?["file"]?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (MediaDerivatives.CanDerive(file) && !await derivatives.IsDoneAsync(file, ct))
            {
                pending.Add(file);
            }
        }

        return pending;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Made derivatives for {Count} image(s).")]
    private static partial void LogMade(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Making image derivatives failed; trying again shortly.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
