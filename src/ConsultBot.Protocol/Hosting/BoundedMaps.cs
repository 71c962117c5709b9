using System.Collections.Concurrent;

namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// Keeps in-process maps keyed by conversation or user bounded: a stream of new conversations must not grow memory
/// for ever. The maps are caches (a dropped entry only costs a store round trip), so the oldest entries go.
/// </summary>
public static class BoundedMaps
{
    /// <summary>
    /// Drops the entries <paramref name="expired"/> says are stale and, while the map still holds more than
    /// <paramref name="capacity"/>, the oldest ones by <paramref name="age"/> until three quarters of it are left.
    /// </summary>
    public static void Trim<TKey, TValue>(ConcurrentDictionary<TKey, TValue> map, int capacity, Func<TValue, long> age, Func<TValue, bool>? expired = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(age);
        if (expired is not null)
        {
            foreach (var (key, value) in map)
            {
                if (expired(value))
                {
                    map.TryRemove(new KeyValuePair<TKey, TValue>(key, value));
                }
            }
        }

        if (map.Count <= capacity)
        {
            return;
        }

        var keep = capacity * 3 / 4;
        foreach (var (key, value) in map.ToArray().OrderBy(kv => age(kv.Value)).Take(Math.Max(0, map.Count - keep)))
        {
            // Only if unchanged since the snapshot: an entry refreshed meanwhile stays.
            map.TryRemove(new KeyValuePair<TKey, TValue>(key, value));
        }
    }
}
