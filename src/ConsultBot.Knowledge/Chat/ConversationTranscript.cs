using ConsultBot.Handoff;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Options;

namespace ConsultBot.Knowledge.Chat;

/// <summary>One remembered turn of a personal chat.</summary>
internal sealed record TranscriptTurn(string Speaker, string Text, DateTimeOffset At);

/// <summary>
/// The last N turns (user question + the bot's answer text) of a personal conversation, kept in
/// conversation state, so a ticket can carry context when the asker consents. Shared conversations
/// are never recorded. Only FAQ turns are recorded (this feature sees no other features' turns).
/// </summary>
internal sealed class ConversationTranscript(ConversationState conversationState, IOptions<KnowledgeOptions> options, TimeProvider timeProvider)
    : IConversationContextProvider
{
    public const string UserSpeaker = "user";
    public const string BotSpeaker = "bot";
    private const int MaxTextLength = 600;

    private readonly IStatePropertyAccessor<List<TranscriptTurn>> _turns =
        conversationState.CreateProperty("knowledge.transcript", KnowledgeStoreJsonContext.Default.ListTranscriptTurn);

    public async Task RecordAsync(ITurnContext turnContext, string speaker, string text, CancellationToken cancellationToken)
    {
        var keep = options.Value.ConversationContextTurns;
        if (keep == 0 || turnContext.Activity.IsSharedConversation() || string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var turns = Fresh(await _turns.GetAsync(turnContext, () => [], cancellationToken) ?? []);
        turns.Add(new TranscriptTurn(speaker, text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…", timeProvider.GetUtcNow()));
        if (turns.Count > keep)
        {
            turns.RemoveRange(0, turns.Count - keep);
        }

        await _turns.SetAsync(turnContext, turns, cancellationToken);
    }

    /// <summary>How many turns of this conversation are remembered (for "moje dane").</summary>
    public async Task<int> CountAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Fresh(await _turns.GetAsync(turnContext, null, cancellationToken) ?? []).Count;

    /// <summary>Forgets this conversation's turns (erasure).</summary>
    public Task ForgetAsync(ITurnContext turnContext, CancellationToken cancellationToken) => _turns.DeleteAsync(turnContext, cancellationToken);

    // Turns older than the retention are never used and are dropped with the next write of the conversation.
    private List<TranscriptTurn> Fresh(List<TranscriptTurn> turns)
    {
        var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(options.Value.TranscriptRetentionDays);
        turns.RemoveAll(t => t.At < cutoff);
        return turns;
    }

    public async Task<IReadOnlyList<ContextTurn>> GetRecentTurnsAsync(ITurnContext turnContext, int maxTurns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (maxTurns <= 0 || turnContext.Activity.IsSharedConversation())
        {
            return [];
        }

        var turns = Fresh(await _turns.GetAsync(turnContext, null, cancellationToken) ?? []);
        return [.. turns.TakeLast(maxTurns).Select(t => new ContextTurn(t.Speaker == UserSpeaker ? ContextSpeaker.User : ContextSpeaker.Bot, t.Text, t.At))];
    }
}
