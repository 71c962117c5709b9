using ConsultBot.Protocol.State;

namespace ConsultBot.Welcome;

/// <summary>
/// Who has been welcomed: conversation state <c>assessment.welcome</c> and one claim per user (or shared conversation)
/// in the store. The names predate the feature's own project and are kept, so nobody is welcomed twice after an update.
/// </summary>
internal sealed class WelcomeStore
{
    public const string WelcomeProperty = "assessment.welcome";

    private readonly IStatePropertyAccessor<WelcomeLog> _welcome;
    private readonly IStorage _storage;

    public WelcomeStore(ConversationState conversationState, IStorage storage)
    {
        ArgumentNullException.ThrowIfNull(conversationState);
        _storage = storage;
        _welcome = conversationState.CreateProperty(WelcomeProperty, WelcomeJsonContext.Default.WelcomeLog);
    }

    public static string ClaimKey(string? channelId, string? conversationId, string who) =>
        $"assessment/welcomed/{channelId}/{conversationId}/{who}";

    public async Task<WelcomeLog> GetAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        await _welcome.GetAsync(turn, null, cancellationToken) ?? WelcomeLog.Empty;

    public Task SetAsync(ITurnContext turn, WelcomeLog value, CancellationToken cancellationToken) =>
        _welcome.SetAsync(turn, value, cancellationToken);

    /// <summary>
    /// Claims the one welcome of a user (or of a shared conversation) atomically in the store. Teams sends
    /// conversationUpdate and installationUpdate together on install; both turns run at once and would
    /// both see "not welcomed yet" in conversation state, so the claim, not the state, decides.
    /// </summary>
    public Task<bool> TryClaimAsync(ITurnContext turn, string who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activity = turn.Activity;
        return TurnWrites.TryClaimAsync(turn, _storage, ClaimKey(activity.ChannelId, activity.Conversation?.Id, who), cancellationToken);
    }
}

/// <summary>Who has been welcomed in this conversation (conversation state <c>assessment.welcome</c>).</summary>
/// <param name="Users">User ids welcomed personally.</param>
/// <param name="Shared">The team/group welcome was sent.</param>
internal sealed record WelcomeLog(IReadOnlyList<string> Users, bool Shared)
{
    public static WelcomeLog Empty { get; } = new([], false);
}
