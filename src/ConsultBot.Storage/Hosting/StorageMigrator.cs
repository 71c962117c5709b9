using Microsoft.Extensions.Logging;

namespace ConsultBot.Storage.Hosting;

/// <summary>Applies the storage's and the features' migrations once per process (later calls return at once).</summary>
internal sealed class StorageMigrator(IStorageBackend backend, IEnumerable<StorageMigration> contributed, ILogger<StorageMigrator> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    public bool IsMigrated => _done;

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
            var applied = await backend.ApplyMigrationsAsync(plan, cancellationToken).ConfigureAwait(false);
            foreach (var migration in applied)
            {
                logger.MigrationApplied(migration.Owner, migration.Version, migration.Description, backend.Name);
            }

            logger.SchemaUpToDate(backend.Name, plan.Count);
            _done = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
