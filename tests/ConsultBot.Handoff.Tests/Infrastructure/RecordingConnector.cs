using System.Collections.Concurrent;
using System.Globalization;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Handoff.Tests.Infrastructure;

/// <summary>An in-memory <see cref="IConnectorClient"/> for turn-level tests; outbox robustness tests use the HTTP FakeConnector.</summary>
internal sealed class RecordingConnector : IConnectorClient
{
    private int _nextId = 100;

    public ConcurrentQueue<(string ConversationId, Activity Activity)> Sent { get; } = new();

    public ConcurrentQueue<ConversationParameters> Created { get; } = new();

    public ConcurrentQueue<(string ConversationId, string ActivityId, Activity Activity)> Updated { get; } = new();

    public HashSet<string> Members { get; } = new(StringComparer.Ordinal);

    public int MemberLookups;

    /// <summary>Thrown by the next calls while set (connector down).</summary>
    public Exception? Failure { get; set; }

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Sent.Enqueue((conversationId, activity));
        return Task.FromResult(new ResourceResponse { Id = NextId() });
    }

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken);

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Updated.Enqueue((conversationId, activityId, activity));
        return Task.FromResult(new ResourceResponse { Id = activityId });
    }

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Created.Enqueue(parameters);
        var root = NextId();
        var channel = parameters.ChannelData?["channel"]?["id"]?.GetValue<string>();
        return Task.FromResult(new ConversationResourceResponse { Id = $"{channel};messageid={root}", ActivityId = root, ServiceUrl = serviceUrl });
    }

    public Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int? pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        Task.FromResult(new PagedMembersResult { Members = [.. Members.Select(m => new ChannelAccount { Id = m })] });

    public Task<ChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref MemberLookups);
        ThrowIfFailing();
        return Task.FromResult(Members.Contains(userId) ? new ChannelAccount { Id = userId } : null);
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }

    private string NextId() => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
}
