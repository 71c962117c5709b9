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

/// <summary>Card buttons: the question cards, the form, results, model cards, the checklist and the partner map. Who may press them is in <see cref="AssessmentFeature"/>'s table.</summary>
internal sealed partial class AssessmentChat
{
    public async Task<AdaptiveCardInvokeResponse> OnStartActionAsync(ITurnContext turn, bool fresh, CancellationToken cancellationToken)
    {
        await StartAsync(turn, fresh, cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.StartBelow)));
    }

    /// <summary>
    /// A button of a question card (<c>{factor, value, step}</c>). A click on the current question is fed to the dialog as
    /// the message the prompt recognises; the clicked card comes back closed ("✓ Odpowiedź: …") so the chat keeps the
    /// history, and the next question arrives as a new message. A click on an older card gets an explanation and the
    /// current question.
    /// </summary>
    public async Task<AdaptiveCardInvokeResponse> OnQuestionActionAsync(ITurnContext turn, CardActionRequest request, string outcome, CancellationToken cancellationToken)
    {
        var locale = turn.Activity.Locale;
        var clickedStep = int.TryParse(request.GetString("step"), out var s) ? s : 0;
        if (!FactorCatalogue.TryGet(request.GetString("factor") ?? string.Empty, out var factor))
        {
            return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.BadAnswer)));
        }

        var dc = await _dialogs.CreateContextAsync(turn, cancellationToken);
        var progress = dc.ActiveDialog is { Id: AssessmentDialog.DialogId } active ? AssessmentDialog.ProgressOf(active) : null;
        if (progress is null || progress.Step + 1 != clickedStep || progress.CurrentFactor != factor.Id)
        {
            return await StaleAsync(turn, dc, progress, factor, clickedStep, cancellationToken);
        }

        string? text = null;
        JsonObject? value = null;
        var answerTitle = string.Empty;
        if (outcome == QuestionOutcome.Answer)
        {
            var chosen = request.GetString("value") ?? string.Empty;
            var index = factor.IndexOf(chosen);
            if (index < 0)
            {
                return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.BadAnswer)));
            }

            value = new JsonObject { ["choice"] = chosen };
            answerTitle = factor.Options[index].Title.Get(locale);
        }
        else
        {
            // The words the dialog understands, so a button and a typed command take the same path.
            text = outcome switch
            {
                QuestionOutcome.Skip => "pomiń",
                QuestionOutcome.Back => "wstecz",
                QuestionOutcome.Help => "pomoc",
                _ => "anuluj",
            };
        }

        var closed = _cards.Question(AssessmentCardBuilder.ClosedQuestion(factor.Id, progress.Answers, AssessmentLocales.Normalize(locale), outcome, answerTitle), locale);
        var fed = TurnContext.ForActivity(turn, Feed(turn.Activity, text, value));
        var fedDc = await _dialogs.CreateContextAsync(fed, cancellationToken);
        var result = await fedDc.ContinueDialogAsync(cancellationToken);
        await AfterDialogAsync(fed, result, cancellationToken);
        return AdaptiveCardInvokeResponse.Card(closed);
    }

    private async Task<AdaptiveCardInvokeResponse> StaleAsync(ITurnContext turn, DialogContext dc, AssessmentProgress? progress, Factor factor, int clickedStep, CancellationToken cancellationToken)
    {
        Log.StaleClick(_logger, clickedStep, progress is null ? 0 : progress.Step + 1);
        var total = FactorCatalogue.All.Count;
        if (progress is not null)
        {
            await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.StaleQuestion), clickedStep, progress.Step + 1, total), cancellationToken);
            await dc.RepromptDialogAsync(cancellationToken);
        }
        else if (await _store.GetProgressAsync(turn, cancellationToken) is { IsComplete: false })
        {
            await turn.SendActivityAsync(Text(turn, nameof(AssessmentStrings.StalePaused)), cancellationToken);
            await dc.BeginDialogAsync(AssessmentDialog.DialogId, AssessmentDialog.Options(fresh: false), cancellationToken);
        }
        else
        {
            await turn.SendActivityAsync(Text(turn, nameof(AssessmentStrings.StaleFinished)), cancellationToken);
        }

        var locale = turn.Activity.Locale;
        return AdaptiveCardInvokeResponse.Card(_cards.Question(
            AssessmentCardBuilder.ClosedQuestion(factor.Id, AssessmentAnswers.Empty, AssessmentLocales.Normalize(locale), QuestionOutcome.Stale), locale));
    }

    public async Task<AdaptiveCardInvokeResponse> OnShowFormAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var progress = await _store.GetProgressAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Form(progress?.Answers ?? AssessmentAnswers.Empty, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    /// <summary>The form card (one Input.ChoiceSet per factor id): validated, run through the engine, answered with the recommendation in place of the form.</summary>
    public async Task<AdaptiveCardInvokeResponse> OnSubmitFormAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turn.Activity.Locale;
        var answers = AssessmentAnswers.Empty;
        var problems = new List<string>();
        foreach (var factor in FactorCatalogue.All)
        {
            var raw = request.GetString(factor.Key)?.Trim();
            if (string.IsNullOrEmpty(raw))
            {
                continue;
            }

            var index = factor.IndexOf(raw);
            if (index < 0)
            {
                problems.Add(Format(turn, nameof(AssessmentStrings.FormUnknown), factor.Label.Get(locale), CardText.Escape(raw),
                    string.Join(", ", factor.Options.Select(o => $"{o.Value} ({o.Title.Get(locale)})"))));
                continue;
            }

            answers = answers.WithIndex(factor.Id, index);
        }

        if (problems.Count > 0 || answers.AnsweredCount == 0)
        {
            Log.FormRejected(_logger, problems.Count > 0 ? "unknown values" : "no answers");
            return AdaptiveCardInvokeResponse.Message(problems.Count > 0 ? string.Join("\n\n", problems) : Text(turn, nameof(AssessmentStrings.FormEmpty)));
        }

        // Both modes are one assessment: the form finishes the step-by-step one too.
        var dc = await _dialogs.CreateContextAsync(turn, cancellationToken);
        await dc.CancelAllDialogsAsync(cancellationToken);
        var id = (await _store.GetProgressAsync(turn, cancellationToken))?.Id ?? _completion.NewId();
        var record = await _completion.CompleteAsync(turn, id, answers, AssessmentCompletion.FormMode, cancellationToken);
        return AdaptiveCardInvokeResponse.Card(_cards.Recommendation(record, locale));
    }

    public async Task<AdaptiveCardInvokeResponse> OnHistoryActionAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var history = await _store.GetHistoryAsync(turn, cancellationToken);
        if (history.Items.Count == 0)
        {
            return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.HistoryEmpty)));
        }

        await turn.SendActivityAsync(AssessmentCards.Message(_cards.History(history, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    /// <summary><c>assessment.result</c> with <c>{id}</c> (or <c>{assessmentId}</c>): a past recommendation again.</summary>
    public async Task<AdaptiveCardInvokeResponse> OnShowResultAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var history = await _store.GetHistoryAsync(turn, cancellationToken);
        if (history.Find(request.GetString("id") ?? request.GetString("assessmentId")) is not { } record)
        {
            return AdaptiveCardInvokeResponse.Message(Format(turn, nameof(AssessmentStrings.ResultNotFound), AssessmentHistory.Cap));
        }

        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Recommendation(record, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    public async Task<AdaptiveCardInvokeResponse> OnModelDetailAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var key = request.GetString("model");
        if (!CooperationModels.TryParse(key, out var model))
        {
            return AdaptiveCardInvokeResponse.Message(Format(turn, nameof(AssessmentStrings.UnknownModel), CardText.Escape(key ?? string.Empty)));
        }

        var latest = await LatestModelAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.ModelDetail(model, latest == model, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    public async Task<AdaptiveCardInvokeResponse> OnCompareActionAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var recommended = CooperationModels.TryParse(request.GetString("recommended"), out var m) ? m : await LatestModelAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Comparison(recommended, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    public async Task<AdaptiveCardInvokeResponse> OnChecklistActionAsync(ITurnContext turn, CardActionRequest request, bool save, CancellationToken cancellationToken)
    {
        if (await ModelOfAsync(turn, request, cancellationToken) is not { } model)
        {
            return await NoModelAsync(turn, request, cancellationToken);
        }

        var locale = turn.Activity.Locale;
        var checklists = await _store.GetChecklistsAsync(turn, cancellationToken);
        if (!save)
        {
            await turn.SendActivityAsync(AssessmentCards.Message(_cards.Checklist(model, [.. checklists.For(model)], saved: false, locale)), cancellationToken);
            return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
        }

        // Only the model's own task ids count: anything else in the submitted data is ignored.
        var ticked = ModelLibrary.Default.Get(model).TaskIds.Where(id => IsOn(request.Data[id])).ToArray();
        await _store.SetChecklistsAsync(turn, checklists.With(model, ticked), cancellationToken);
        return AdaptiveCardInvokeResponse.Card(_cards.Checklist(model, ticked, saved: true, locale));
    }

    public async Task<AdaptiveCardInvokeResponse> OnPartnerMapActionAsync(ITurnContext turn, CardActionRequest request, bool save, CancellationToken cancellationToken)
    {
        if (await ModelOfAsync(turn, request, cancellationToken) is not { } model)
        {
            return await NoModelAsync(turn, request, cancellationToken);
        }

        var locale = turn.Activity.Locale;
        if (!save)
        {
            var map = await _store.GetPartnerMapAsync(turn, cancellationToken);
            await turn.SendActivityAsync(AssessmentCards.Message(_cards.PartnerMap(model, [.. map.Sectors], saved: false, locale)), cancellationToken);
            return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
        }

        var sectors = ModelLibrary.Default.Sectors.Select(static s => s.Id).Where(id => IsOn(request.Data["sector." + id])).ToArray();
        await _store.SetPartnerMapAsync(turn, new PartnerMapProgress(sectors), cancellationToken);
        return AdaptiveCardInvokeResponse.Card(_cards.PartnerMap(model, sectors, saved: true, locale));
    }
}
