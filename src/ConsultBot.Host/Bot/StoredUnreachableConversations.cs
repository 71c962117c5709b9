using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.State;

namespace ConsultBot.Host.Bot;

/// <summary>Conversations where Teams refused our messages (user blocked or removed the app), kept in the shared store.</summary>
internal sealed class StoredUnreachableConversations(IStorage storage, TimeProvider timeProvider) : IUnreachableConversations
{
    private static string Key(string conversationId) => $"unreachable-conversations/{conversationId}";

    public Task MarkUnreachableAsync(string conversationId, CancellationToken cancellationToken) =>
        storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [Key(conversationId)] = new StoreItem($"{{\"since\":\"{timeProvider.GetUtcNow():O}\"}}"),
        }, cancellationToken);

    public Task MarkReachableAsync(string conversationId, CancellationToken cancellationToken) =>
        storage.DeleteAsync([Key(conversationId)], cancellationToken);

    public async Task<bool> IsUnreachableAsync(string conversationId, CancellationToken cancellationToken) =>
        (await storage.ReadAsync([Key(conversationId)], cancellationToken).ConfigureAwait(false)).Count > 0;
}
