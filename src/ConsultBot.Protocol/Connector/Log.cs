using Microsoft.Extensions.Logging;

namespace ConsultBot.Protocol.Connector;

internal static partial class Log
{
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
