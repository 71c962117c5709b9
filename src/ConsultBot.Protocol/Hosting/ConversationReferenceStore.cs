using System.Collections.Concurrent;
using System.Text.Json;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// Keeps the conversation reference of every conversation and of every user's personal chat, so the bot
/// can write later (a consultant's answer, a reminder). References come only from authenticated
/// activities, so their service URLs may receive tokens.
/// </summary>
public sealed class ConversationReferenceStore(IStorage storage)
{
    private readonly ConcurrentDictionary<string, string> _lastWritten = new(StringComparer.Ordinal);

    public static string ConversationKey(string channelId, string conversationId) => $"conversation-references/{channelId}/{conversationId}";

    public static string PersonalChatKey(string channelId, string userId) => $"conversation-references/{channelId}/users/{userId}";

    /// <summary>Stores the reference of the turn's conversation (and of the user's personal chat); skips the write when nothing changed.</summary>
    public async Task SaveAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ChannelId is not { } channel || activity.Conversation?.Id is not { } conversationId || activity.ServiceUrl is null)
        {
            return;
        }

        var reference = activity.GetConversationReference();
        reference.ActivityId = null;
        var json = JsonSerializer.Serialize(reference, ProtocolJsonContext.Default.ConversationReference);
        var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        var key = ConversationKey(channel, conversationId);
        if (!_lastWritten.TryGetValue(key, out var last) || last != json)
        {
            changes[key] = new StoreItem(json);
        }

        string? userKey = null;
        if (!activity.IsSharedConversation() && activity.From?.Id is { } userId)
        {
            userKey = PersonalChatKey(channel, userId);
            if (!_lastWritten.TryGetValue(userKey, out var lastUser) || lastUser != json)
            {
                changes[userKey] = new StoreItem(json);
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        await storage.WriteAsync(changes, cancellationToken).ConfigureAwait(false);
        foreach (var changed in changes.Keys)
        {
            _lastWritten[changed] = json;
        }
    }

    /// <summary>The stored reference of a conversation, or null.</summary>
    public async Task<ConversationReference?> GetConversationAsync(string channelId, string conversationId, CancellationToken cancellationToken) =>
        (await storage.ReadAsync(ConversationKey(channelId, conversationId), ProtocolJsonContext.Default.ConversationReference, cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>The stored reference of a user's personal chat with the bot, or null.</summary>
    public async Task<ConversationReference?> GetPersonalChatAsync(string channelId, string userId, CancellationToken cancellationToken) =>
        (await storage.ReadAsync(PersonalChatKey(channelId, userId), ProtocolJsonContext.Default.ConversationReference, cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Forgets a conversation (the app was removed from it).</summary>
    public async Task RemoveAsync(string channelId, string conversationId, string? userId, CancellationToken cancellationToken)
    {
        var keys = new List<string> { ConversationKey(channelId, conversationId) };
        if (userId is not null)
        {
            keys.Add(PersonalChatKey(channelId, userId));
        }

        foreach (var key in keys)
        {
            _lastWritten.TryRemove(key, out _);
        }

        await storage.DeleteAsync(keys, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Saves the conversation reference of every incoming activity (before the bot runs).</summary>
public sealed class ConversationReferenceMiddleware(ConversationReferenceStore references) : Turn.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        var removed = activity.IsType(ActivityTypes.InstallationUpdate) && activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true;
        if (!removed && !activity.IsType(ActivityTypes.Event))
        {
            await references.SaveAsync(activity, cancellationToken).ConfigureAwait(false);
        }

        await next(cancellationToken).ConfigureAwait(false);
    }
}
