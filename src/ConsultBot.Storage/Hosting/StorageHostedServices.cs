using ConsultBot.Protocol.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Storage.Hosting;

/// <summary>
/// Applies migrations when the host starts (a no-op when the host already called <c>MigrateStorageAsync</c>).
/// A store that is down at start does not stop the host: migrations are retried in the background with a
/// doubling delay (1 s up to <see cref="StorageOptions.MigrationRetryMaxDelay"/>) while <c>/readyz</c> reports
/// the store as not ready.
/// </summary>
internal sealed class StorageMigrationHostedService(
    StorageMigrator migrator,
    IOptions<StorageOptions> options,
    TimeProvider timeProvider,
    ILogger<StorageMigrationHostedService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retry = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStart || migrator.IsMigrated)
        {
            return;
        }

        if (migrator.LastFailure is null)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StorageUnavailableException e)
            {
                logger.MigrationDeferred(NextDelay(TimeSpan.Zero), e);
            }
        }

        // Either the attempt above failed, or the host's own attempt before starting did: do not hold the start
        // for another connect timeout, retry in the background.
        _retry = RetryAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _retry.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public void Dispose() => _stopping.Dispose();

    private TimeSpan NextDelay(TimeSpan previous)
    {
        var max = options.Value.MigrationRetryMaxDelay;
        var next = previous <= TimeSpan.Zero ? FirstRetryDelay : previous * 2;
        return next < max ? next : max;
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        var delay = NextDelay(TimeSpan.Zero);
        for (var attempt = 1; !migrator.IsMigrated; attempt++)
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            try
            {
                await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
                logger.MigrationRecovered(attempt + 1);
            }
            catch (StorageUnavailableException e)
            {
                delay = NextDelay(delay);
                logger.MigrationDeferred(delay, e);
            }
        }
    }
}

/// <summary>Deletes expired items every <see cref="StorageOptions.PurgeInterval"/> (they already read as missing).</summary>
internal sealed class StoragePurgeService(
    IStorageBackend backend,
    StorageMigrator migrator,
    IOptions<StorageOptions> options,
    TimeProvider timeProvider,
    ILogger<StoragePurgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!migrator.IsMigrated)
            {
                continue;
            }

            try
            {
                var purged = await backend.PurgeExpiredAsync(stoppingToken).ConfigureAwait(false);
                logger.Purged(purged, backend.Name);
            }
            catch (StorageUnavailableException e)
            {
                logger.PurgeSkipped(e);
            }
        }
    }
}
