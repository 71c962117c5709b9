using ConsultBot.Protocol.Schema;

namespace ConsultBot.Protocol.Connector;

/// <summary>
/// The Bot Connector REST API (<c>{serviceUrl}v3/conversations/…</c>): what the bot calls to talk to
/// Teams. Implementations add the outbound token, retries, pacing and error mapping.
/// </summary>
public interface IConnectorClient
{
    /// <summary><c>POST v3/conversations/{id}/activities</c>.</summary>
    Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>POST v3/conversations/{id}/activities/{replyToId}</c>.</summary>
    Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>PUT v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>DELETE v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary><c>POST v3/conversations</c>: a 1:1 chat or a new channel thread.</summary>
    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken);

    /// <summary><c>GET v3/conversations/{id}/pagedmembers</c>.</summary>
    Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int? pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary><c>GET v3/conversations/{id}/members/{userId}</c>; null when the user is not a member (404).</summary>
    Task<ChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken);
}

/// <summary>The connector answered with an error status (after retries where they are safe).</summary>
public class ConnectorException : Exception
{
    public ConnectorException(int statusCode, string? errorCode, string message) : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public ConnectorException() : this(0, null, "Connector call failed.") { }

    public ConnectorException(string message) : this(0, null, message) { }

    public ConnectorException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>HTTP status, or 0 when no answer came (network error, timeout, open circuit).</summary>
    public int StatusCode { get; }

    /// <summary>The connector's error code (<c>error.code</c> or Teams' <c>subCode</c>), if any.</summary>
    public string? ErrorCode { get; }
}

/// <summary>Teams answered 403 <c>MessageWritesBlocked</c>: the user blocked or removed the bot; do not retry.</summary>
public sealed class ConversationUnreachableException : ConnectorException
{
    public ConversationUnreachableException(string conversationId, string message) : base(403, "MessageWritesBlocked", message) =>
        ConversationId = conversationId;

    public ConversationUnreachableException() : this(string.Empty, "Conversation unreachable.") { }

    public ConversationUnreachableException(string message) : this(string.Empty, message) { }

    public ConversationUnreachableException(string message, Exception innerException) : base(message, innerException) => ConversationId = string.Empty;

    public string ConversationId { get; }
}

/// <summary>Remembers conversations Teams reported as blocked, so nothing more is sent there.</summary>
public interface IUnreachableConversations
{
    Task MarkUnreachableAsync(string conversationId, CancellationToken cancellationToken);

    Task MarkReachableAsync(string conversationId, CancellationToken cancellationToken);

    Task<bool> IsUnreachableAsync(string conversationId, CancellationToken cancellationToken);
}
