using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ConsultBot.Protocol.State;

/// <summary>A typed document read from a store, with the ETag to write it back with.</summary>
public sealed record Stored<T>(string Key, T Value, string ETag);

/// <summary>Typed access to <see cref="IStorage"/> through source-generated JSON metadata.</summary>
public static class StorageExtensions
{
    /// <summary>Reads one typed document, or null when it does not exist.</summary>
    public static async Task<Stored<T>?> ReadAsync<T>(this IStorage storage, string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var items = await storage.ReadAsync([key], cancellationToken).ConfigureAwait(false);
        if (!items.TryGetValue(key, out var item))
        {
            return null;
        }

        var value = JsonSerializer.Deserialize(item.Json, typeInfo)
            ?? throw new InvalidDataException($"Stored item '{key}' is null.");
        return new Stored<T>(key, value, item.ETag ?? StoreItem.Any);
    }

    /// <summary>Writes one typed document under a condition (see <see cref="IStorage"/>) and returns its new ETag.</summary>
    public static async Task<string> WriteAsync<T>(this IStorage storage, string key, T value, JsonTypeInfo<T> typeInfo, string? etag, CancellationToken cancellationToken, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var json = JsonSerializer.Serialize(value, typeInfo);
        var etags = await storage.WriteAsync(new Dictionary<string, StoreItem> { [key] = new StoreItem(json, etag, expiresAt) }, cancellationToken).ConfigureAwait(false);
        return etags[key];
    }

    /// <summary>Lists typed documents under a key prefix.</summary>
    public static async Task<IReadOnlyList<Stored<T>>> ListAsync<T>(this IStorage storage, string keyPrefix, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, int limit = 10_000)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var items = await storage.ListAsync(keyPrefix, limit, cancellationToken).ConfigureAwait(false);
        var result = new List<Stored<T>>(items.Count);
        foreach (var (key, item) in items)
        {
            if (JsonSerializer.Deserialize(item.Json, typeInfo) is { } value)
            {
                result.Add(new Stored<T>(key, value, item.ETag ?? StoreItem.Any));
            }
        }

        return result;
    }

    /// <summary>
    /// Read-modify-write with optimistic concurrency: re-reads and re-applies <paramref name="update"/>
    /// when another writer got there first (up to <paramref name="attempts"/> times).
    /// <paramref name="update"/> gets the current value (null when missing) and returns the new one,
    /// or null to leave the item unchanged.
    /// </summary>
    public static async Task<T?> UpdateAsync<T>(this IStorage storage, string key, JsonTypeInfo<T> typeInfo, Func<T?, T?> update, CancellationToken cancellationToken, int attempts = 5)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 1; ; attempt++)
        {
            var current = await storage.ReadAsync(key, typeInfo, cancellationToken).ConfigureAwait(false);
            var next = update(current?.Value);
            if (next is null)
            {
                return current?.Value;
            }

            try
            {
                await storage.WriteAsync(key, next, typeInfo, current?.ETag ?? StoreItem.CreateOnly, cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (EtagException) when (attempt < attempts)
            {
                // Someone else wrote in between: read again and re-apply.
            }
        }
    }
}
