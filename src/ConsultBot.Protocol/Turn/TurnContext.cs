using System.Security.Claims;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Protocol.Turn;

/// <summary>The default <see cref="ITurnContext"/>: addresses replies from the incoming activity and hands them to the adapter.</summary>
public sealed class TurnContext : ITurnContext
{
    private int _responded;

    public TurnContext(BotAdapter adapter, Activity activity, ClaimsIdentity identity)
    {
        Adapter = adapter ?? throw new ArgumentNullException(nameof(adapter));
        Activity = activity ?? throw new ArgumentNullException(nameof(activity));
        Identity = identity ?? throw new ArgumentNullException(nameof(identity));
        TurnState = new TurnState();
    }

    private TurnContext(ITurnContext outer, Activity activity)
    {
        Adapter = outer.Adapter;
        Activity = activity;
        Identity = outer.Identity;
        TurnState = outer.TurnState;
    }

    public Activity Activity { get; }

    public BotAdapter Adapter { get; }

    public TurnState TurnState { get; }

    public ClaimsIdentity Identity { get; }

    /// <summary>
    /// A context for the same turn that presents a different activity while sharing the turn state
    /// (loaded state, expectReplies buffer) — e.g. to feed a card button click to a dialog as if the
    /// answer had been typed. Sends from it go to the same conversation and are saved with the turn.
    /// </summary>
    public static TurnContext ForActivity(ITurnContext outer, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentNullException.ThrowIfNull(activity);
        return new TurnContext(outer, activity);
    }

    public bool Responded => Volatile.Read(ref _responded) == 1;

    /// <summary>The invoke response the turn produced, if any (first one wins).</summary>
    public InvokeResponse? InvokeResponse { get; private set; }

    public Task<ResourceResponse?> SendActivityAsync(string text, CancellationToken cancellationToken) =>
        SendActivityAsync(Activity.CreateMessageActivity(text), cancellationToken);

    public async Task<ResourceResponse?> SendActivityAsync(Activity activity, CancellationToken cancellationToken)
    {
        var responses = await SendActivitiesAsync([activity], cancellationToken).ConfigureAwait(false);
        return responses.Count > 0 ? responses[0] : null;
    }

    public async Task<IReadOnlyList<ResourceResponse?>> SendActivitiesAsync(IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var reference = Activity.GetConversationReference();
        var outgoing = new List<Activity>(activities.Count);
        foreach (var activity in activities)
        {
            if (activity.IsType(ActivityTypes.InvokeResponse))
            {
                // Kept for the HTTP answer, never sent (first one wins, as in the SDK).
                if (InvokeResponse is null && activity.Value is { } value)
                {
                    InvokeResponse = new InvokeResponse(
                        value["status"]?.GetValue<int>() ?? 200,
                        value["body"]?.DeepClone());
                }

                continue;
            }

            activity.Id = null;
            activity.ApplyConversationReference(reference);
            outgoing.Add(activity);
            if (!activity.IsType(ActivityTypes.Trace) && !activity.IsType(ActivityTypes.Typing))
            {
                Interlocked.Exchange(ref _responded, 1);
            }
        }

        if (outgoing.Count == 0)
        {
            return [];
        }

        return await Adapter.SendActivitiesAsync(this, outgoing, cancellationToken).ConfigureAwait(false);
    }

    public Task<ResourceResponse?> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var reference = Activity.GetConversationReference();
        activity.ApplyConversationReference(reference);
        return Adapter.UpdateActivityAsync(this, activity, cancellationToken);
    }

    public Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken) =>
        Adapter.DeleteActivityAsync(this, activityId, cancellationToken);

    /// <summary>Records the answer to an invoke (used by the router; handlers usually just return it).</summary>
    public void SetInvokeResponse(InvokeResponse response) => InvokeResponse ??= response;
}
