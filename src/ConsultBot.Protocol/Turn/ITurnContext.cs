using System.Security.Claims;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Protocol.Turn;

/// <summary>
/// One turn of a conversation: the incoming activity, a way to answer it, and per-turn state.
/// Same shape as the Bot Framework SDK's <c>ITurnContext</c>.
/// </summary>
public interface ITurnContext
{
    /// <summary>The incoming activity (for a Teams message, its bot @mention is already removed from the text).</summary>
    Activity Activity { get; }

    /// <summary>The adapter running this turn.</summary>
    BotAdapter Adapter { get; }

    /// <summary>Per-turn services and cached state.</summary>
    TurnState TurnState { get; }

    /// <summary>The authenticated caller (anonymous when authentication is off).</summary>
    ClaimsIdentity Identity { get; }

    /// <summary>True once anything other than a trace or typing activity was sent in this turn.</summary>
    bool Responded { get; }

    /// <summary>Sends a text message in reply.</summary>
    Task<ResourceResponse?> SendActivityAsync(string text, CancellationToken cancellationToken);

    /// <summary>Sends an activity in reply (it is addressed from the incoming activity).</summary>
    Task<ResourceResponse?> SendActivityAsync(Activity activity, CancellationToken cancellationToken);

    /// <summary>Sends several activities in order.</summary>
    Task<IReadOnlyList<ResourceResponse?>> SendActivitiesAsync(IReadOnlyList<Activity> activities, CancellationToken cancellationToken);

    /// <summary>Replaces an earlier message (its <c>Id</c> names it).</summary>
    Task<ResourceResponse?> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken);

    /// <summary>Deletes an earlier message.</summary>
    Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken);
}
