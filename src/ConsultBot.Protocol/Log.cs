using Microsoft.Extensions.Logging;

namespace ConsultBot.Protocol;

/// <summary>
/// Log messages of the protocol layer. Event ids 1000–1299 (docs/logging.md): 10xx the adapter and the turn runner,
/// 11xx authentication, 12xx the connector client.
/// </summary>
internal static partial class Log
{
    // ---- 1000–1099 the adapter and the turn runner
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

    // ---- 1100–1199 authentication
    [LoggerMessage(1100, LogLevel.Debug, "Accepted token from issuer {Issuer} for channel {ChannelId}")]
    public static partial void TokenAccepted(ILogger logger, string issuer, string? channelId);

    [LoggerMessage(1101, LogLevel.Information, "Token signed with an unknown key; refreshing signing keys from {MetadataUrl}")]
    public static partial void RefreshingSigningKeys(ILogger logger, string metadataUrl);

    [LoggerMessage(1102, LogLevel.Debug, "Acquiring an outbound token from {Authority}")]
    public static partial void AcquiringToken(ILogger logger, string authority);

    [LoggerMessage(1103, LogLevel.Warning, "Acquiring an outbound token failed: {ErrorCode}")]
    public static partial void TokenAcquisitionFailed(ILogger logger, string errorCode, Exception exception);

    [LoggerMessage(1104, LogLevel.Information, "Service URL host {Host} is now trusted for outbound tokens")]
    public static partial void ServiceUrlTrusted(ILogger logger, string host);

    // ---- 1200–1299 the connector client
    [LoggerMessage(1200, LogLevel.Information, "Retrying connector {Method} after {Outcome} (retry {Retry}) in {Delay}")]
    public static partial void Retrying(ILogger logger, HttpMethod? method, string outcome, int retry, TimeSpan delay);

    [LoggerMessage(1201, LogLevel.Warning, "Connector {Operation} failed with {StatusCode} {ErrorCode}")]
    public static partial void CallFailed(ILogger logger, string operation, int statusCode, string? errorCode);

    [LoggerMessage(1202, LogLevel.Warning, "Conversation {ConversationId} is unreachable (MessageWritesBlocked); further sends are refused")]
    public static partial void ConversationUnreachable(ILogger logger, string conversationId);

    [LoggerMessage(1203, LogLevel.Debug, "Refused send to unreachable conversation {ConversationId}")]
    public static partial void SendRefused(ILogger logger, string conversationId);

    [LoggerMessage(1204, LogLevel.Warning, "Connector {Operation} got no answer: {Reason}")]
    public static partial void NoAnswer(ILogger logger, string operation, string reason, Exception exception);
}
