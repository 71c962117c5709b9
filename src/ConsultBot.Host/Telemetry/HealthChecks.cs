using ConsultBot.Knowledge.Store;
using ConsultBot.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConsultBot.Host.Telemetry;

/// <summary>
/// The readiness checks in ASP.NET Core's health-check framework (tag <see cref="ReadyTag"/>): the store reachable
/// with its schema current, and the FAQ index built. <c>/healthz</c> (alive) needs no check.
/// </summary>
internal static class HealthCheckRegistration
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddConsultBotHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag])
            .AddCheck<KnowledgeHealthCheck>("knowledge", tags: [ReadyTag]);
        return services;
    }
}

internal sealed class StorageHealthCheck(IStorageHealth storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (healthy, detail) = await storage.CheckAsync(cancellationToken).ConfigureAwait(false);
        return healthy ? HealthCheckResult.Healthy(detail) : HealthCheckResult.Unhealthy(detail);
    }
}

internal sealed class KnowledgeHealthCheck(IKnowledgeReadiness knowledge) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(knowledge.IsReady
            ? HealthCheckResult.Healthy($"{knowledge.IndexedEntries} entries indexed (version {knowledge.IndexedVersion})")
            : HealthCheckResult.Unhealthy("index not built yet"));
}
