using ConsultBot.Protocol.State;

namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// Serialises the turns of one conversation across instances that share a store. On one instance
/// <see cref="ConversationTurnQueue"/> already orders turns; when several hosts share PostgreSQL and a
/// load balancer hands a conversation's next message to another host before the first finished, that
/// host must wait too, or it would run on state the first turn has not committed yet.
/// </summary>
public interface IConversationLease
{
    /// <summary>
    /// Waits for the conversation's lease; the result releases it. Null when it could not be had in time.
    /// <paramref name="orderKey"/> sorts the turn among the conversation's waiting turns (the channel's timestamp
    /// first): a turn that gets the lease while an earlier one waits on another host lets that one go first.
    /// </summary>
    ValueTask<IAsyncDisposable?> AcquireAsync(string conversationKey, string orderKey, CancellationToken cancellationToken);
}

/// <summary>For a store only one process uses (SQLite, memory): the in-process queue is enough.</summary>
public sealed class NoConversationLease : IConversationLease
{
    public ValueTask<IAsyncDisposable?> AcquireAsync(string conversationKey, string orderKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IAsyncDisposable?>(NoLease.Instance);

    private sealed class NoLease : IAsyncDisposable
    {
        public static readonly NoLease Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// A lease as an expiring store item written create-only: whoever creates it holds the conversation;
/// an expired lease (its holder crashed) reads as missing and can be taken over. Released by
/// overwriting it, with the ETag it was created with, as already expired, so a holder that outlived
/// its lease never releases someone else's. Chosen over holding a database lock for the turn because
/// it needs no connection pinned per turn and survives a crashed host by plain expiry; the turn's
/// ETag-checked commit stays as the safety net should a lease expire mid-turn.
/// <para>
/// A lease alone is first come, first served: when a load balancer hands two quick messages of one person to
/// two hosts, the second can win the lease and be answered first (seen in the Playground: a follow-up answered
/// without its question). So each waiting turn also announces itself under <c>turn-order/{conversation}/</c>,
/// keyed by the channel's timestamp; whoever holds the lease while an earlier turn is announced releases it
/// and waits. Announcements expire with the lease duration, and the wait is bounded by the lease wait, so a
/// host that died with an announcement holds nobody up for long.
/// </para>
/// </summary>
public sealed class StoreConversationLease(IStorage storage, TimeProvider timeProvider, TimeSpan duration, TimeSpan maxWait) : IConversationLease
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    public async ValueTask<IAsyncDisposable?> AcquireAsync(string conversationKey, string orderKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderKey);
        var key = "leases/" + conversationKey;
        var waitingPrefix = "turn-order/" + conversationKey + "/";
        var announcement = waitingPrefix + orderKey;
        var start = timeProvider.GetUtcNow();
        await storage.WriteAsync(
            new Dictionary<string, StoreItem>(1) { [announcement] = new StoreItem("{}", StoreItem.Any, start + duration) },
            cancellationToken).ConfigureAwait(false);
        var deadline = start + maxWait;
        var pause = FirstPause;
        while (true)
        {
            var now = timeProvider.GetUtcNow();
            try
            {
                var etags = await storage.WriteAsync(
                    new Dictionary<string, StoreItem>(1) { [key] = new StoreItem("{}", StoreItem.CreateOnly, now + duration) },
                    cancellationToken).ConfigureAwait(false);
                var lease = new Lease(storage, timeProvider, key, etags[key], announcement);
                if (now >= deadline || !await EarlierTurnWaitsAsync(waitingPrefix, announcement, cancellationToken).ConfigureAwait(false))
                {
                    return lease;
                }

                // An earlier message of this conversation waits on another host: it goes first.
                await lease.ReleaseLeaseOnlyAsync().ConfigureAwait(false);
            }
            catch (EtagException)
            {
                // Held by another turn, here or on another host: wait a little longer each time.
            }

            if (now >= deadline)
            {
                return null;
            }

            await Task.Delay(pause, timeProvider, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    private async Task<bool> EarlierTurnWaitsAsync(string waitingPrefix, string announcement, CancellationToken cancellationToken)
    {
        // A few, compared ordinally here: the store's collation need not sort the id suffix of equal timestamps the same way.
        var waiting = await storage.ListAsync(waitingPrefix, 8, cancellationToken).ConfigureAwait(false);
        return waiting.Any(w => string.CompareOrdinal(w.Key, announcement) < 0);
    }

    private sealed class Lease(IStorage storage, TimeProvider timeProvider, string key, string etag, string announcement) : IAsyncDisposable
    {
        /// <summary>Gives the lease back but stays announced (the turn still waits for its go).</summary>
        public async Task ReleaseLeaseOnlyAsync()
        {
            try
            {
                await storage.WriteAsync(
                    new Dictionary<string, StoreItem>(1) { [key] = new StoreItem("{}", etag, timeProvider.GetUtcNow() - TimeSpan.FromSeconds(1)) },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (EtagException)
            {
                // Expired and taken over already: nothing of ours to release.
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                // One atomic write releases the lease and withdraws the announcement.
                var expired = timeProvider.GetUtcNow() - TimeSpan.FromSeconds(1);
                await storage.WriteAsync(
                    new Dictionary<string, StoreItem>(2)
                    {
                        [key] = new StoreItem("{}", etag, expired),
                        [announcement] = new StoreItem("{}", StoreItem.Any, expired),
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (EtagException)
            {
                // The lease expired and was taken over: only the announcement is still ours to withdraw.
                await WithdrawAsync().ConfigureAwait(false);
            }
            catch (StorageUnavailableException)
            {
                // Both expire by themselves.
            }
        }

        private async Task WithdrawAsync()
        {
            try
            {
                await storage.DeleteAsync([announcement], CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageUnavailableException)
            {
                // It expires by itself.
            }
        }
    }
}
