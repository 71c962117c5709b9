namespace ConsultBot.Protocol.State;

/// <summary>In-memory <see cref="IStorage"/> with the same ETag rules as the real stores (tests, single-process dev).</summary>
public sealed class MemoryStorage(TimeProvider timeProvider) : IStorage
{
    private readonly SortedDictionary<string, StoreItem> _items = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version;

    public MemoryStorage() : this(TimeProvider.System) { }

    public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = timeProvider.GetUtcNow();
        var result = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var key in keys)
            {
                if (_items.TryGetValue(key, out var item) && !IsExpired(item, now))
                {
                    result[key] = item;
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(result);
    }

    public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var now = timeProvider.GetUtcNow();
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        lock (_gate)
        {
            // Check every condition first so that a multi-item write is all or nothing.
            foreach (var (key, item) in changes)
            {
                var exists = _items.TryGetValue(key, out var current) && !IsExpired(current, now);
                if (!StoreConditions.IsSatisfied(item.ETag, exists, current?.ETag))
                {
                    throw new EtagException(key);
                }
            }

            foreach (var (key, item) in changes)
            {
                var etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _items[key] = item with { ETag = etag };
                etags[key] = etag;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(etags);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lock (_gate)
        {
            foreach (var key in keys)
            {
                _items.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<KeyValuePair<string, StoreItem>>> ListAsync(string keyPrefix, int limit, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var items = _items.Where(kv => kv.Key.StartsWith(keyPrefix, StringComparison.Ordinal) && !IsExpired(kv.Value, now))
                .Take(limit).ToList();
            return Task.FromResult<IReadOnlyList<KeyValuePair<string, StoreItem>>>(items);
        }
    }

    private static bool IsExpired(StoreItem item, DateTimeOffset now) => item.ExpiresAt is { } at && at <= now;
}

/// <summary>The ETag rules shared by every store.</summary>
public static class StoreConditions
{
    /// <summary>Whether a write with <paramref name="condition"/> may replace the current item.</summary>
    public static bool IsSatisfied(string? condition, bool exists, string? currentETag) => condition switch
    {
        null or StoreItem.Any => true,
        StoreItem.CreateOnly => !exists,
        _ => exists && string.Equals(condition, currentETag, StringComparison.Ordinal),
    };
}
