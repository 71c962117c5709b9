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
    /// Puts a turn in the conversation's line across hosts as soon as it arrives; <paramref name="orderKey"/> sorts it
    /// (the channel's timestamp first). Withdrawn by the lease's release, or by <see cref="WithdrawAsync"/> when the
    /// turn never gets to run.
    /// </summary>
    ValueTask AnnounceAsync(string conversationKey, string orderKey, CancellationToken cancellationToken);

    /// <summary>Takes a turn out of the line without running it (refused, or its lease could not be had).</summary>
    ValueTask WithdrawAsync(string conversationKey, string orderKey);

    /// <summary>Waits for the conversation's lease; the result releases it. Null when it could not be had in time.</summary>
    ValueTask<IConversationLeaseHandle?> AcquireAsync(string conversationKey, string orderKey, CancellationToken cancellationToken);
}

/// <summary>A held conversation lease.</summary>
public interface IConversationLeaseHandle : IAsyncDisposable
{
    /// <summary>
    /// Called just before the turn commits: when an earlier turn of the conversation is waiting (it reached another
    /// host a moment later than this one got the lease), hands the lease to it, takes it back once that turn is done,
    /// and returns true: this turn's work is discarded (nothing was sent yet) and it runs again on fresh state.
    /// <paramref name="arrivedAt"/> (a <see cref="TimeProvider"/> timestamp) lets a cross-host lease give a slower
    /// host's earlier message its order window first.
    /// </summary>
    Task<bool> YieldToEarlierTurnAsync(long arrivedAt, CancellationToken cancellationToken);
}

/// <summary>For a store only one process uses (SQLite, memory): the in-process queue is enough.</summary>
public sealed class NoConversationLease : IConversationLease
{
    public ValueTask AnnounceAsync(string conversationKey, string orderKey, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask WithdrawAsync(string conversationKey, string orderKey) => ValueTask.CompletedTask;

    public ValueTask<IConversationLeaseHandle?> AcquireAsync(string conversationKey, string orderKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IConversationLeaseHandle?>(NoLease.Instance);

    private sealed class NoLease : IConversationLeaseHandle
    {
        public static readonly NoLease Instance = new();

        public Task<bool> YieldToEarlierTurnAsync(long arrivedAt, CancellationToken cancellationToken) => Task.FromResult(false);

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
/// without its question). So every turn announces itself on arrival under <c>turn-order/{conversation}/</c>,
/// keyed by the channel's timestamp, and checks just before its commit (replies are still held then) whether an
/// earlier turn is waiting; if so it hands the lease over, and runs again on fresh state after it. Checking at
/// the commit rather than only at acquisition also covers an earlier message whose announcement landed late
/// (its host was slower), and costs one list per turn instead of a wait. Announcements expire with the lease
/// duration and every wait is bounded by the lease wait, so a host that died mid-line holds nobody up for long.
/// </para>
/// </summary>
public sealed class StoreConversationLease(IStorage storage, TimeProvider timeProvider, TimeSpan duration, TimeSpan maxWait, TimeSpan orderWindow = default) : IConversationLease
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    // Marks this process's announcements: its own turns are already in arrival order in its in-process queue, and
    // yielding to one queued behind the yielding turn would wait for a turn that cannot start.
    private readonly string _host = Guid.NewGuid().ToString("N");

    private string AnnouncementJson => $"{{\"host\":\"{_host}\"}}";

    private static string LeaseKey(string conversationKey) => "leases/" + conversationKey;

    private static string WaitingPrefix(string conversationKey) => "turn-order/" + conversationKey + "/";

    public async ValueTask AnnounceAsync(string conversationKey, string orderKey, CancellationToken cancellationToken) =>
        await storage.WriteAsync(
            new Dictionary<string, StoreItem>(1) { [WaitingPrefix(conversationKey) + orderKey] = new StoreItem(AnnouncementJson, StoreItem.Any, timeProvider.GetUtcNow() + duration) },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask WithdrawAsync(string conversationKey, string orderKey)
    {
        try
        {
            await storage.DeleteAsync([WaitingPrefix(conversationKey) + orderKey], CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageUnavailableException)
        {
            // It expires by itself.
        }
    }

    public async ValueTask<IConversationLeaseHandle?> AcquireAsync(string conversationKey, string orderKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderKey);
        var lease = new Lease(this, conversationKey, WaitingPrefix(conversationKey) + orderKey);
        return await lease.TakeAsync(inOrder: false, cancellationToken).ConfigureAwait(false) ? lease : null;
    }

    private async Task<bool> EarlierTurnWaitsAsync(string conversationKey, string announcement, CancellationToken cancellationToken)
    {
        // A few, compared ordinally here: the store's collation need not sort the id suffix of equal timestamps the same way.
        var waiting = await storage.ListAsync(WaitingPrefix(conversationKey), 8, cancellationToken).ConfigureAwait(false);
        return waiting.Any(w => string.CompareOrdinal(w.Key, announcement) < 0 && !w.Value.Json.Contains(_host, StringComparison.Ordinal));
    }

    private sealed class Lease(StoreConversationLease owner, string conversationKey, string announcement) : IConversationLeaseHandle
    {
        private readonly string _key = LeaseKey(conversationKey);
        private string? _etag;

        /// <summary>Waits for the lease (with <paramref name="inOrder"/>, also until no earlier turn waits); false at the deadline.</summary>
        public async Task<bool> TakeAsync(bool inOrder, CancellationToken cancellationToken)
        {
            var time = owner.TimeProvider;
            var deadline = time.GetUtcNow() + owner.MaxWait;
            var pause = FirstPause;
            while (true)
            {
                var now = time.GetUtcNow();
                try
                {
                    var etags = await owner.Storage.WriteAsync(
                        new Dictionary<string, StoreItem>(1) { [_key] = new StoreItem("{}", StoreItem.CreateOnly, now + owner.Duration) },
                        cancellationToken).ConfigureAwait(false);
                    _etag = etags[_key];
                    if (!inOrder || now >= deadline || !await owner.EarlierTurnWaitsAsync(conversationKey, announcement, cancellationToken).ConfigureAwait(false))
                    {
                        return true;
                    }

                    await ReleaseLeaseAsync().ConfigureAwait(false);
                }
                catch (EtagException)
                {
                    // Held by another turn, here or on another host: wait a little longer each time.
                }

                if (now >= deadline)
                {
                    return false;
                }

                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }

        public async Task<bool> YieldToEarlierTurnAsync(long arrivedAt, CancellationToken cancellationToken)
        {
            // Messages sent a moment apart reach different hosts a moment apart, and a busy host may announce late:
            // the window gives it that moment. A turn that already worked longer than the window waits nothing.
            var left = owner.OrderWindow - owner.TimeProvider.GetElapsedTime(arrivedAt);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, owner.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            if (_etag is null || !await owner.EarlierTurnWaitsAsync(conversationKey, announcement, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await ReleaseLeaseAsync().ConfigureAwait(false);
            if (!await TakeAsync(inOrder: true, cancellationToken).ConfigureAwait(false))
            {
                // Not back in time: the re-run goes ahead without it, guarded by the ETag-checked commit.
                _etag = null;
            }

            return true;
        }

        private async Task ReleaseLeaseAsync()
        {
            if (_etag is not { } etag)
            {
                return;
            }

            _etag = null;
            try
            {
                await owner.Storage.WriteAsync(
                    new Dictionary<string, StoreItem>(1) { [_key] = new StoreItem("{}", etag, owner.TimeProvider.GetUtcNow() - TimeSpan.FromSeconds(1)) },
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

        public async ValueTask DisposeAsync()
        {
            if (_etag is not { } etag)
            {
                await owner.WithdrawAsync(conversationKey, announcement[WaitingPrefix(conversationKey).Length..]).ConfigureAwait(false);
                return;
            }

            _etag = null;
            try
            {
                // One atomic write releases the lease and withdraws the announcement.
                var expired = owner.TimeProvider.GetUtcNow() - TimeSpan.FromSeconds(1);
                await owner.Storage.WriteAsync(
                    new Dictionary<string, StoreItem>(2)
                    {
                        [_key] = new StoreItem("{}", etag, expired),
                        [announcement] = new StoreItem("{}", StoreItem.Any, expired),
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (EtagException)
            {
                // The lease expired and was taken over: only the announcement is still ours to withdraw.
                await owner.WithdrawAsync(conversationKey, announcement[WaitingPrefix(conversationKey).Length..]).ConfigureAwait(false);
            }
            catch (StorageUnavailableException)
            {
                // Both expire by themselves.
            }
        }
    }

    private IStorage Storage => storage;

    private TimeProvider TimeProvider => timeProvider;

    private TimeSpan Duration => duration;

    private TimeSpan MaxWait => maxWait;

    private TimeSpan OrderWindow => orderWindow;
}
