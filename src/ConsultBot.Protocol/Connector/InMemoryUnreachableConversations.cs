using System.Collections.Concurrent;

namespace ConsultBot.Protocol.Connector;

/// <summary>Process-local <see cref="IUnreachableConversations"/>; lost on restart (a store-backed one replaces it).</summary>
public sealed class InMemoryUnreachableConversations : IUnreachableConversations
{
    private readonly ConcurrentDictionary<string, byte> _conversations = new(StringComparer.Ordinal);

    public Task MarkUnreachableAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        _conversations.TryAdd(conversationId, 0);
        return Task.CompletedTask;
    }

    public Task MarkReachableAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        _conversations.TryRemove(conversationId, out _);
        return Task.CompletedTask;
    }

    public Task<bool> IsUnreachableAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        return Task.FromResult(_conversations.ContainsKey(conversationId));
    }
}
