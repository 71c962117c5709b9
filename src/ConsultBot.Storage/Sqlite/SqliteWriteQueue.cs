using System.Collections.Concurrent;
using ConsultBot.Protocol.State;

namespace ConsultBot.Storage.Sqlite;

/// <summary>
/// The single writer of one SQLite file in this process. Writes go through one gate (SQLite has a single writer
/// anyway, and waiting in-process is much cheaper than SQLite's busy back-off). Writes are group-committed: a write
/// that finds no writer running commits at once on its own thread; writes that arrive meanwhile queue up and the
/// writer commits them together in one transaction (each keeps its own condition and outcome), so the per-commit
/// cost is shared instead of serialised. Deletes, purges and migrations take the same gate.
/// </summary>
internal sealed class SqliteWriteQueue(SqliteSessionPool pool, Func<long> now) : IDisposable
{
    // Bounds one transaction (and the time the writer lock is held) while the queue is long.
    private const int MaxBatch = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<PendingWrite> _pending = new();
    private readonly List<PendingWrite> _batch = new(MaxBatch);
    private int _draining;

    public async Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken)
    {
        var request = new PendingWrite(changes);
        _pending.Enqueue(request);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((PendingWrite)state!).Cancel(token), request)
            : default;
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // No writer running: this caller becomes it and commits its own write (plus whatever queued) inline.
            await DrainAsync(request).ConfigureAwait(false);
        }

        return await request.Task.ConfigureAwait(false);
    }

    /// <summary>Runs a write that is not an item write (delete, purge, migrations) while holding the writer gate.</summary>
    public async Task<TResult> ExclusiveAsync<TResult>(Func<Task<TResult>> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// Commits queued writes batch by batch while it owns <see cref="_draining"/>. A caller that leads stops once its
    /// own write is done and hands any remaining queue to the thread pool, so leading never delays its own turn.
    /// </summary>
    private async Task DrainAsync(PendingWrite? own)
    {
        try
        {
            while (true)
            {
                await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    CommitBatch();
                }
                finally
                {
                    _gate.Release();
                }

                if (!_pending.IsEmpty)
                {
                    if (own is not null && own.Task.IsCompleted)
                    {
                        _ = Task.Run(() => DrainAsync(null));
                        return;
                    }

                    continue;
                }

                Volatile.Write(ref _draining, 0);

                // A write enqueued after the emptiness check but before the release found _draining set and did not
                // lead: take the queue back unless someone else already has.
                if (_pending.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception e)
        {
            // Only a disposed gate gets here; nothing queued may wait forever.
            while (_pending.TryDequeue(out var request))
            {
                if (request.TryClaim())
                {
                    request.TrySetException(e);
                }
            }

            Volatile.Write(ref _draining, 0);
        }
    }

    /// <summary>Takes up to <see cref="MaxBatch"/> queued writes and commits them; completes every one of them.</summary>
    private void CommitBatch()
    {
        var batch = _batch;
        while (batch.Count < MaxBatch && _pending.TryDequeue(out var request))
        {
            if (request.TryClaim())
            {
                batch.Add(request);
            }
        }

        try
        {
            if (batch.Count == 1)
            {
                WriteAlone(batch[0]);
                return;
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                pool.Run((batch, now: now()), static (session, state) => SqliteItems.WriteBatch(session, state.batch, state.now));
            }
            catch (StorageUnavailableException e)
            {
                foreach (var request in batch)
                {
                    request.TrySetException(e);
                }

                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Something other than a condition failed inside the shared transaction (rolled back): the failing
                // write must not take the others down, so each gets its own transaction and its own outcome.
                foreach (var request in batch)
                {
                    WriteAlone(request);
                }

                return;
            }

            foreach (var request in batch)
            {
                if (request.Error is { } error)
                {
                    request.TrySetException(error);
                }
                else
                {
                    request.TrySetResult(request.ETags!);
                }
            }
        }
        finally
        {
            batch.Clear();
        }
    }

    private void WriteAlone(PendingWrite request)
    {
        try
        {
            request.TrySetResult(pool.Run((request.Changes, now: now()), static (session, state) => SqliteItems.Write(session, state.Changes, state.now)));
        }
        catch (Exception e)
        {
            request.TrySetException(e);
        }
    }

    /// <summary>One caller's write, its result published only once the batch it belongs to has committed.</summary>
    internal sealed class PendingWrite(IReadOnlyDictionary<string, StoreItem> changes)
        : TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private const int Queued = 0;
        private const int Claimed = 1;
        private const int Cancelled = 2;
        private int _state;

        public IReadOnlyDictionary<string, StoreItem> Changes { get; } = changes;

        public Dictionary<string, string>? ETags { get; set; }

        public EtagException? Error { get; set; }

        /// <summary>The writer takes the request; from here on it is written or fails, never cancelled.</summary>
        public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Queued) == Queued;

        /// <summary>Cancels only a request the writer has not taken yet (so a cancelled write was never written).</summary>
        public void Cancel(CancellationToken token)
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
            {
                TrySetCanceled(token);
            }
        }
    }
}
