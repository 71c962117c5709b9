using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using ConsultBot.Workshop.Poll;
using ConsultBot.Workshop.Resources;

namespace ConsultBot.Workshop;

/// <summary>
/// Answers the router's questions for the workshop table (<see cref="WorkshopFeature"/>): a poll's starter is the
/// user who posted it, acting in the poll's conversation. Refusals say what the caller may do, never what the poll holds.
/// </summary>
internal sealed class WorkshopGuard(PollStore polls) : ICardActionGuard
{
    public async ValueTask<bool> IsStarterAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(request);
        var activity = turnContext.Activity;
        return activity.From?.Id is { Length: > 0 } userId
            && await polls.GetAsync(request.GetString("poll"), cancellationToken) is { } poll
            && poll.LivesIn(activity.Conversation?.Id)
            && string.Equals(poll.StarterId, userId, StringComparison.Ordinal);
    }

    public AdaptiveCardInvokeResponse? Refusal(ITurnContext turnContext, CardActionRequest request, CardActionAccess access)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var locale = turnContext.Activity.Locale;
        return AdaptiveCardInvokeResponse.Message(access == CardActionAccess.Starter
            ? WorkshopTexts.Get(nameof(WorkshopStrings.PollOnlyStarterCloses), locale)
            : WorkshopTexts.Get(nameof(WorkshopStrings.PersonalChatOnly), locale));
    }
}
