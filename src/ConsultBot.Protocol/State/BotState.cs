using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Protocol.State;

/// <summary>
/// State scoped to a conversation or a user, stored as one JSON document of named properties.
/// Loaded at most once per turn (cached in the turn state) and written at the end of the turn only
/// when it changed, with the ETag it was read with: a concurrent change surfaces as <see cref="EtagException"/>
/// instead of a lost update.
/// </summary>
public abstract class BotState(IStorage storage, string contextServiceKey, TimeProvider? timeProvider = null, TimeSpan? retention = null)
{
    private readonly string _cacheKey = contextServiceKey;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// How long the scope is kept after its last change (personal data: a transcript, a language, an unfinished
    /// dialog). Every write stamps the item's expiry; the store purges expired items and reads them as missing.
    /// Null keeps it until deleted.
    /// </summary>
    public TimeSpan? Retention { get; } = retention;

    /// <summary>The storage key of this scope for the turn, or null when the activity lacks the ids.</summary>
    protected abstract string? GetStorageKey(ITurnContext turnContext);

    /// <summary>Creates a typed property of this state.</summary>
    public IStatePropertyAccessor<T> CreateProperty<T>(string name, JsonTypeInfo<T> typeInfo) => new StatePropertyAccessor<T>(this, name, typeInfo);

    /// <summary>Loads the state into the turn (once; later calls use the cached copy unless forced).</summary>
    public async Task LoadAsync(ITurnContext turnContext, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (!force && turnContext.TurnState.TryGet<CachedState>(_cacheKey, out _))
        {
            return;
        }

        var key = GetStorageKey(turnContext);
        if (key is null)
        {
            turnContext.TurnState.Set(_cacheKey, new CachedState(null, new JsonObject(), "{}", null));
            return;
        }

        var items = await storage.ReadAsync([key], cancellationToken).ConfigureAwait(false);
        if (items.TryGetValue(key, out var item))
        {
            var obj = JsonNode.Parse(item.Json) as JsonObject ?? new JsonObject();
            turnContext.TurnState.Set(_cacheKey, new CachedState(key, obj, item.Json, item.ETag));
        }
        else
        {
            turnContext.TurnState.Set(_cacheKey, new CachedState(key, new JsonObject(), "{}", StoreItem.CreateOnly));
        }
    }

    /// <summary>The storage key of this scope for the turn, or null when the activity lacks the ids.</summary>
    public string? GetStorageKeyFor(ITurnContext turnContext) => GetStorageKey(turnContext);

    /// <summary>
    /// Puts an item read by someone else into the turn, as <see cref="LoadAsync"/> would have: the turn
    /// runner reads every scope and the duplicate marker in one round trip. A missing item is empty state.
    /// </summary>
    public void SetLoaded(ITurnContext turnContext, string key, StoreItem? item)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(key);
        turnContext.TurnState.Set(_cacheKey, item is null
            ? new CachedState(key, new JsonObject(), "{}", StoreItem.CreateOnly)
            : new CachedState(key, JsonNode.Parse(item.Json) as JsonObject ?? new JsonObject(), item.Json, item.ETag));
    }

    /// <summary>The write that stores this turn's changes (with the ETag they were read with), or null when nothing changed.</summary>
    public KeyValuePair<string, StoreItem>? GetPendingWrite(ITurnContext turnContext, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (!turnContext.TurnState.TryGet<CachedState>(_cacheKey, out var cached) || cached.Key is null)
        {
            return null;
        }

        // The live JsonObject never leaves this class (accessors hand out deserialised copies and store serialised
        // ones), so only a turn that went through a mutating path can differ from what was read.
        if (!force && !cached.Dirty)
        {
            return null;
        }

        var json = cached.State.ToJsonString();
        if (!force && string.Equals(json, cached.Original, StringComparison.Ordinal))
        {
            cached.Dirty = false;
            return null;
        }

        return new(cached.Key, new StoreItem(json, cached.ETag, Retention is { } keep ? _time.GetUtcNow() + keep : null));
    }

    /// <summary>Records that the pending write was stored with the given ETag.</summary>
    public void SetCommitted(ITurnContext turnContext, StoreItem written, string etag)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(written);
        if (turnContext.TurnState.TryGet<CachedState>(_cacheKey, out var cached))
        {
            turnContext.TurnState.Set(_cacheKey, cached with { Original = written.Json, ETag = etag, Dirty = false });
        }
    }

    /// <summary>Writes the state if it changed during the turn.</summary>
    public async Task SaveChangesAsync(ITurnContext turnContext, bool force = false, CancellationToken cancellationToken = default)
    {
        if (GetPendingWrite(turnContext, force) is not { } pending)
        {
            return;
        }

        var etags = await storage.WriteAsync(new Dictionary<string, StoreItem> { [pending.Key] = pending.Value }, cancellationToken).ConfigureAwait(false);
        SetCommitted(turnContext, pending.Value, etags[pending.Key]);
    }

    /// <summary>Clears the state (written at the end of the turn).</summary>
    public async Task ClearStateAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var cached = await GetCachedAsync(turnContext, cancellationToken).ConfigureAwait(false);
        cached.State.Clear();
        cached.Dirty = true;
    }

    /// <summary>Deletes the stored state now (for example after the user removed the app).</summary>
    public async Task DeleteAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var key = GetStorageKey(turnContext);
        turnContext.TurnState.Remove(_cacheKey);
        if (key is not null)
        {
            await storage.DeleteAsync([key], cancellationToken).ConfigureAwait(false);
        }
    }

    internal async Task<CachedState> GetCachedAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        await LoadAsync(turnContext, false, cancellationToken).ConfigureAwait(false);
        turnContext.TurnState.TryGet<CachedState>(_cacheKey, out var cached);
        return cached!;
    }

    internal sealed record CachedState(string? Key, JsonObject State, string Original, string? ETag)
    {
        /// <summary>Set by every path that changes <see cref="State"/>; the JSON comparison runs only then.</summary>
        public bool Dirty { get; set; }
    }

    private sealed class StatePropertyAccessor<T>(BotState state, string name, JsonTypeInfo<T> typeInfo) : IStatePropertyAccessor<T>
    {
        public string Name => name;

        public async Task<T?> GetAsync(ITurnContext turnContext, Func<T>? defaultValueFactory, CancellationToken cancellationToken)
        {
            var cached = await state.GetCachedAsync(turnContext, cancellationToken).ConfigureAwait(false);
            if (cached.State.TryGetPropertyValue(name, out var node) && node is not null)
            {
                try
                {
                    return node.Deserialize(typeInfo);
                }
                catch (JsonException)
                {
                    // A shape from an older deployment that no longer binds: start this property afresh.
                    cached.State.Remove(name);
                    cached.Dirty = true;
                }
            }

            if (defaultValueFactory is null)
            {
                return default;
            }

            var value = defaultValueFactory();
            cached.State[name] = JsonSerializer.SerializeToNode(value, typeInfo);
            cached.Dirty = true;
            return value;
        }

        public async Task SetAsync(ITurnContext turnContext, T value, CancellationToken cancellationToken)
        {
            var cached = await state.GetCachedAsync(turnContext, cancellationToken).ConfigureAwait(false);
            cached.State[name] = JsonSerializer.SerializeToNode(value, typeInfo);
            cached.Dirty = true;
        }

        public async Task DeleteAsync(ITurnContext turnContext, CancellationToken cancellationToken)
        {
            var cached = await state.GetCachedAsync(turnContext, cancellationToken).ConfigureAwait(false);
            cached.Dirty |= cached.State.Remove(name);
        }
    }
}

/// <summary>Typed access to one property of a <see cref="BotState"/>.</summary>
public interface IStatePropertyAccessor<T>
{
    string Name { get; }

    Task<T?> GetAsync(ITurnContext turnContext, Func<T>? defaultValueFactory, CancellationToken cancellationToken);

    Task SetAsync(ITurnContext turnContext, T value, CancellationToken cancellationToken);

    Task DeleteAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}

/// <summary>How long each state scope and the conversation references are kept after their last change (null: until deleted).</summary>
public sealed record StateRetention(TimeSpan? ConversationState, TimeSpan? UserState, TimeSpan? ConversationReferences)
{
    public static StateRetention KeepUntilDeleted { get; } = new(null, null, null);
}

/// <summary>State of one conversation: key <c>{channelId}/conversations/{conversationId}</c>.</summary>
public sealed class ConversationState(IStorage storage, TimeProvider? timeProvider = null, StateRetention? retention = null)
    : BotState(storage, nameof(ConversationState), timeProvider, retention?.ConversationState)
{
    protected override string? GetStorageKey(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        return activity.ChannelId is { } channel && activity.Conversation?.Id is { } conversation
            ? $"{channel}/conversations/{conversation}"
            : null;
    }
}

/// <summary>State of one user across conversations: key <c>{channelId}/users/{userId}</c>.</summary>
public sealed class UserState(IStorage storage, TimeProvider? timeProvider = null, StateRetention? retention = null)
    : BotState(storage, nameof(UserState), timeProvider, retention?.UserState)
{
    protected override string? GetStorageKey(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        return activity.ChannelId is { } channel && activity.From?.Id is { } user
            ? $"{channel}/users/{user}"
            : null;
    }
}
