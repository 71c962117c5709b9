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
    /// <summary>Waits for the conversation's lease; the result releases it. Null when it could not be had in time.</summary>
    ValueTask<IAsyncDisposable?> AcquireAsync(string conversationKey, CancellationToken cancellationToken);
}

/// <summary>For a store only one process uses (SQLite, memory): the in-process queue is enough.</summary>
public sealed class NoConversationLease : IConversationLease
{
    public ValueTask<IAsyncDisposable?> AcquireAsync(string conversationKey, CancellationToken cancellationToken) =>
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
/// </summary>
public sealed class StoreConversationLease(IStorage storage, TimeProvider timeProvider, TimeSpan duration, TimeSpan maxWait) : IConversationLease
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    public async ValueTask<IAsyncDisposable?> AcquireAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var key = "leases/" + conversationKey;
        var deadline = timeProvider.GetUtcNow() + maxWait;
        var pause = FirstPause;
        while (true)
        {
            var now = timeProvider.GetUtcNow();
            try
            {
                var etags = await storage.WriteAsync(
                    new Dictionary<string, StoreItem>(1) { [key] = new StoreItem("{}", StoreItem.CreateOnly, now + duration) },
                    cancellationToken).ConfigureAwait(false);
                return new Lease(storage, timeProvider, key, etags[key]);
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

    private sealed class Lease(IStorage storage, TimeProvider timeProvider, string key, string etag) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
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
            catch (StorageUnavailableException)
            {
                // The lease expires by itself.
            }
        }
    }
}
