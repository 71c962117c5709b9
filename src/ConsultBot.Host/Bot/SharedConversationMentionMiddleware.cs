using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Host.Bot;

/// <summary>
/// In group chats and channels the bot speaks only when spoken to: a typed message that does not
/// @mention it is left alone (Teams delivers such messages to bots with resource-specific consent).
/// Card clicks and other activities are not affected.
/// </summary>
internal sealed class SharedConversationMentionMiddleware : Protocol.Turn.IMiddleware
{
    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        if (activity.IsType(ActivityTypes.Message) && activity.IsSharedConversation() && !string.IsNullOrWhiteSpace(activity.Text)
            && activity.Value is null && !MentionsBot(activity))
        {
            return Task.CompletedTask;
        }

        return next(cancellationToken);
    }

    private static bool MentionsBot(Activity activity) =>
        activity.GetMentions().Any(m => string.Equals(m.Mentioned?.Id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase));
}
