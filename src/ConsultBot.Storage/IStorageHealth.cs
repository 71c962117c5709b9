namespace ConsultBot.Storage;

/// <summary>Whether the store can be reached and its schema is up to date (for <c>/readyz</c>).</summary>
public interface IStorageHealth
{
    /// <summary>Probes the store; never throws for an unreachable store, it reports it.</summary>
    Task<(bool Healthy, string Detail)> CheckAsync(CancellationToken cancellationToken);
}
