namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// Turns of one conversation run one at a time, in the order they arrived (<see cref="ArrivalOrder"/>); turns of different
/// conversations never wait for each other (one small gate per busy conversation, no global lock).
/// A gate exists only while its conversation has a turn running or waiting, so memory stays flat
/// however many conversations the bot has ever seen. Each conversation's queue is bounded: a client
/// that floods one conversation is refused instead of growing the queue without end.
/// </summary>
public sealed class ConversationTurnQueue(int maxWaitingPerConversation)
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Conversations with a turn running or waiting (for tests and metrics).</summary>
    public int ActiveConversations
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    /// <summary>
    /// Waits for the conversation's turn. Returns null when the conversation already has
    /// <c>maxWaitingPerConversation</c> turns waiting; otherwise a slot to dispose when the turn is over.
    /// </summary>
    public ValueTask<IAsyncDisposable?> EnterAsync(string conversationKey, CancellationToken cancellationToken) =>
        EnterAsync(conversationKey, arrival: null, cancellationToken);

    /// <summary>
    /// As <see cref="EnterAsync(string, CancellationToken)"/>, but joins the line in arrival order: first waits for
    /// earlier requests that may belong to this conversation (<see cref="ArrivalOrder"/>), then settles the arrival.
    /// </summary>
    public async ValueTask<IAsyncDisposable?> EnterAsync(string conversationKey, ArrivalOrder.Arrival? arrival, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        if (arrival is not null)
        {
            await arrival.WaitForEarlierAsync(conversationKey, cancellationToken).ConfigureAwait(false);
        }

        TaskCompletionSource<bool> waiter;
        Gate gate;
        try
        {
            lock (_gates)
            {
                if (!_gates.TryGetValue(conversationKey, out gate!))
                {
                    gate = new Gate(conversationKey);
                    _gates.Add(conversationKey, gate);
                    return new Slot(this, gate);
                }

                if (gate.Waiting.Count >= maxWaitingPerConversation)
                {
                    return null;
                }

                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                gate.Waiting.Enqueue(waiter);
            }
        }
        finally
        {
            arrival?.Dispose(); // in the line (or refused): later requests need not wait for this one any more
        }

        // A cancelled waiter stays in the queue; Leave skips it because its TrySetResult fails.
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetCanceled(), waiter))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return new Slot(this, gate);
    }

    private void Leave(Gate gate)
    {
        lock (_gates)
        {
            // Hand the conversation to the next waiter still waiting (a cancelled one is skipped).
            while (gate.Waiting.TryDequeue(out var next))
            {
                if (next.TrySetResult(true))
                {
                    return;
                }
            }

            _gates.Remove(gate.Key);
        }
    }

    private sealed class Gate(string key)
    {
        public string Key { get; } = key;

        public Queue<TaskCompletionSource<bool>> Waiting { get; } = new();
    }

    private sealed class Slot(ConversationTurnQueue queue, Gate gate) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                queue.Leave(gate);
            }

            return ValueTask.CompletedTask;
        }
    }
}
