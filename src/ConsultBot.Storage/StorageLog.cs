using Microsoft.Extensions.Logging;

namespace ConsultBot.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Storage: applied migration {Owner} v{Version} ({Description}) on {Provider}")]
    public static partial void MigrationApplied(this ILogger logger, string owner, int version, string description, string provider);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Storage: {Provider} schema is up to date ({Count} migrations known)")]
    public static partial void SchemaUpToDate(this ILogger logger, string provider, int count);

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
}
