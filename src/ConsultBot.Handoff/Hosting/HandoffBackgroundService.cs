using ConsultBot.Handoff.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff;

/// <summary>
/// Runs <see cref="IHandoffMaintenance"/> every <see cref="HandoffOptions.PollInterval"/> (on the injected
/// <see cref="TimeProvider"/>), and at once when a turn queued a delivery.
/// </summary>
internal sealed class HandoffBackgroundService(
    IHandoffMaintenance maintenance,
    OutboxSignal signal,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<HandoffBackgroundService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsChannelConfigured)
        {
            logger.NoChannel();
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await maintenance.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The service's loop boundary: a failed pass is logged and retried on the next tick.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.PassFailed(ex);
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
