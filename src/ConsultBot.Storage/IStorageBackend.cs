using ConsultBot.Protocol.State;

namespace ConsultBot.Storage;

/// <summary>A concrete store: the <see cref="IStorage"/> contract plus what the hosting around it needs.</summary>
internal interface IStorageBackend : IStorage
{
    /// <summary>Short name for logs and health details.</summary>
    string Name { get; }

    /// <summary>Applies the migrations not yet recorded and returns those it applied.</summary>
    Task<IReadOnlyList<StorageMigration>> ApplyMigrationsAsync(IReadOnlyList<StorageMigration> migrations, CancellationToken cancellationToken);

    /// <summary>Deletes expired items and returns how many.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken);

    /// <summary>Checks that the store answers.</summary>
    Task<(bool Healthy, string Detail)> ProbeAsync(CancellationToken cancellationToken);
}

internal static class ETags
{
    // A random token rather than a per-key counter: a key deleted and created again never reuses an old ETag.
    public static string New() => Random.Shared.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary><see cref="MemoryStorage"/> as a backend: nothing to migrate, nothing to probe.</summary>
internal sealed class MemoryBackend(TimeProvider timeProvider) : IStorageBackend
{
    private readonly MemoryStorage _inner = new(timeProvider);

    public string Name => "memory";

    public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) => _inner.ReadAsync(keys, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken) => _inner.WriteAsync(changes, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) => _inner.DeleteAsync(keys, cancellationToken);

    public Task<IReadOnlyList<KeyValuePair<string, StoreItem>>> ListAsync(string keyPrefix, int limit, CancellationToken cancellationToken) => _inner.ListAsync(keyPrefix, limit, cancellationToken);

    public Task<IReadOnlyList<StorageMigration>> ApplyMigrationsAsync(IReadOnlyList<StorageMigration> migrations, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StorageMigration>>([]);

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<(bool Healthy, string Detail)> ProbeAsync(CancellationToken cancellationToken) => Task.FromResult((true, "memory: ok"));
}
