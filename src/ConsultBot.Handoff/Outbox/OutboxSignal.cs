namespace ConsultBot.Handoff.Outbox;

/// <summary>Wakes the background service when a turn queued a delivery, instead of waiting for the next poll.</summary>
internal sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up is enough.
        }
    }

    /// <summary>Waits for a signal or the timeout; true when signalled.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeProvider, timeoutSource.Token);
        var signal = _semaphore.WaitAsync(timeoutSource.Token);
        var first = await Task.WhenAny(delay, signal);
        await timeoutSource.CancelAsync();
        try
        {
            await Task.WhenAll(delay, signal);
        }
        catch (OperationCanceledException)
        {
            // One of the two was cancelled because the other finished.
        }

        cancellationToken.ThrowIfCancellationRequested();
        return first == signal && signal.IsCompletedSuccessfully;
    }

    public void Dispose() => _semaphore.Dispose();
}
