using System.Security.Claims;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Protocol.Turn;

/// <summary>Runs turns and carries what the bot sends to the channel.</summary>
public abstract class BotAdapter
{
    /// <summary>Sends activities of a turn (already addressed).</summary>
    public abstract Task<IReadOnlyList<ResourceResponse?>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken);

    /// <summary>Replaces a sent activity.</summary>
    public abstract Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken);

    /// <summary>Deletes a sent activity.</summary>
    public abstract Task DeleteActivityAsync(ITurnContext turnContext, string activityId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a proactive turn for a stored conversation reference: the callback gets a turn context whose
    /// sends go to that conversation (an <c>event</c> named <c>ContinueConversation</c>, as in the SDK).
    /// </summary>
    public abstract Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken);

    /// <summary>Builds the event activity of a proactive turn.</summary>
    protected static Activity CreateContinueActivity(ConversationReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var activity = new Activity { Type = ActivityTypes.Event, Name = "ContinueConversation", RelatesTo = reference };
        activity.ApplyConversationReference(reference, isIncoming: true);
        activity.Id = null;
        return activity;
    }

    /// <summary>The identity used for proactive turns (no inbound token).</summary>
    protected static ClaimsIdentity CreateProactiveIdentity(string? appId) => new(
        appId is null ? [] : [new Claim("aud", appId), new Claim("appid", appId)], "proactive");
}
