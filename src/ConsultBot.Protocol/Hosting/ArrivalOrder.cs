namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// The order requests reached the messaging endpoint, kept across the asynchronous part before a turn joins its
/// conversation's line (reading the body, validating the token, the rate limit). Without it two messages sent a
/// few milliseconds apart could swap there on a busy machine: the second one's continuation runs first and takes
/// the first place in the line (seen in the Agents Playground: "dobierz model" then "2", and "2" answered first).
/// <para>
/// Every request takes a number synchronously when it arrives. Before a turn joins its line it waits for the earlier
/// requests that might belong to the same conversation: those whose conversation is not known yet (body still being
/// read) and those of the same conversation that have not joined yet. Other conversations' turns that are already
/// identified are never waited for. The wait is bounded (<see cref="BotAdapterOptions.ArrivalOrderWait"/>) so a slow
/// client cannot hold anyone back for longer; see docs/turn-pipeline.md.
/// </para>
/// </summary>
public sealed class ArrivalOrder(TimeProvider timeProvider, TimeSpan maxWait)
{
    private readonly LinkedList<Arrival> _pending = new();
    private long _last;

    /// <summary>Requests that arrived and have not yet joined a line or been answered (for tests).</summary>
    public int Pending
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Takes the next number. Call synchronously when the request arrives, before any await.</summary>
    public Arrival Begin()
    {
        lock (_pending)
        {
            var arrival = new Arrival(this, ++_last);
            arrival.Node = _pending.AddLast(arrival);
            return arrival;
        }
    }

    /// <summary>Waits until no earlier request can still join <paramref name="conversationKey"/>'s line (or the bound passed).</summary>
    internal async ValueTask<bool> WaitForEarlierAsync(Arrival arrival, string conversationKey, CancellationToken cancellationToken)
    {
        List<Task>? earlier = null;
        lock (_pending)
        {
            arrival.ConversationKey ??= conversationKey;
            for (var node = _pending.First; node is not null && node.Value.Number < arrival.Number; node = node.Next)
            {
                if (node.Value.ConversationKey is not { } key || string.Equals(key, conversationKey, StringComparison.Ordinal))
                {
                    (earlier ??= []).Add(node.Value.Settled);
                }
            }
        }

        if (earlier is null || maxWait <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.WhenAll(earlier).WaitAsync(maxWait, timeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false; // an earlier request is too slow to wait for: this one goes on in its own arrival order
        }
    }

    private void Settle(Arrival arrival)
    {
        lock (_pending)
        {
            if (arrival.Node is { } node)
            {
                _pending.Remove(node);
                arrival.Node = null;
            }
        }

        arrival.Complete();
    }

    /// <summary>One request's place in the arrival order; disposed (settled) once its turn joined its line or it was answered.</summary>
    public sealed class Arrival : IDisposable
    {
        private readonly ArrivalOrder _order;
        private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Arrival(ArrivalOrder order, long number)
        {
            _order = order;
            Number = number;
        }

        /// <summary>The arrival number, increasing per instance.</summary>
        public long Number { get; }

        internal string? ConversationKey { get; set; }

        internal LinkedListNode<Arrival>? Node { get; set; }

        internal Task Settled => _settled.Task;

        /// <summary>Tells later requests which conversation this one belongs to, as soon as the body is read.</summary>
        public void Identify(string conversationKey)
        {
            lock (_order._pending)
            {
                ConversationKey ??= conversationKey;
            }
        }

        /// <summary>Waits for the earlier requests that may still join <paramref name="conversationKey"/>'s line; false when the bound passed.</summary>
        public ValueTask<bool> WaitForEarlierAsync(string conversationKey, CancellationToken cancellationToken) =>
            _order.WaitForEarlierAsync(this, conversationKey, cancellationToken);

        /// <summary>Settles the place: later requests no longer wait for this one.</summary>
        public void Dispose() => _order.Settle(this);

        internal void Complete() => _settled.TrySetResult();
    }
}
