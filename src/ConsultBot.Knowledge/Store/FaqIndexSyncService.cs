using ConsultBot.Protocol.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Knowledge.Store;

/// <summary>
/// Runs on every instance: polls <c>knowledge/meta</c> every <see cref="KnowledgeOptions.IndexSyncInterval"/>
/// and applies changes made by other instances to the local index without a restart. Also builds the
/// index if the host did not call <c>PrepareKnowledgeAsync</c> (or the store was down at start).
/// </summary>
internal sealed partial class FaqIndexSyncService(
    FaqIndexSynchronizer synchronizer,
    IOptions<KnowledgeOptions> options,
    TimeProvider timeProvider,
    ILogger<FaqIndexSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.IndexSyncInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await synchronizer.SyncAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StorageUnavailableException ex)
            {
                Log.StoreUnavailable(logger, ex);
            }
#pragma warning disable CA1031 // The loop must survive a bad document; the next poll retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.SyncFailed(logger, ex);
            }

            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6111, LogLevel.Warning, "FAQ index sync: the store is unavailable; retrying at the next poll")]
        public static partial void StoreUnavailable(ILogger logger, Exception exception);

        [LoggerMessage(6112, LogLevel.Error, "FAQ index sync failed; retrying at the next poll")]
        public static partial void SyncFailed(ILogger logger, Exception exception);
    }
}
