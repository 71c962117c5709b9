using ConsultBot.Protocol.State;

namespace ConsultBot.Protocol.Turn;

/// <summary>
/// Store writes that belong to the turn: committed in the same atomic write as the turn's state and processed
/// marker, after the handlers ran, or not at all. A turn can run more than once (it lost an ETag race, or it
/// handed the lease to an earlier message of its conversation); a write made directly during the first run would
/// survive the discarded run — a "welcome sent" claim whose welcome was never sent — while these are discarded
/// with it. Outside the turn runner (in-memory adapters in tests) they are written at once.
/// </summary>
public static class TurnWrites
{
    private const string DeferredKey = "ConsultBot.TurnWrites.Deferred";
    private const string WritesKey = "ConsultBot.TurnWrites";

    /// <summary>Called by the turn runner, which commits <see cref="Pending"/> with the turn.</summary>
    public static void DeferToCommit(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        turnContext.TurnState.Set(DeferredKey, true);
    }

    /// <summary>The writes added in this turn (empty when none).</summary>
    public static IReadOnlyDictionary<string, StoreItem> Pending(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.TurnState.TryGet<Dictionary<string, StoreItem>>(WritesKey, out var writes) ? writes : EmptyWrites;
    }

    /// <summary>
    /// Claims <paramref name="key"/> once for the conversation or user: false when it was claimed before; true when this
    /// turn claims it (committed create-only with the turn, so a concurrent claim makes the turn run again and see it).
    /// </summary>
    public static async Task<bool> TryClaimAsync(ITurnContext turnContext, IStorage storage, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(storage);
        if (!turnContext.TurnState.TryGet<bool>(DeferredKey, out var deferred) || !deferred)
        {
            try
            {
                await storage.WriteAsync(new Dictionary<string, StoreItem> { [key] = new StoreItem("{}", StoreItem.CreateOnly) }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (EtagException)
            {
                return false;
            }
        }

        if (Pending(turnContext).ContainsKey(key))
        {
            return false;
        }

        var existing = await storage.ReadAsync([key], cancellationToken).ConfigureAwait(false);
        if (existing.ContainsKey(key))
        {
            return false;
        }

        if (!turnContext.TurnState.TryGet<Dictionary<string, StoreItem>>(WritesKey, out var writes))
        {
            writes = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
            turnContext.TurnState.Set(WritesKey, writes);
        }

        writes[key] = new StoreItem("{}", StoreItem.CreateOnly);
        return true;
    }

    private static readonly Dictionary<string, StoreItem> EmptyWrites = new(StringComparer.Ordinal);
}
