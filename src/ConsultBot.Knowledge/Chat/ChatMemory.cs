using System.Text.Json.Serialization;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Knowledge.Chat;

/// <summary>
/// What the FAQ chat remembers between turns of a conversation (conversation state <c>knowledge.chat</c>): the last answered
/// entry, its model and audience (ids only, never the text, so nothing personal), how many more turns it may serve a
/// follow-up, and how many questions in a row found nothing.
/// </summary>
internal sealed record ChatMemory(string? EntryId, string? Model, string? Audience, DateTimeOffset? At, int TurnsLeft, int Misses)
{
    public static ChatMemory Empty { get; } = new(null, null, null, null, 0, 0);

    /// <summary>The entry a follow-up may refer to, or null once it is too old.</summary>
    public string? ContextEntry(DateTimeOffset now, TimeSpan window) =>
        EntryId is not null && TurnsLeft > 0 && At is { } at && now - at <= window ? EntryId : null;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatMemory))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;

/// <summary>Reads and writes <see cref="ChatMemory"/>.</summary>
internal sealed class ChatMemoryStore(ConversationState conversationState, TimeProvider timeProvider)
{
    /// <summary>A follow-up refers to the last answer for this many FAQ turns…</summary>
    public const int FollowUpTurns = 3;

    /// <summary>…and at most this long after it.</summary>
    public static readonly TimeSpan FollowUpWindow = TimeSpan.FromMinutes(15);

    private readonly IStatePropertyAccessor<ChatMemory> _memory = conversationState.CreateProperty("knowledge.chat", ChatJsonContext.Default.ChatMemory);

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public async Task<ChatMemory> GetAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        await _memory.GetAsync(turnContext, null, cancellationToken) ?? ChatMemory.Empty;

    public Task SetAsync(ITurnContext turnContext, ChatMemory memory, CancellationToken cancellationToken) =>
        _memory.SetAsync(turnContext, memory, cancellationToken);

    /// <summary>An entry was shown (answered, or clicked among suggestions): it becomes the follow-up context.</summary>
    public async Task RememberAsync(ITurnContext turnContext, string entryId, CancellationToken cancellationToken)
    {
        var facets = FollowUps.Signature(entryId);
        await SetAsync(turnContext, new ChatMemory(entryId, facets.Model, facets.Audience, Now, FollowUpTurns, 0), cancellationToken);
    }
}
