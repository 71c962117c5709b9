using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ConsultBot.Host.Bot;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.State;
using ConsultBot.Storage;
using Microsoft.Extensions.Options;

namespace ConsultBot.Host.Endpoints;

/// <summary>
/// <c>/readyz</c> and what it reports. A store that is down at start does not stop the host: it listens, answers
/// turns with "try again shortly" (<see cref="TurnErrorResponder"/>), reports not ready, and finishes its start-up
/// work (migrations, FAQ seed and index) in the background once the store is reachable.
/// Anonymous callers learn only ready / not ready; which check failed is for admins.
/// </summary>
internal static class Readiness
{
    public static IServiceCollection AddReadiness(this IServiceCollection services)
    {
        services.AddSingleton<StartupProgress>();
        services.AddSingleton<IReadinessDetailsAccess, AdminKeyReadinessAccess>();
        services.AddHostedService<DeferredStartService>();
        return services;
    }

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/readyz", async (HttpContext http, IStorageHealth storage, IKnowledgeReadiness knowledge, StartupProgress startup,
            IReadinessDetailsAccess access, CancellationToken cancellationToken) =>
        {
            var (storageHealthy, storageDetail) = await storage.CheckAsync(cancellationToken).ConfigureAwait(false);
            var ready = startup.IsPrepared && storageHealthy && knowledge.IsReady;
            var body = new JsonObject { ["status"] = ready ? "ready" : "unavailable" };
            if (access.MayReadDetails(http))
            {
                // Locations and error messages help an operator and a prober alike, so only admins see them.
                body["storage"] = storageDetail;
                body["knowledge"] = knowledge.IsReady
                    ? $"{knowledge.IndexedEntries} entries indexed (version {knowledge.IndexedVersion})"
                    : "index not built yet";
                body["startup"] = startup.Describe();
            }

            return Results.Text(body.ToJsonString(), "application/json", statusCode: ready ? 200 : 503);
        });
        return endpoints;
    }

    /// <summary>Called by the start-up when the store could not be reached: the rest is left to <see cref="DeferredStartService"/>.</summary>
    internal static void DeferStart(this IServiceProvider services, StorageUnavailableException exception)
    {
        services.GetRequiredService<StartupProgress>().Defer(exception);
        ReadinessLog.StartDeferred(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Readiness).FullName!), exception.Message);
    }
}

/// <summary>Who may see the details of <c>/readyz</c>. Behind an interface so that the admin check can change in one place.</summary>
internal interface IReadinessDetailsAccess
{
    bool MayReadDetails(HttpContext http);
}

/// <summary>Admins as the admin API knows them today: the <c>X-Admin-Key</c> header equal to <c>Knowledge:AdminApiKey</c>.</summary>
internal sealed class AdminKeyReadinessAccess(IOptions<KnowledgeOptions> options) : IReadinessDetailsAccess
{
    public const string HeaderName = "X-Admin-Key";

    public bool MayReadDetails(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var configured = options.Value.AdminApiKey;
        var given = http.Request.Headers[HeaderName].ToString();
        return !string.IsNullOrWhiteSpace(configured) && given.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(configured.Trim()));
    }
}

/// <summary>Whether the start-up work (migrations, FAQ seed and index) is done, and if not, why.</summary>
internal sealed class StartupProgress(TimeProvider timeProvider)
{
    private volatile bool _prepared;
    private volatile string? _waitingSince;
    private volatile string? _reason;

    public bool IsPrepared => _prepared;

    public bool IsDeferred => _waitingSince is not null && !_prepared;

    public void Prepared() => _prepared = true;

    public void Defer(Exception exception)
    {
        _reason = exception.Message;
        _waitingSince = timeProvider.GetUtcNow().ToString("u", System.Globalization.CultureInfo.InvariantCulture);
    }

    public void StillWaiting(Exception exception) => _reason = exception.Message;

    public string Describe() =>
        _prepared ? "done" : _waitingSince is { } since ? $"waiting for the store since {since}: {_reason}" : "starting";
}

/// <summary>
/// Finishes the start-up work in the background when the store was down at start: tries again with a doubling
/// delay (1 s up to <see cref="StorageOptions.MigrationRetryMaxDelay"/>), on the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class DeferredStartService(
    IServiceProvider services,
    StartupProgress progress,
    IOptions<StorageOptions> storageOptions,
    TimeProvider timeProvider,
    ILogger<DeferredStartService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!progress.IsDeferred)
        {
            return;
        }

        var max = storageOptions.Value.MigrationRetryMaxDelay;
        var delay = TimeSpan.FromSeconds(1) < max ? TimeSpan.FromSeconds(1) : max;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(false);
                await services.MigrateStorageAsync(stoppingToken).ConfigureAwait(false);
                await services.PrepareFeaturesAsync(stoppingToken).ConfigureAwait(false);
                progress.Prepared();
                ReadinessLog.StartCompleted(logger, attempt);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StorageUnavailableException e)
            {
                progress.StillWaiting(e);
                ReadinessLog.StillWaiting(logger, attempt, e.Message);
                delay = delay * 2 < max ? delay * 2 : max;
            }
        }
    }
}

internal static partial class ReadinessLog
{
    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "The store is unavailable at start ({Reason}); listening anyway, /readyz reports not ready until migrations and the FAQ index are done in the background")]
    public static partial void StartDeferred(ILogger logger, string reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, Message = "Start-up work attempt {Attempt}: the store is still unavailable ({Reason})")]
    public static partial void StillWaiting(ILogger logger, int attempt, string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "The store is reachable: start-up work finished after {Attempts} background attempts; ready")]
    public static partial void StartCompleted(ILogger logger, int attempts);
}
