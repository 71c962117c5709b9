using System.Collections.Concurrent;
using System.Security.Claims;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs.Tests.Infrastructure;

/// <summary>An in-memory adapter: turns run in-process on <see cref="TurnContext"/>, replies are queued for assertions.</summary>
internal sealed class TestAdapter(string channelId = Channels.Test, string? locale = null) : BotAdapter
{
    private int _nextId;

    public MemoryStorage Storage { get; } = new();

    public ConcurrentQueue<Activity> Replies { get; } = new();

    public string ChannelId { get; } = channelId;

    public string? Locale { get; set; } = locale;

    public string ConversationId { get; } = "conv-" + Guid.NewGuid().ToString("N")[..8];

    public async Task ProcessActivityAsync(Activity activity, Func<ITurnContext, CancellationToken, Task> logic, CancellationToken cancellationToken)
    {
        activity.Type ??= ActivityTypes.Message;
        activity.Id = "in-" + Interlocked.Increment(ref _nextId);
        activity.ChannelId = ChannelId;
        activity.ServiceUrl = "https://test.example/";
        activity.Conversation = new ConversationAccount { Id = ConversationId, ConversationType = ConversationTypes.Personal };
        activity.From = new ChannelAccount { Id = "user-1", Name = "Anna" };
        activity.Recipient = new ChannelAccount { Id = "bot", Name = "ConsultBot" };
        activity.Locale ??= Locale;
        var turn = new TurnContext(this, activity, new ClaimsIdentity());
        await logic(turn, cancellationToken);
    }

    public override Task<IReadOnlyList<ResourceResponse?>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        var responses = new List<ResourceResponse?>(activities.Count);
        foreach (var activity in activities)
        {
            Replies.Enqueue(activity);
            responses.Add(new ResourceResponse { Id = "out-" + Interlocked.Increment(ref _nextId) });
        }

        return Task.FromResult<IReadOnlyList<ResourceResponse?>>(responses);
    }

    public override Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        Task.FromResult<ResourceResponse?>(new ResourceResponse { Id = activity.Id });

    public override Task DeleteActivityAsync(ITurnContext turnContext, string activityId, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Proactive turns are not used by the dialog tests.");
}
