using Microsoft.Extensions.Logging;

namespace ConsultBot.Storage;

/// <summary>
/// Every log message of the storage project. Event ids 4000-4099 belong to ConsultBot.Storage:
/// 4003-4007 kept from before; 4001/4002 were also used by ConsultBot.Cards, so they moved to 4008/4009.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Storage: {Provider} is unavailable")]
    public static partial void StoreUnavailable(this ILogger logger, string provider, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Storage: migrations could not be applied because the store is unavailable; retrying in {Delay}")]
    public static partial void MigrationDeferred(this ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Storage: purged {Count} expired items from {Provider}")]
    public static partial void Purged(this ILogger logger, int count, string provider);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Storage: purge of expired items skipped, the store is unavailable")]
    public static partial void PurgeSkipped(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Storage: using {Provider} ({Location})")]
    public static partial void Using(this ILogger logger, string provider, string location);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Storage: applied migration {Owner} v{Version} ({Description}) on {Provider}")]
    public static partial void MigrationApplied(this ILogger logger, string owner, int version, string description, string provider);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Storage: {Provider} schema is up to date ({Count} migrations known)")]
    public static partial void SchemaUpToDate(this ILogger logger, string provider, int count);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Storage: the store is reachable again; migrations applied after {Attempts} attempts")]
    public static partial void MigrationRecovered(this ILogger logger, int attempts);
}
