using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;

namespace PromoSite.Cms.Search;

/// <summary>
/// Builds the node's in-memory search index at start and brings it up to date after every content
/// change this node hears of (its own saves, and other nodes' through LISTEN/NOTIFY on PostgreSQL),
/// so searches rarely wait for it. A search that finds the index behind still catches it up first
/// (<see cref="ContentSearch"/>), so nothing depends on this running on time.
/// </summary>
public sealed partial class SearchIndexKeeper(ContentDeliveryService delivery, LuceneSearchIndex memory, ContentChangeNotifier notifier, Microsoft.Extensions.Options.IOptions<CmsOptions> options, ILogger<SearchIndexKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SearchInMemory)
        {
            return;
        }

        // One pending signal is enough: a burst of saves is caught up once, from the latest snapshot.
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged() => changed.Writer.TryWrite(true);
        notifier.Changed += OnChanged;
        try
        {
            changed.Writer.TryWrite(true); // the first build
            await foreach (var _ in changed.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await memory.CatchUpAsync(await delivery.SnapshotAsync(stoppingToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCatchUpFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            notifier.Changed -= OnChanged;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bringing the in-memory search index up to date failed; searches use the database index until the next change")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
}
