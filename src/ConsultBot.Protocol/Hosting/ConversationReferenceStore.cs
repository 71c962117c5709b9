using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// Keeps the conversation reference of every conversation, and for every user which conversation is their personal
/// chat, so the bot can write later (a consultant's answer, a reminder). One reference per conversation: the user's row
/// is only a pointer (<c>{"conversationId": …}</c>, ≈ 60 B) to the conversation's reference, not a second copy of it
/// (≈ 460 B). References come only from authenticated activities, so their service URLs may receive tokens.
/// </summary>
public sealed class ConversationReferenceStore(IStorage storage, TimeProvider? timeProvider = null, StateRetention? retention = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly TimeSpan? _retention = retention?.ConversationReferences;

    // What was last written per (channel, conversation or user id, personal chat?) and when: compared field by field
    // each turn, so an unchanged reference costs neither a JSON serialisation nor a key string. With a retention, an
    // unchanged reference is still rewritten once half of it has passed, so a conversation in use never expires.
    // Bounded (MaxRemembered, oldest written first out): a forgotten slot only costs one rewrite of an unchanged reference.
    private readonly ConcurrentDictionary<(string Channel, string Id, bool PersonalChat), (ReferenceFields Fields, DateTimeOffset WrittenAt)> _lastWritten = new();
    private int _added;

    /// <summary>Conversations and users whose last written reference is remembered at most (plus one trim interval).</summary>
    internal const int MaxRemembered = 20_000;

    /// <summary>How many slots are remembered now (for the tests of the bound).</summary>
    internal int RememberedCount => _lastWritten.Count;

    private const string PointerProperty = "conversationId";

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

        var now = _time.GetUtcNow();
        var conversationSlot = (channel, conversationId, false);
        var conversationChanged = NeedsWrite(conversationSlot, activity, now);
        (string, string, bool)? userSlot = null;
        if (!activity.IsSharedConversation() && activity.From?.Id is { } userId)
        {
            var slot = (channel, userId, true);
            if (NeedsWrite(slot, activity, now))
            {
                userSlot = slot;
            }
        }

        if (!conversationChanged && userSlot is null)
        {
            return;
        }

        var changes = new Dictionary<string, StoreItem>(2, StringComparer.Ordinal);
        var expiresAt = _retention is { } keep ? now + keep : (DateTimeOffset?)null;

        // Both rows are refreshed together: the pointer never outlives the reference it points to by more than one turn.
        if (conversationChanged || userSlot is not null)
        {
            var reference = activity.GetConversationReference();
            reference.ActivityId = null;
            changes[ConversationKey(channel, conversationId)] = new StoreItem(JsonSerializer.Serialize(reference, ProtocolJsonContext.Default.ConversationReference), ExpiresAt: expiresAt);
        }

        if (userSlot is { } user)
        {
            var pointer = new JsonObject { [PointerProperty] = conversationId };
            changes[PersonalChatKey(channel, user.Item2)] = new StoreItem(pointer.ToJsonString(), ExpiresAt: expiresAt);
        }

        await storage.WriteAsync(changes, cancellationToken).ConfigureAwait(false);
        var fields = ReferenceFields.From(activity);
        if (changes.ContainsKey(ConversationKey(channel, conversationId)))
        {
            Remember(conversationSlot, (fields, now));
        }

        if (userSlot is { } written)
        {
            Remember(written, (fields, now));
        }
    }

    private void Remember((string, string, bool) slot, (ReferenceFields Fields, DateTimeOffset WrittenAt) value)
    {
        if (!_lastWritten.TryAdd(slot, value))
        {
            _lastWritten[slot] = value;
            return;
        }

        if (Interlocked.Increment(ref _added) % 1024 == 0 && _lastWritten.Count > MaxRemembered)
        {
            BoundedMaps.Trim(_lastWritten, MaxRemembered, static v => v.WrittenAt.UtcTicks);
        }
    }

    private bool NeedsWrite((string, string, bool) slot, Activity activity, DateTimeOffset now) =>
        !_lastWritten.TryGetValue(slot, out var last)
        || !last.Fields.Matches(activity)
        || (_retention is { } keep && now - last.WrittenAt > keep / 2);

    /// <summary>The stored reference of a conversation, or null.</summary>
    public async Task<ConversationReference?> GetConversationAsync(string channelId, string conversationId, CancellationToken cancellationToken) =>
        (await storage.ReadAsync(ConversationKey(channelId, conversationId), ProtocolJsonContext.Default.ConversationReference, cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>The stored reference of a user's personal chat with the bot, or null.</summary>
    public async Task<ConversationReference?> GetPersonalChatAsync(string channelId, string userId, CancellationToken cancellationToken)
    {
        var items = await storage.ReadAsync([PersonalChatKey(channelId, userId)], cancellationToken).ConfigureAwait(false);
        if (items.Count == 0 || JsonNode.Parse(items.First().Value.Json) is not JsonObject row)
        {
            return null;
        }

        if (row[PointerProperty] is JsonValue pointer && pointer.TryGetValue<string>(out var conversationId))
        {
            return await GetConversationAsync(channelId, conversationId, cancellationToken).ConfigureAwait(false);
        }

        // A row written before the pointer: a whole reference (rewritten as a pointer on the user's next message).
        return row.Deserialize(ProtocolJsonContext.Default.ConversationReference);
    }

    /// <summary>Forgets a conversation (the app was removed from it).</summary>
    public async Task RemoveAsync(string channelId, string conversationId, string? userId, CancellationToken cancellationToken)
    {
        var keys = new List<string> { ConversationKey(channelId, conversationId) };
        if (userId is not null)
        {
            keys.Add(PersonalChatKey(channelId, userId));
        }

        _lastWritten.TryRemove((channelId, conversationId, false), out _);
        if (userId is not null)
        {
            _lastWritten.TryRemove((channelId, userId, true), out _);
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

/// <summary>
/// A copy of every field that goes into a stored <see cref="ConversationReference"/> (activity id aside): equal fields
/// mean equal JSON. Copied rather than referenced, so later changes to the activity's objects cannot hide a change.
/// </summary>
internal sealed class ReferenceFields
{
    private readonly AccountFields _user;
    private readonly AccountFields _bot;
    private readonly ConversationFields _conversation;
    private readonly string? _channelId;
    private readonly string? _locale;
    private readonly string? _serviceUrl;

    private ReferenceFields(Activity activity)
    {
        _user = AccountFields.From(activity.From);
        _bot = AccountFields.From(activity.Recipient);
        _conversation = ConversationFields.From(activity.Conversation);
        _channelId = activity.ChannelId;
        _locale = activity.Locale;
        _serviceUrl = activity.ServiceUrl;
    }

    public static ReferenceFields From(Activity activity) => new(activity);

    public bool Matches(Activity activity) =>
        string.Equals(_serviceUrl, activity.ServiceUrl, StringComparison.Ordinal)
        && string.Equals(_channelId, activity.ChannelId, StringComparison.Ordinal)
        && string.Equals(_locale, activity.Locale, StringComparison.Ordinal)
        && _user.Matches(activity.From)
        && _bot.Matches(activity.Recipient)
        && _conversation.Matches(activity.Conversation);

    /// <summary>Extension data: rare on these objects; an empty dictionary serialises like none.</summary>
    private static Dictionary<string, JsonElement>? Copy(Dictionary<string, JsonElement>? properties) =>
        properties is { Count: > 0 } ? new Dictionary<string, JsonElement>(properties, StringComparer.Ordinal) : null;

    private static bool SameProperties(Dictionary<string, JsonElement>? stored, Dictionary<string, JsonElement>? current)
    {
        var count = current?.Count ?? 0;
        if ((stored?.Count ?? 0) != count)
        {
            return false;
        }

        if (count == 0)
        {
            return true;
        }

        foreach (var (name, value) in current!)
        {
            if (!stored!.TryGetValue(name, out var old) || !JsonElement.DeepEquals(old, value))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record AccountFields(bool Present, string? Id, string? Name, string? AadObjectId, string? Role, Dictionary<string, JsonElement>? Properties)
    {
        public static AccountFields From(ChannelAccount? account) => account is null
            ? new(false, null, null, null, null, null)
            : new(true, account.Id, account.Name, account.AadObjectId, account.Role, Copy(account.Properties));

        public bool Matches(ChannelAccount? account) => account is null
            ? !Present
            : Present
              && string.Equals(Id, account.Id, StringComparison.Ordinal)
              && string.Equals(Name, account.Name, StringComparison.Ordinal)
              && string.Equals(AadObjectId, account.AadObjectId, StringComparison.Ordinal)
              && string.Equals(Role, account.Role, StringComparison.Ordinal)
              && SameProperties(Properties, account.Properties);
    }

    private sealed record ConversationFields(
        bool Present, string? Id, string? Name, bool? IsGroup, string? ConversationType, string? TenantId, string? Role, string? AadObjectId,
        Dictionary<string, JsonElement>? Properties)
    {
        public static ConversationFields From(ConversationAccount? conversation) => conversation is null
            ? new(false, null, null, null, null, null, null, null, null)
            : new(true, conversation.Id, conversation.Name, conversation.IsGroup, conversation.ConversationType, conversation.TenantId,
                conversation.Role, conversation.AadObjectId, Copy(conversation.Properties));

        public bool Matches(ConversationAccount? conversation) => conversation is null
            ? !Present
            : Present
              && string.Equals(Id, conversation.Id, StringComparison.Ordinal)
              && string.Equals(Name, conversation.Name, StringComparison.Ordinal)
              && IsGroup == conversation.IsGroup
              && string.Equals(ConversationType, conversation.ConversationType, StringComparison.Ordinal)
              && string.Equals(TenantId, conversation.TenantId, StringComparison.Ordinal)
              && string.Equals(Role, conversation.Role, StringComparison.Ordinal)
              && string.Equals(AadObjectId, conversation.AadObjectId, StringComparison.Ordinal)
              && SameProperties(Properties, conversation.Properties);
    }
}
