using Microsoft.Extensions.Logging;

namespace ConsultBot.Protocol.Hosting;

// Event ids 1000-1099: activity processing in the adapter.
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Warning, "Rejected activity: {Reason}")]
    public static partial void RejectedActivity(this ILogger logger, string reason);

    [LoggerMessage(1001, LogLevel.Warning, "Unauthorized request: {Reason}")]
    public static partial void Unauthorized(this ILogger logger, string reason);

    [LoggerMessage(1002, LogLevel.Information, "Duplicate activity {ActivityId} in {ChannelId} ignored")]
    public static partial void DuplicateActivity(this ILogger logger, string activityId, string? channelId);

    [LoggerMessage(1003, LogLevel.Error, "Turn failed for activity {ActivityId} ({ActivityType})")]
    public static partial void TurnFailed(this ILogger logger, Exception exception, string? activityId, string? activityType);

    [LoggerMessage(1004, LogLevel.Information, "Turn for activity {ActivityId} continues in the background after acknowledging")]
    public static partial void ContinuingInBackground(this ILogger logger, string? activityId);

    [LoggerMessage(1005, LogLevel.Warning, "Duplicate check skipped for activity {ActivityId}: store unavailable")]
    public static partial void DeduplicationUnavailable(this ILogger logger, Exception exception, string? activityId);

    [LoggerMessage(1006, LogLevel.Error, "The turn error handler itself failed for activity {ActivityId}")]
    public static partial void ErrorHandlerFailed(this ILogger logger, Exception exception, string? activityId);

    [LoggerMessage(1007, LogLevel.Debug, "Processed {ActivityType} {ActivityId} in {ElapsedMs} ms")]
    public static partial void Processed(this ILogger logger, string? activityType, string? activityId, double elapsedMs);

    [LoggerMessage(1008, LogLevel.Warning, "Typing indicator could not be sent for activity {ActivityId}")]
    public static partial void TypingFailed(this ILogger logger, Exception exception, string? activityId);

    [LoggerMessage(1009, LogLevel.Error, "Could not validate a request's token: authentication metadata unavailable")]
    public static partial void AuthenticationUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(1010, LogLevel.Warning, "Activity {ActivityId} refused: its conversation already has the most turns waiting")]
    public static partial void ConversationBusy(this ILogger logger, string? activityId);

    [LoggerMessage(1011, LogLevel.Warning, "Activity {ActivityId} runs without its conversation lease (held elsewhere too long); the state commit still checks ETags")]
    public static partial void LeaseNotAcquired(this ILogger logger, string? activityId);

    [LoggerMessage(1012, LogLevel.Information, "Turn for activity {ActivityId} lost a state commit race (attempt {Attempt}); running it again on fresh state")]
    public static partial void TurnRerun(this ILogger logger, string? activityId, int attempt);

    [LoggerMessage(1013, LogLevel.Warning, "A {ActivityType} activity was refused: its user is over the rate limit")]
    public static partial void RateLimited(this ILogger logger, string? activityType);

    [LoggerMessage(1014, LogLevel.Error, "A committed turn's {Operation} could not be delivered (conversation id length {ConversationIdLength})")]
    public static partial void ReplyDeliveryFailed(this ILogger logger, Exception exception, string operation, int conversationIdLength);
}
