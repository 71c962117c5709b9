namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// One small lock per state key that several conversations share (a user's state), held only by turns of this
/// instance that write that key: around the commit, and around the whole re-run of a turn that lost a race on it.
/// Like <see cref="ConversationTurnQueue"/>, an entry exists only while someone holds or waits for it, so memory
/// stays flat however many users the bot has seen.
/// </summary>
public sealed class SharedStateLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Keys locked or waited for right now (for tests).</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the key. Null when it timed out: the caller goes on without the
    /// lock (the ETag-checked write keeps it correct; the lock only spares the re-runs), so no wait can deadlock.
    /// </summary>
    public async ValueTask<IDisposable?> TryEnterAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry(key);
                _entries.Add(key, entry);
            }

            entry.Users++;
        }

        var entered = false;
        try
        {
            entered = await entry.Gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!entered)
            {
                Release(entry, held: false);
            }
        }

        return entered ? new Holder(this, entry) : null;
    }

    private void Release(Entry entry, bool held)
    {
        if (held)
        {
            entry.Gate.Release();
        }

        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(entry.Key);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry(string key)
    {
        public string Key { get; } = key;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Holders and waiters; guarded by the dictionary's lock.</summary>
        public int Users { get; set; }
    }

    private sealed class Holder(SharedStateLocks owner, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(entry, held: true);
            }
        }
    }
}
