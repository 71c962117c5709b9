using System.Text.Json.Nodes;
using ConsultBot.Assessment.Cards;
using ConsultBot.Assessment.Content;
using ConsultBot.Assessment.Engine;
using ConsultBot.Assessment.Resources;
using ConsultBot.Cards;
using ConsultBot.Dialogs;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Logging;
namespace ConsultBot.Assessment.Chat;

/// <summary>Typed commands: the form, past assessments, the comparison, the checklist.</summary>
internal sealed partial class AssessmentChat
{
    public async Task OnFormCommandAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await turn.SendActivityAsync(PersonalOnly(turn, "start"), cancellationToken);
            return;
        }

        var progress = await _store.GetProgressAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Form(progress?.Answers ?? AssessmentAnswers.Empty, turn.Activity.Locale)), cancellationToken);
    }

    public async Task OnHistoryCommandAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await turn.SendActivityAsync(PersonalOnly(turn, "history"), cancellationToken);
            return;
        }

        var history = await _store.GetHistoryAsync(turn, cancellationToken);
        await turn.SendActivityAsync(history.Items.Count == 0
            ? Activity.CreateMessageActivity(Text(turn, nameof(AssessmentStrings.HistoryEmpty)))
            : AssessmentCards.Message(_cards.History(history, turn.Activity.Locale)), cancellationToken);
    }

    public async Task OnCompareCommandAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Comparison(await LatestModelAsync(turn, cancellationToken), turn.Activity.Locale)), cancellationToken);

    public async Task OnChecklistCommandAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await turn.SendActivityAsync(PersonalOnly(turn, "checklist"), cancellationToken);
            return;
        }

        if (await LatestModelAsync(turn, cancellationToken) is not { } model)
        {
            await turn.SendActivityAsync(Text(turn, nameof(AssessmentStrings.NeedAssessment)), cancellationToken);
            return;
        }

        var checklists = await _store.GetChecklistsAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Checklist(model, [.. checklists.For(model)], saved: false, turn.Activity.Locale)), cancellationToken);
    }
}
