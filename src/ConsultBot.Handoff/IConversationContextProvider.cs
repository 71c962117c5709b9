using ConsultBot.Protocol.Turn;

namespace ConsultBot.Handoff;

/// <summary>
/// The recent turns of the asker's chat, attached to a ticket when the asker consents. The host
/// implements it over its transcript; the default returns nothing.
/// </summary>
public interface IConversationContextProvider
{
    /// <summary>Up to <paramref name="maxTurns"/> most recent turns of the turn's conversation, oldest first.</summary>
    Task<IReadOnlyList<ContextTurn>> GetRecentTurnsAsync(ITurnContext turnContext, int maxTurns, CancellationToken cancellationToken);
}

/// <summary>Default: no transcript is kept, so no context goes with tickets.</summary>
internal sealed class NoConversationContext : IConversationContextProvider
{
    public Task<IReadOnlyList<ContextTurn>> GetRecentTurnsAsync(ITurnContext turnContext, int maxTurns, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContextTurn>>([]);
}
