using ConsultBot.Protocol.State;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Storage.Hosting;

/// <summary>Applies the storage's and the features' migrations once per process (later calls return at once).</summary>
internal sealed class StorageMigrator(IStorageBackend backend, IEnumerable<StorageMigration> contributed, ILogger<StorageMigrator> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;
    private volatile Exception? _lastFailure;

    public bool IsMigrated => _done;

    /// <summary>Why the last attempt failed (null before the first attempt and once migrated).</summary>
    public Exception? LastFailure => _lastFailure;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_done)
            {
                return;
            }

            var plan = StorageMigration.Plan(contributed);
            IReadOnlyList<StorageMigration> applied;
            try
            {
                applied = await backend.ApplyMigrationsAsync(plan, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageUnavailableException e)
            {
                _lastFailure = e;
                throw;
            }

            foreach (var migration in applied)
            {
                logger.MigrationApplied(migration.Owner, migration.Version, migration.Description, backend.Name);
            }

            logger.SchemaUpToDate(backend.Name, plan.Count);
            _lastFailure = null;
            _done = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
