using System.Collections.Concurrent;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Host.Bot;

/// <summary>
/// Conversations where Teams refused our messages (user blocked or removed the app), kept in the shared
/// store. Every send asks, so answers are cached briefly; another instance's change is seen within
/// <see cref="CacheFor"/>.
/// </summary>
internal sealed class StoredUnreachableConversations(IStorage storage, TimeProvider timeProvider) : IUnreachableConversations
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (bool Unreachable, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private int _writes;

    /// <summary>Entries kept at most (plus one trim interval); expired ones go first, then the oldest.</summary>
    internal const int MaxCached = 20_000;

    /// <summary>How many conversations are cached now (for the tests of the bound).</summary>
    internal int CachedCount => _cache.Count;

    private static string Key(string conversationId) => $"unreachable-conversations/{conversationId}";

    public async Task MarkUnreachableAsync(string conversationId, CancellationToken cancellationToken)
    {
        await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [Key(conversationId)] = new StoreItem($"{{\"since\":\"{timeProvider.GetUtcNow():O}\"}}"),
        }, cancellationToken).ConfigureAwait(false);
        Remember(conversationId, true, timeProvider.GetUtcNow());
    }

    public async Task MarkReachableAsync(string conversationId, CancellationToken cancellationToken)
    {
        await storage.DeleteAsync([Key(conversationId)], cancellationToken).ConfigureAwait(false);
        Remember(conversationId, false, timeProvider.GetUtcNow());
    }

    public async Task<bool> IsUnreachableAsync(string conversationId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(conversationId, out var cached) && cached.Until > now)
        {
            return cached.Unreachable;
        }

        var unreachable = (await storage.ReadAsync([Key(conversationId)], cancellationToken).ConfigureAwait(false)).Count > 0;
        Remember(conversationId, unreachable, now);
        return unreachable;
    }

    private void Remember(string conversationId, bool unreachable, DateTimeOffset now)
    {
        _cache[conversationId] = (unreachable, now + CacheFor);
        if (Interlocked.Increment(ref _writes) % 1024 == 0)
        {
            BoundedMaps.Trim(_cache, MaxCached, static v => v.Until.UtcTicks, v => v.Until <= now);
        }
    }
}

/// <summary>
/// A message from a conversation, or the app being added to it, proves it is reachable again (the user
/// unblocked or reinstalled the app). A middleware rather than a route, so that the welcome still runs.
/// </summary>
internal sealed class ReachabilityMiddleware(IUnreachableConversations unreachable) : Protocol.Turn.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        var added = activity.IsType(ActivityTypes.InstallationUpdate) && activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true;
        if ((activity.IsType(ActivityTypes.Message) || added) && activity.Conversation?.Id is { } conversationId
            && await unreachable.IsUnreachableAsync(conversationId, cancellationToken).ConfigureAwait(false))
        {
            await unreachable.MarkReachableAsync(conversationId, cancellationToken).ConfigureAwait(false);
        }

        await next(cancellationToken).ConfigureAwait(false);
    }
}
