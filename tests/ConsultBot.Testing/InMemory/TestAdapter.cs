using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Testing.InMemory;

/// <summary>
/// An in-memory <see cref="BotAdapter"/>, after the Bot Framework SDK's <c>TestAdapter</c>: each incoming activity runs one
/// turn in-process on a <see cref="TurnContext"/> through the middleware added with <see cref="Use"/>; everything the bot
/// sends, updates or deletes is recorded, and sent activities also wait in <see cref="ActiveQueue"/> for
/// <see cref="TestFlow"/> (or <see cref="GetNextReply"/>). Nothing leaves the process.
/// </summary>
/// <remarks>
/// Incoming activities are addressed from <see cref="Conversation"/> only where a field is still empty, so a harness may
/// hand in fully addressed Teams activities and a dialog test may send bare <c>new Activity { Text = "…" }</c>.
/// </remarks>
public sealed class TestAdapter : BotAdapter
{
    private const string TurnRepliesKey = "ConsultBot.Testing.TurnReplies";

    private readonly List<IMiddleware> _middleware = [];
    private readonly Lock _gate = new();
    private readonly List<Activity> _sent = [];
    private readonly List<Activity> _updated = [];
    private readonly List<string> _deleted = [];
    private int _nextId;

    /// <summary>An adapter whose conversation is a personal chat with a fresh id on <paramref name="channelId"/>.</summary>
    public TestAdapter(string channelId = Channels.Test, string? locale = null)
        : this(CreateConversation("conv-" + Guid.NewGuid().ToString("N")[..8], channelId: channelId, locale: locale))
    {
    }

    public TestAdapter(ConversationReference conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        Conversation = conversation;
    }

    /// <summary>Where incoming activities come from when they do not say (channel, service URL, user, bot, conversation, locale).</summary>
    public ConversationReference Conversation { get; set; }

    /// <summary>
    /// A storage for tests to share between the bot and their assertions; the adapter itself never touches it
    /// (state is saved by the bot or by middleware such as <c>AutoSaveStateMiddleware</c>).
    /// </summary>
    public IStorage Storage { get; init; } = new MemoryStorage();

    public string ChannelId => Conversation.ChannelId ?? Channels.Test;

    public string ConversationId => Conversation.Conversation?.Id ?? string.Empty;

    public string? Locale
    {
        get => Conversation.Locale;
        set => Conversation.Locale = value;
    }

    /// <summary>Sent activities not yet taken by <see cref="GetNextReply"/> (or a <see cref="TestFlow"/> assertion).</summary>
    public ConcurrentQueue<Activity> ActiveQueue { get; } = new();

    /// <summary>Every activity sent through this adapter, in order, in all turns (proactive ones included).</summary>
    public IReadOnlyList<Activity> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Every activity the bot replaced with <c>UpdateActivityAsync</c>, in order.</summary>
    public IReadOnlyList<Activity> Updated
    {
        get
        {
            lock (_gate)
            {
                return [.. _updated];
            }
        }
    }

    /// <summary>The ids of the activities the bot deleted, in order.</summary>
    public IReadOnlyList<string> Deleted
    {
        get
        {
            lock (_gate)
            {
                return [.. _deleted];
            }
        }
    }

    /// <summary>A conversation reference to run turns in (user "user-1" / Anna, bot "bot" / ConsultBot unless given).</summary>
    public static ConversationReference CreateConversation(
        string conversationId,
        string conversationType = ConversationTypes.Personal,
        string channelId = Channels.Test,
        ChannelAccount? user = null,
        ChannelAccount? bot = null,
        string? locale = null,
        string serviceUrl = "https://test.example/") => new()
    {
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        Locale = locale,
        User = user ?? new ChannelAccount { Id = "user-1", Name = "Anna" },
        Bot = bot ?? new ChannelAccount { Id = "bot", Name = "ConsultBot" },
        Conversation = new ConversationAccount
        {
            Id = conversationId,
            ConversationType = conversationType,
            IsGroup = conversationType != ConversationTypes.Personal,
        },
    };

    /// <summary>Adds middleware that runs around every turn, proactive ones included (e.g. <c>new AutoSaveStateMiddleware(states)</c>).</summary>
    public TestAdapter Use(IMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _middleware.Add(middleware);
        return this;
    }

    /// <summary>The oldest sent activity not yet taken, or null.</summary>
    public Activity? GetNextReply() => ActiveQueue.TryDequeue(out var reply) ? reply : null;

    public Task<TestTurn> ProcessActivityAsync(Activity activity, IBot bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bot);
        return ProcessActivityAsync(activity, bot.OnTurnAsync, cancellationToken);
    }

    /// <summary>Runs one turn for <paramref name="activity"/>; returns its context, what it sent and its invoke response.</summary>
    public async Task<TestTurn> ProcessActivityAsync(Activity activity, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(callback);
        Address(activity);
        var context = new TurnContext(this, activity, new ClaimsIdentity());

        // Like an expectReplies buffer: what this turn (and contexts sharing its state) sends, not proactive turns.
        var replies = new List<Activity>();
        context.TurnState.Set(TurnRepliesKey, replies);
        await RunPipelineAsync(context, 0, callback, cancellationToken);
        lock (_gate)
        {
            return new TestTurn(context, [.. replies]);
        }
    }

    public override Task<IReadOnlyList<ResourceResponse?>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);
        turnContext.TurnState.TryGet<List<Activity>>(TurnRepliesKey, out var turnReplies);
        var responses = new List<ResourceResponse?>(activities.Count);
        lock (_gate)
        {
            foreach (var activity in activities)
            {
                _sent.Add(activity);
                turnReplies?.Add(activity);
                ActiveQueue.Enqueue(activity);
                responses.Add(new ResourceResponse { Id = "out-" + Interlocked.Increment(ref _nextId) });
            }
        }

        return Task.FromResult<IReadOnlyList<ResourceResponse?>>(responses);
    }

    public override Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            _updated.Add(activity);
        }

        return Task.FromResult<ResourceResponse?>(new ResourceResponse { Id = activity.Id });
    }

    public override Task DeleteActivityAsync(ITurnContext turnContext, string activityId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _deleted.Add(activityId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs a proactive turn (an <c>event</c> named <c>ContinueConversation</c>) through the middleware.</summary>
    public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var context = new TurnContext(this, CreateContinueActivity(reference), CreateProactiveIdentity(null));
        return RunPipelineAsync(context, 0, callback, cancellationToken);
    }

    private void Address(Activity activity)
    {
        // A copy per activity: TurnContext hands these objects on to replies, and tests may change Conversation later.
        var defaults = JsonSerializer.Deserialize(
            JsonSerializer.SerializeToUtf8Bytes(Conversation, ProtocolJsonContext.Default.ConversationReference),
            ProtocolJsonContext.Default.ConversationReference)!;
        activity.Type ??= ActivityTypes.Message;
        activity.Id ??= "in-" + Interlocked.Increment(ref _nextId);
        activity.ChannelId ??= defaults.ChannelId;
        activity.ServiceUrl ??= defaults.ServiceUrl;
        activity.Conversation ??= defaults.Conversation;
        activity.From ??= defaults.User;
        activity.Recipient ??= defaults.Bot;
        activity.Locale ??= defaults.Locale;
    }

    private Task RunPipelineAsync(ITurnContext context, int index, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken) =>
        index == _middleware.Count
            ? callback(context, cancellationToken)
            : _middleware[index].OnTurnAsync(context, ct => RunPipelineAsync(context, index + 1, callback, ct), cancellationToken);
}

/// <summary>One turn run by <see cref="TestAdapter.ProcessActivityAsync(Activity, Func{ITurnContext, CancellationToken, Task}, CancellationToken)"/>.</summary>
/// <param name="Context">The turn's context (its activity as addressed, its turn state).</param>
/// <param name="Replies">What the turn sent, in order, as an expectReplies answer would carry it.</param>
public sealed record TestTurn(TurnContext Context, IReadOnlyList<Activity> Replies)
{
    /// <summary>The invoke response the turn produced, if any.</summary>
    public InvokeResponse? InvokeResponse => Context.InvokeResponse;
}
