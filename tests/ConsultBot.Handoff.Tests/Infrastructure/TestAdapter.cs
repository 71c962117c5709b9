using System.Collections.Concurrent;
using System.Security.Claims;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Handoff.Tests.Infrastructure;

/// <summary>Runs turns in memory and records what the bot sends in them.</summary>
internal sealed class TestAdapter : BotAdapter
{
    private int _nextId;

    public ConcurrentQueue<Activity> Sent { get; } = new();

    public ConcurrentQueue<Activity> Updated { get; } = new();

    public override Task<IReadOnlyList<ResourceResponse?>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        var responses = new List<ResourceResponse?>();
        foreach (var activity in activities)
        {
            Sent.Enqueue(activity);
            responses.Add(new ResourceResponse { Id = $"turn-{Interlocked.Increment(ref _nextId)}" });
        }

        return Task.FromResult<IReadOnlyList<ResourceResponse?>>(responses);
    }

    public override Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        Updated.Enqueue(activity);
        return Task.FromResult<ResourceResponse?>(new ResourceResponse { Id = activity.Id });
    }

    public override Task DeleteActivityAsync(ITurnContext turnContext, string activityId, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken) =>
        callback(new TurnContext(this, CreateContinueActivity(reference), CreateProactiveIdentity(null)), cancellationToken);

    /// <summary>Runs one turn through the bot and returns its context (for the invoke response).</summary>
    public async Task<TurnContext> RunAsync(IBot bot, Activity activity, CancellationToken cancellationToken)
    {
        var context = new TurnContext(this, activity, new ClaimsIdentity());
        await bot.OnTurnAsync(context, cancellationToken);
        return context;
    }
}
