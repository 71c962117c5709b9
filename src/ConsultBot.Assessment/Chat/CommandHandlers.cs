using static ConsultBot.Assessment.Chat.AssessmentChat;

namespace ConsultBot.Assessment.Chat;

/// <summary>Typed commands: the form, past assessments, the comparison, the checklist.</summary>
internal sealed class CommandHandlers(AssessmentChat chat)
{
    public async Task OnFormCommandAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await turn.SendActivityAsync(PersonalOnly(turn, "start"), cancellationToken);
            return;
        }

        var progress = await chat.Store.GetProgressAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Form(progress?.Answers ?? AssessmentAnswers.Empty, turn.Activity.Locale)), cancellationToken);
    }

    public async Task OnHistoryCommandAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await turn.SendActivityAsync(PersonalOnly(turn, "history"), cancellationToken);
            return;
        }

        var history = await chat.Store.GetHistoryAsync(turn, cancellationToken);
        await turn.SendActivityAsync(history.Items.Count == 0
            ? Activity.CreateMessageActivity(Text(turn, nameof(AssessmentStrings.HistoryEmpty)))
            : AssessmentCards.Message(chat.Cards.History(history, turn.Activity.Locale)), cancellationToken);
    }

    public async Task OnCompareCommandAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Comparison(await chat.LatestModelAsync(turn, cancellationToken), turn.Activity.Locale)), cancellationToken);

    public async Task OnChecklistCommandAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await turn.SendActivityAsync(PersonalOnly(turn, "checklist"), cancellationToken);
            return;
        }

        if (await chat.LatestModelAsync(turn, cancellationToken) is not { } model)
        {
            await turn.SendActivityAsync(Text(turn, nameof(AssessmentStrings.NeedAssessment)), cancellationToken);
            return;
        }

        var checklists = await chat.Store.GetChecklistsAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Checklist(model, [.. checklists.For(model)], saved: false, turn.Activity.Locale)), cancellationToken);
    }
}
