using System.Globalization;
using ConsultBot.Protocol.State;
using ConsultBot.Storage.Migrations;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Storage.Sqlite;

/// <summary>
/// <see cref="IStorage"/> on one SQLite file in WAL mode. Reads run in parallel on pooled sessions
/// (<see cref="SqliteSessionPool"/>); writes of this process go through one group-committing writer
/// (<see cref="SqliteWriteQueue"/>); the statements are in <see cref="SqliteSql"/> and <see cref="SqliteItems"/>.
/// </summary>
internal sealed class SqliteStorage : IStorageBackend, IDisposable
{
    public const string ProviderName = StorageProviders.Sqlite;

    private readonly TimeProvider _timeProvider;
    private readonly SqliteSessionPool _pool;
    private readonly SqliteWriteQueue _writer;

    public SqliteStorage(string path, int busyTimeoutMilliseconds, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _timeProvider = timeProvider;
        _pool = new SqliteSessionPool(FilePath, busyTimeoutMilliseconds, logger);
        _writer = new SqliteWriteQueue(_pool, Now);
    }

    public string Name => ProviderName;

    public string FilePath { get; }

    public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        if (keys.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(new Dictionary<string, StoreItem>(StringComparer.Ordinal));
        }

        var now = Now();
        return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(_pool.Run((keys, now), static (session, state) => SqliteItems.Read(session, state.keys, state.now)));
    }

    public async Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        foreach (var item in changes.Values)
        {
            ArgumentNullException.ThrowIfNull(item);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_pool.IsDisposed, this);
        return await _writer.WriteAsync(changes, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }

        await _writer.ExclusiveAsync(() => Task.FromResult(_pool.Run(keys, static (session, keys) => SqliteItems.Delete(session, keys))), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<KeyValuePair<string, StoreItem>>> ListAsync(string keyPrefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<KeyValuePair<string, StoreItem>>>([]);
        }

        var now = Now();
        return Task.FromResult<IReadOnlyList<KeyValuePair<string, StoreItem>>>(_pool.Run((keyPrefix, limit, now), static (session, state) => SqliteItems.List(session, state.keyPrefix, state.limit, state.now)));
    }

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken) =>
        _writer.ExclusiveAsync(() => Task.FromResult(_pool.Run(Now(), static (session, now) => SqliteItems.Purge(session, now))), cancellationToken);

    public Task<IReadOnlyList<StorageMigration>> ApplyMigrationsAsync(IReadOnlyList<StorageMigration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        return _writer.ExclusiveAsync(() =>
        {
            var appliedAt = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            return _pool.RunAsync(session => StorageMigrationRunner.ApplyAsync(new SqliteMigrationTarget(session, appliedAt), migrations, cancellationToken));
        }, cancellationToken);
    }

    public Task<(bool Healthy, string Detail)> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            _pool.Run(0, static (session, _) => SqliteItems.Probe(session));
            return Task.FromResult((true, $"sqlite: ok ({FilePath})"));
        }
        catch (StorageUnavailableException e)
        {
            return Task.FromResult((false, $"sqlite: unavailable ({FilePath}): {e.InnerException?.Message ?? e.Message}"));
        }
    }

    public void Dispose()
    {
        _pool.Dispose();
        _writer.Dispose();
    }

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}
