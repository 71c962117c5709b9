using System.Globalization;
using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Telemetry;
using ConsultBot.Protocol.Turn;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Activity = ConsultBot.Protocol.Schema.Activity;
using Activity_ = System.Diagnostics.Activity;
using IMiddleware = ConsultBot.Protocol.Turn.IMiddleware;

namespace ConsultBot.Protocol.Hosting;

/// <summary>Handles a failed turn: tell the user, log; the adapter keeps the HTTP answer well-formed.</summary>
public delegate Task TurnErrorHandler(ITurnContext turnContext, Exception exception, CancellationToken cancellationToken);

/// <summary>How a turn ended.</summary>
public enum TurnOutcomeKind
{
    /// <summary>Ran, committed its state, delivered its replies.</summary>
    Completed,

    /// <summary>Threw; the error handler answered and nothing was committed.</summary>
    Failed,

    /// <summary>The activity id was already processed (a Teams retry): nothing ran.</summary>
    Duplicate,

    /// <summary>Too many turns of the conversation are already waiting: nothing ran.</summary>
    Busy,
}

/// <summary>The end of a turn: how it ended, its context (invoke response) and what it held for the HTTP answer.</summary>
public sealed record TurnOutcome(TurnOutcomeKind Kind, TurnContext? Context, HeldReplies? Replies);

/// <summary>
/// The turn runner (docs/turn-pipeline.md): one conversation's turns one at a time and in arrival order
/// (<see cref="ConversationTurnQueue"/>, plus <see cref="IConversationLease"/> across hosts); every scope
/// of state and the activity's "processed" marker read in one round trip; middleware and the bot;
/// replies held until the state, together with the marker, is committed in one atomic write; the turn
/// re-run on fresh state when that write lost a race; an error boundary that never lets a failure escape.
/// Because the marker is written with the state, a turn that crashed before committing is processed
/// again on Teams' retry, and one that committed is never processed twice, on any host.
/// </summary>
public sealed class TurnRunner
{
    private const int MaxAttempts = 3;

    // A race on state several conversations share (the user's) is not a race in one conversation's order: a user
    // with many chats open can lose it several times in a row, so it may cost a few more runs (see SharedStateLocks).
    private const int MaxSharedStateAttempts = 6;

    // How long a turn waits for the local lock of a shared key before it commits without it (still ETag-checked).
    private static readonly TimeSpan SharedLockWait = TimeSpan.FromSeconds(5);
    private readonly SharedStateLocks _sharedLocks = new();
    private readonly IStorage _storage;
    private readonly IConnectorClient _connector;
    private readonly OutgoingActivities _outgoing;
    private readonly IConversationLease _lease;
    private readonly BotAdapterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TurnRunner> _logger;
    private readonly ConversationTurnQueue _queue;
    private readonly ArrivalOrder _arrivals;
    private readonly RecentActivityIds _recent = new();
    private readonly List<IMiddleware> _middleware = [];
    private readonly List<BotState> _states = [];

    public TurnRunner(
        IStorage storage,
        IConnectorClient connector,
        OutgoingActivities outgoing,
        IConversationLease lease,
        IOptions<BotAdapterOptions> options,
        TimeProvider timeProvider,
        ILogger<TurnRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _connector = connector;
        _outgoing = outgoing;
        _lease = lease;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = new ConversationTurnQueue(_options.MaxQueuedTurnsPerConversation);
        _arrivals = new ArrivalOrder(timeProvider, _options.ArrivalOrderWait);
    }

    /// <summary>Takes the request's place in the arrival order; call synchronously as the request arrives.</summary>
    public ArrivalOrder.Arrival BeginArrival() => _arrivals.Begin();

    /// <summary>Called when a turn throws; by default sends a short apology.</summary>
    public TurnErrorHandler? OnTurnError { get; set; }

    /// <summary>The middleware, in the order it runs around every turn.</summary>
    public IReadOnlyList<IMiddleware> Middleware => _middleware;

    /// <summary>Conversations with a turn running or waiting on this instance.</summary>
    public int ActiveConversations => _queue.ActiveConversations;

    public void Use(IMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _middleware.Add(middleware);
    }

    /// <summary>State scopes the runner reads before and commits after every turn.</summary>
    public void UseState(params BotState[] states)
    {
        ArgumentNullException.ThrowIfNull(states);
        _states.AddRange(states);
    }

    /// <summary>True when this instance has committed the activity already (the cheap first check for retries).</summary>
    public bool IsKnownDuplicate(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Id is { Length: > 0 } && _recent.Contains(MarkerKey(activity), _timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Runs an incoming turn. When <paramref name="acknowledgeEarly"/> is set and the turn takes longer
    /// than <see cref="BotAdapterOptions.AcknowledgeAfter"/>, returns null and the turn finishes in the
    /// background; a message turn slower than <see cref="BotAdapterOptions.TypingDelay"/> shows typing.
    /// </summary>
    public async Task<TurnOutcome?> RunAsync(BotAdapter adapter, Activity activity, ClaimsIdentity identity, Func<ITurnContext, CancellationToken, Task> handler, bool acknowledgeEarly, CancellationToken turnToken, CancellationToken requestAborted, ArrivalOrder.Arrival? arrival = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        // Typing is for the time the bot is thinking, not for delivering replies already decided.
        var decided = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var turn = RunQueuedAsync(adapter, activity, identity, handler, yieldFirst: acknowledgeEarly, decided, arrival, turnToken);
        var typing = activity.IsType(ActivityTypes.Message) && !IsExpectReplies(activity) ? SendTypingWhenSlowAsync(activity, turn, decided.Task, turnToken) : Task.CompletedTask;
        if (!acknowledgeEarly)
        {
            var outcome = await turn.ConfigureAwait(false);
            await typing.ConfigureAwait(false);
            return outcome;
        }

        // Cancelled once the race is decided: otherwise every fast turn leaves its timer queued for AcknowledgeAfter.
        using var acknowledge = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        var finished = await Task.WhenAny(turn, Task.Delay(_options.AcknowledgeAfter, _timeProvider, acknowledge.Token)).ConfigureAwait(false) == turn;
        await acknowledge.CancelAsync().ConfigureAwait(false);
        if (!finished)
        {
            _logger.ContinuingInBackground(activity.Id);
            _ = turn.ContinueWith(_ => typing, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return null;
        }

        await typing.ConfigureAwait(false);
        return await turn.ConfigureAwait(false);
    }

    /// <summary>A proactive turn: middleware and callback, state committed; sends go out at once (nothing to re-run).</summary>
    public async Task RunProactiveAsync(TurnContext context, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await RunMiddlewareAsync(context, 0, callback, cancellationToken).ConfigureAwait(false);
        var writes = CollectStateWrites(context);
        if (writes.Count > 0)
        {
            var etags = await _storage.WriteAsync(writes, cancellationToken).ConfigureAwait(false);
            MarkCommitted(context, writes, etags);
        }
    }

    private async Task<TurnOutcome> RunQueuedAsync(BotAdapter adapter, Activity activity, ClaimsIdentity identity, Func<ITurnContext, CancellationToken, Task> handler, bool yieldFirst, TaskCompletionSource decided, ArrivalOrder.Arrival? arrival, CancellationToken cancellationToken)
    {
        try
        {
            return await RunInLineAsync(adapter, activity, identity, handler, yieldFirst, decided, arrival, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            decided.TrySetResult();
        }
    }

    private async Task<TurnOutcome> RunInLineAsync(BotAdapter adapter, Activity activity, ClaimsIdentity identity, Func<ITurnContext, CancellationToken, Task> handler, bool yieldFirst, TaskCompletionSource decided, ArrivalOrder.Arrival? arrival, CancellationToken cancellationToken)
    {
        // Runs synchronously up to the first await of the core, so the place in line is still taken on the request thread.
        using var span = ConsultBotTelemetry.Start("consultbot.turn");
        var type = TelemetryTags.ActivityType(activity.Type);
        span?.SetTag("consultbot.activity.type", type);
        span?.SetTag("consultbot.channel", TelemetryTags.Channel(activity.ChannelId));
        var begun = _timeProvider.GetTimestamp();
        var kind = TurnOutcomeKind.Failed;
        try
        {
            var outcome = await RunInLineCoreAsync(adapter, activity, identity, handler, yieldFirst, decided, arrival, cancellationToken).ConfigureAwait(false);
            kind = outcome.Kind;
            return outcome;
        }
        finally
        {
            var outcomeTag = kind switch
            {
                TurnOutcomeKind.Completed => "completed",
                TurnOutcomeKind.Duplicate => "duplicate",
                TurnOutcomeKind.Busy => "busy",
                _ => "failed",
            };
            span?.SetTag("consultbot.outcome", outcomeTag);
            if (kind == TurnOutcomeKind.Failed)
            {
                span?.SetStatus(ActivityStatusCode.Error);
            }

            var tags = new TagList { { "activity.type", type }, { "outcome", outcomeTag } };
            ConsultBotTelemetry.Turns.Add(1, tags);
            ConsultBotTelemetry.TurnDuration.Record(_timeProvider.GetElapsedTime(begun).TotalSeconds, tags);
        }
    }

    private async Task<TurnOutcome> RunInLineCoreAsync(BotAdapter adapter, Activity activity, ClaimsIdentity identity, Func<ITurnContext, CancellationToken, Task> handler, bool yieldFirst, TaskCompletionSource decided, ArrivalOrder.Arrival? arrival, CancellationToken cancellationToken)
    {
        // The place in line follows the request's arrival number when the endpoint took one (reading and authenticating
        // are asynchronous and can reorder two requests); otherwise it is taken here, synchronously.
        var conversationKey = ConversationKey(activity);
        var entering = _queue.EnterAsync(conversationKey, arrival, cancellationToken);
        var arrivedAt = _timeProvider.GetTimestamp();
        var orderKey = OrderKey(activity);

        // Then off the request thread, so that the acknowledge timer can win. expectReplies and invoke answers wait
        // for the whole turn anyway: the extra thread-pool hop would only add latency.
        if (yieldFirst)
        {
            await Task.Yield();
        }

        // In the line across hosts from arrival (a no-op on a store only this process uses), while the local queue is waited for.
        var announced = false;
        try
        {
            await _lease.AnnounceAsync(conversationKey, orderKey, cancellationToken).ConfigureAwait(false);
            announced = true;
        }
        catch (StorageUnavailableException)
        {
            // The read below meets the same outage and the error boundary answers the user.
        }

        var slot = await entering.ConfigureAwait(false);
        if (slot is null)
        {
            _logger.ConversationBusy(activity.Id);
            if (announced)
            {
                await _lease.WithdrawAsync(conversationKey, orderKey).ConfigureAwait(false);
            }

            return new TurnOutcome(TurnOutcomeKind.Busy, null, null);
        }

        await using (slot.ConfigureAwait(false))
        {
            IConversationLeaseHandle? lease = null;
            try
            {
                lease = await _lease.AcquireAsync(conversationKey, orderKey, cancellationToken).ConfigureAwait(false);
                if (lease is null)
                {
                    // Still correct without it: the ETag-checked commit below re-runs a turn that raced.
                    _logger.LeaseNotAcquired(activity.Id);
                    await _lease.WithdrawAsync(conversationKey, orderKey).ConfigureAwait(false);
                }
            }
            catch (StorageUnavailableException)
            {
                // The read below meets the same outage and the error boundary answers the user.
            }

            // A turn that lost its commit on a shared key (one user writing in several chats at once: each new chat
            // stores the user's language or assessment progress) runs again holding that key's local lock from its read
            // to its commit. Every commit of that key on this instance takes the same lock, so on one host the re-run
            // cannot lose again and the user never sees "try again"; across hosts the ETag check and a few more runs
            // settle it. Turns that do not write shared state never wait for it.
            IDisposable? rerunLock = null;
            string? lockedKey = null;
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    Activity_.Current?.SetTag("consultbot.attempts", attempt);
                    var (outcome, lostOn) = await RunAttemptAsync(adapter, activity, identity, handler, attempt, decided, lease, arrivedAt, lockedKey, cancellationToken).ConfigureAwait(false);
                    if (outcome is not null)
                    {
                        return outcome;
                    }

                    _logger.TurnRerun(activity.Id, attempt);
                    if (lostOn is not null && lostOn != lockedKey)
                    {
                        rerunLock?.Dispose();
                        rerunLock = await _sharedLocks.TryEnterAsync(lostOn, SharedLockWait, cancellationToken).ConfigureAwait(false);
                        lockedKey = rerunLock is null ? null : lostOn;
                    }
                }
            }
            finally
            {
                rerunLock?.Dispose();
                if (lease is not null)
                {
                    await lease.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The key of a conversation's line: channel and conversation id.</summary>
    public static string ConversationKey(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return $"{activity.ChannelId}/{activity.Conversation!.Id}";
    }

    /// <summary>Where a turn sorts among its conversation's waiting turns: the channel's timestamp, then the activity id.</summary>
    private string OrderKey(Activity activity) =>
        string.Create(CultureInfo.InvariantCulture, $"{(activity.Timestamp ?? _timeProvider.GetUtcNow()).UtcTicks:D19}-{activity.Id}");

    /// <summary>
    /// One run of the turn; a null outcome when its commit lost a race and it must run again on fresh state, then with
    /// the shared key it lost on (null for the conversation's own state). <paramref name="lockedKey"/> is held already.
    /// </summary>
    private async Task<(TurnOutcome? Outcome, string? LostOn)> RunAttemptAsync(BotAdapter adapter, Activity activity, ClaimsIdentity identity, Func<ITurnContext, CancellationToken, Task> handler, int attempt, TaskCompletionSource decided, IConversationLeaseHandle? lease, long arrivedAt, string? lockedKey, CancellationToken cancellationToken)
    {
        var context = new TurnContext(adapter, activity, identity);
        TurnWrites.DeferToCommit(context);
        var held = OutgoingActivities.Hold(context, IsExpectReplies(activity));
        var markerKey = activity.Id is { Length: > 0 } ? MarkerKey(activity) : null;
        try
        {
            if (await LoadAsync(context, markerKey, cancellationToken).ConfigureAwait(false))
            {
                _logger.DuplicateActivity(activity.Id!, activity.ChannelId);
                return (new TurnOutcome(TurnOutcomeKind.Duplicate, context, held), null);
            }

            await RunMiddlewareAsync(context, 0, handler, cancellationToken).ConfigureAwait(false);

            var writes = CollectStateWrites(context);
            if (markerKey is not null)
            {
                writes[markerKey] = new StoreItem("{}", StoreItem.CreateOnly, _timeProvider.GetUtcNow() + _options.DeduplicationWindow);
            }

            if (lease is not null && attempt < MaxAttempts && await lease.YieldToEarlierTurnAsync(arrivedAt, cancellationToken).ConfigureAwait(false))
            {
                // An earlier message of this conversation reached another host just after this one: it went first,
                // and this turn runs again on the state it left. Nothing of this attempt was sent or stored.
                return (null, null);
            }

            if (writes.Count > 0)
            {
                var sharedKey = SharedKeyIn(context, writes);
                try
                {
                    // The commit of a shared key waits for a re-run of another turn that holds it (see RunInLineCoreAsync).
                    using var commitLock = sharedKey is not null && sharedKey != lockedKey
                        ? await _sharedLocks.TryEnterAsync(sharedKey, SharedLockWait, cancellationToken).ConfigureAwait(false)
                        : null;
                    IReadOnlyDictionary<string, string> etags;
                    using (var span = ConsultBotTelemetry.Start("consultbot.state.write"))
                    {
                        span?.SetTag("consultbot.keys", writes.Count);
                        etags = await _storage.WriteAsync(writes, cancellationToken).ConfigureAwait(false);
                    }

                    MarkCommitted(context, writes, etags);
                }
                catch (EtagException ex) when (markerKey is not null && ex.Key == markerKey)
                {
                    // Another host committed this very activity while we ran it: its replies went out, ours must not.
                    _logger.DuplicateActivity(activity.Id!, activity.ChannelId);
                    return (new TurnOutcome(TurnOutcomeKind.Duplicate, context, held), null);
                }
                catch (EtagException ex) when (LostOnShared(ex, sharedKey) is { } lostOn && attempt < MaxSharedStateAttempts)
                {
                    return (null, lostOn);
                }
                catch (EtagException) when (attempt < MaxAttempts)
                {
                    return (null, null);
                }
            }

            if (markerKey is not null)
            {
                var now = _timeProvider.GetUtcNow();
                _recent.Add(markerKey, now, now + _options.DeduplicationWindow);
            }

            decided.TrySetResult();
            using (var span = held.ExpectReplies ? null : ConsultBotTelemetry.Start("consultbot.replies.deliver"))
            {
                span?.SetTag("consultbot.replies", held.Operations.Count);
                await _outgoing.DeliverAsync(held, cancellationToken).ConfigureAwait(false);
            }

            return (new TurnOutcome(TurnOutcomeKind.Completed, context, held), null);
        }
#pragma warning disable CA1031 // The turn boundary: every failure becomes a friendly message and a log entry.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await OnFailureAsync(context, held, ex, cancellationToken).ConfigureAwait(false);
            return (new TurnOutcome(TurnOutcomeKind.Failed, context, held), null);
        }
    }

    /// <summary>The key of a scope shared by several conversations (the user's state) that this commit writes, if any.</summary>
    private string? SharedKeyIn(TurnContext context, Dictionary<string, StoreItem> writes)
    {
        foreach (var state in _states)
        {
            if (state is not ConversationState && state.GetStorageKeyFor(context) is { } key && writes.ContainsKey(key))
            {
                return key;
            }
        }

        return null;
    }

    // PostgreSQL reports a serialization conflict without a key: with a shared key in the commit, that is the likely one.
    private static string? LostOnShared(EtagException ex, string? sharedKey) =>
        sharedKey is not null && (ex.Key == sharedKey || ex.Key.Length == 0) ? sharedKey : null;

    /// <summary>Reads every state scope and the processed marker at once; true when the marker says "already done".</summary>
    private async Task<bool> LoadAsync(TurnContext context, string? markerKey, CancellationToken cancellationToken)
    {
        var keys = new List<string>(_states.Count + 1);
        foreach (var state in _states)
        {
            if (state.GetStorageKeyFor(context) is { } key)
            {
                keys.Add(key);
            }
        }

        if (markerKey is not null)
        {
            keys.Add(markerKey);
        }

        if (keys.Count == 0)
        {
            return false;
        }

        IReadOnlyDictionary<string, StoreItem> items;
        using (var span = ConsultBotTelemetry.Start("consultbot.state.read"))
        {
            span?.SetTag("consultbot.keys", keys.Count);
            items = await _storage.ReadAsync(keys, cancellationToken).ConfigureAwait(false);
        }

        if (markerKey is not null && items.ContainsKey(markerKey))
        {
            return true;
        }

        foreach (var state in _states)
        {
            if (state.GetStorageKeyFor(context) is { } key)
            {
                state.SetLoaded(context, key, items.TryGetValue(key, out var item) ? item : null);
            }
        }

        return false;
    }

    private Dictionary<string, StoreItem> CollectStateWrites(TurnContext context)
    {
        var writes = new Dictionary<string, StoreItem>(_states.Count + 1, StringComparer.Ordinal);
        foreach (var state in _states)
        {
            if (state.GetPendingWrite(context) is { } pending)
            {
                writes[pending.Key] = pending.Value;
            }
        }

        foreach (var (key, item) in TurnWrites.Pending(context))
        {
            writes[key] = item;
        }

        return writes;
    }

    private void MarkCommitted(TurnContext context, Dictionary<string, StoreItem> writes, IReadOnlyDictionary<string, string> etags)
    {
        foreach (var state in _states)
        {
            if (state.GetStorageKeyFor(context) is { } key && writes.TryGetValue(key, out var written) && etags.TryGetValue(key, out var etag))
            {
                state.SetCommitted(context, written, etag);
            }
        }
    }

    private async Task OnFailureAsync(TurnContext context, HeldReplies held, Exception exception, CancellationToken cancellationToken)
    {
        _logger.TurnFailed(exception, context.Activity.Id, context.Activity.Type);

        // Nothing of the failed turn is shown: only the apology the error handler adds.
        held.Clear();
        try
        {
            if (OnTurnError is { } onError)
            {
                await onError(context, exception, cancellationToken).ConfigureAwait(false);
            }
            else if (!context.Activity.IsType(ActivityTypes.Invoke))
            {
                await context.SendActivityAsync("Sorry, something went wrong. Please try again.", cancellationToken).ConfigureAwait(false);
            }

            await _outgoing.DeliverAsync(held, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Reporting the error must not itself break the HTTP answer.
        catch (Exception inner)
#pragma warning restore CA1031
        {
            _logger.ErrorHandlerFailed(inner, context.Activity.Id);
        }

        if (context.Activity.IsType(ActivityTypes.Invoke) && context.InvokeResponse is null)
        {
            context.SetInvokeResponse(new InvokeResponse(500, JsonSerializer.SerializeToNode(
                AdaptiveCardInvokeResponse.Error(500, "InternalError", "The bot could not process this action. Please try again."),
                ProtocolJsonContext.Default.AdaptiveCardInvokeResponse)));
        }
    }

    private Task RunMiddlewareAsync(ITurnContext context, int index, Func<ITurnContext, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        if (index == _middleware.Count)
        {
            return handler(context, cancellationToken);
        }

        return _middleware[index].OnTurnAsync(context, ct => RunMiddlewareAsync(context, index + 1, handler, ct), cancellationToken);
    }

    private async Task SendTypingWhenSlowAsync(Activity activity, Task turn, Task decided, CancellationToken cancellationToken)
    {
        // Released as soon as the turn is done, like the acknowledge timer.
        using var typingDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(_options.TypingDelay, _timeProvider, typingDelay.Token);
        var turnFirst = await Task.WhenAny(turn, decided, delay).ConfigureAwait(false) != delay;
        await typingDelay.CancelAsync().ConfigureAwait(false);
        if (turnFirst)
        {
            return;
        }

        try
        {
            var reference = activity.GetConversationReference();
            var typing = new Activity { Type = ActivityTypes.Typing }.ApplyConversationReference(reference);
            typing.ReplyToId = null;
            await _connector.SendToConversationAsync(reference.ServiceUrl!, reference.Conversation!.Id!, typing, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or OperationCanceledException)
        {
            _logger.TypingFailed(ex, activity.Id);
        }
    }

    private static bool IsExpectReplies(Activity activity) =>
        string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);

    private static string MarkerKey(Activity activity) => $"processed-activities/{activity.ChannelId}/{activity.Conversation!.Id}/{activity.Id}";

    /// <summary>Activity ids this instance committed, so a retry sent here costs no store round trip.</summary>
    private sealed class RecentActivityIds
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
        private int _writes;

        public bool Contains(string key, DateTimeOffset now) => _seen.TryGetValue(key, out var expires) && expires > now;

        public void Add(string key, DateTimeOffset now, DateTimeOffset expires)
        {
            _seen[key] = expires;

            // Bounded: every few thousand additions the expired ids go, and past the cap the oldest-expiring ones too.
            if (Interlocked.Increment(ref _writes) % 4096 == 0)
            {
                foreach (var (k, v) in _seen)
                {
                    if (v <= now)
                    {
                        _seen.TryRemove(k, out _);
                    }
                }

                if (_seen.Count > MaxRemembered)
                {
                    foreach (var (k, _) in _seen.OrderBy(kv => kv.Value).Take(_seen.Count - MaxRemembered))
                    {
                        _seen.TryRemove(k, out _);
                    }
                }
            }
        }

        private const int MaxRemembered = 50_000;
    }
}
