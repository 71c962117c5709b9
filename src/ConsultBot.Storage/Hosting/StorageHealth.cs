namespace ConsultBot.Storage.Hosting;

internal sealed class StorageHealth(IStorageBackend backend, StorageMigrator migrator) : IStorageHealth
{
    public async Task<(bool Healthy, string Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        var (healthy, detail) = await backend.ProbeAsync(cancellationToken).ConfigureAwait(false);
        if (healthy && !migrator.IsMigrated)
        {
            return (false, $"{backend.Name}: reachable, but the schema migrations have not been applied yet");
        }

        return (healthy, detail);
    }
}
