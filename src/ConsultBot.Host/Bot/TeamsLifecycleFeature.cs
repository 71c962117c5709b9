using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Host.Bot;

/// <summary>
/// Install and uninstall: when the app is removed from a conversation (or the bot from a team) the
/// bot forgets that conversation's reference and stops messaging it; when it is added back, it may
/// write there again (<see cref="ReachabilityMiddleware"/>, so the welcome route still runs). Blocking (403 MessageWritesBlocked) is caught by the connector client.
/// </summary>
internal sealed class TeamsLifecycleFeature(ConversationReferenceStore references, IUnreachableConversations unreachable) : IBotFeature
{
    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnActivity(IsRemoval, ForgetAsync, RouteRank.First);
    }

    private static bool IsRemoval(ITurnContext context)
    {
        var activity = context.Activity;
        if (activity.IsType(ActivityTypes.InstallationUpdate))
        {
            return activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true;
        }

        return activity.IsType(ActivityTypes.ConversationUpdate)
            && (activity.MembersRemoved ?? []).Any(m => string.Equals(m.Id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase));
    }

    private async Task ForgetAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        var activity = context.Activity;
        await unreachable.MarkUnreachableAsync(activity.Conversation!.Id!, cancellationToken).ConfigureAwait(false);
        await references.RemoveAsync(activity.ChannelId ?? Channels.Msteams, activity.Conversation.Id!,
            activity.IsSharedConversation() ? null : activity.From?.Id, cancellationToken).ConfigureAwait(false);
    }
}
