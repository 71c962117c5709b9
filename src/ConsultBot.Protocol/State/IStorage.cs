namespace ConsultBot.Protocol.State;

/// <summary>
/// Key/value storage with ETag optimistic concurrency, as in the Bot Framework SDK.
/// An item written with ETag <c>null</c> or <c>"*"</c> overwrites; with <see cref="StoreItem.CreateOnly"/>
/// it is written only when the key does not exist; with any other ETag only when that ETag is still
/// the stored one. A failed condition throws <see cref="EtagException"/>. A store that cannot be
/// reached throws <see cref="StorageUnavailableException"/>. Writes of several items are atomic.
/// </summary>
public interface IStorage
{
    /// <summary>Reads the given keys; missing (or expired) keys are omitted from the result.</summary>
    Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Writes the items atomically and returns their new ETags by key.</summary>
    Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken);

    /// <summary>Deletes the keys; deleting a missing key is not an error.</summary>
    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Lists the items whose key starts with <paramref name="keyPrefix"/>, ordered by key.</summary>
    Task<IReadOnlyList<KeyValuePair<string, StoreItem>>> ListAsync(string keyPrefix, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// A stored document: its JSON text, the ETag it was read with (or the condition to write with),
/// and an optional expiry after which it reads as missing.
/// </summary>
public sealed record StoreItem(string Json, string? ETag = null, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>Write condition: overwrite whatever is stored.</summary>
    public const string Any = "*";

    /// <summary>Write condition: only create; fail when the key exists.</summary>
    public const string CreateOnly = "create-only";
}

/// <summary>A write lost an optimistic-concurrency race: someone else changed the item first.</summary>
public sealed class EtagException : Exception
{
    public EtagException(string key) : base($"Etag conflict on '{key}': the item was changed by someone else.") => Key = key;

    public EtagException() : base("Etag conflict.") => Key = string.Empty;

    public EtagException(string message, Exception innerException) : base(message, innerException) => Key = string.Empty;

    public string Key { get; }
}

/// <summary>The store cannot be reached right now; nothing was written.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException() : base("The store is unavailable.") { }

    public StorageUnavailableException(string message) : base(message) { }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
