using static ConsultBot.Assessment.Chat.AssessmentChat;

namespace ConsultBot.Assessment.Chat;

/// <summary>Card buttons: the question cards, the form, results, model cards, the checklist and the partner map. Who may press them is in <see cref="AssessmentFeature"/>'s table.</summary>
internal sealed class CardActionHandlers(AssessmentChat chat, ILogger<CardActionHandlers> logger)
{
    public async Task<AdaptiveCardInvokeResponse> OnStartActionAsync(ITurnContext turn, bool fresh, CancellationToken cancellationToken)
    {
        await chat.StartAsync(turn, fresh, cancellationToken);
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

        var dc = await chat.CreateDialogContextAsync(turn, cancellationToken);
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

        var closed = chat.Cards.Question(AssessmentCardBuilder.ClosedQuestion(factor.Id, progress.Answers, AssessmentLocales.Normalize(locale), outcome, answerTitle), locale);
        var fed = TurnContext.ForActivity(turn, Feed(turn.Activity, text, value));
        var fedDc = await chat.CreateDialogContextAsync(fed, cancellationToken);
        var result = await fedDc.ContinueDialogAsync(cancellationToken);
        await chat.AfterDialogAsync(fed, result, cancellationToken);
        return AdaptiveCardInvokeResponse.Card(closed);
    }

    private async Task<AdaptiveCardInvokeResponse> StaleAsync(ITurnContext turn, DialogContext dc, AssessmentProgress? progress, Factor factor, int clickedStep, CancellationToken cancellationToken)
    {
        Log.StaleClick(logger, clickedStep, progress is null ? 0 : progress.Step + 1);
        var total = FactorCatalogue.All.Count;
        if (progress is not null)
        {
            await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.StaleQuestion), clickedStep, progress.Step + 1, total), cancellationToken);
            await dc.RepromptDialogAsync(cancellationToken);
        }
        else if (await chat.Store.GetProgressAsync(turn, cancellationToken) is { IsComplete: false })
        {
            await turn.SendActivityAsync(Text(turn, nameof(AssessmentStrings.StalePaused)), cancellationToken);
            await dc.BeginDialogAsync(AssessmentDialog.DialogId, AssessmentDialog.Options(fresh: false), cancellationToken);
        }
        else
        {
            await turn.SendActivityAsync(Text(turn, nameof(AssessmentStrings.StaleFinished)), cancellationToken);
        }

        var locale = turn.Activity.Locale;
        return AdaptiveCardInvokeResponse.Card(chat.Cards.Question(
            AssessmentCardBuilder.ClosedQuestion(factor.Id, AssessmentAnswers.Empty, AssessmentLocales.Normalize(locale), QuestionOutcome.Stale), locale));
    }

    public async Task<AdaptiveCardInvokeResponse> OnShowFormAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var progress = await chat.Store.GetProgressAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Form(progress?.Answers ?? AssessmentAnswers.Empty, turn.Activity.Locale)), cancellationToken);
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
            Log.FormRejected(logger, problems.Count > 0 ? "unknown values" : "no answers");
            return AdaptiveCardInvokeResponse.Message(problems.Count > 0 ? string.Join("\n\n", problems) : Text(turn, nameof(AssessmentStrings.FormEmpty)));
        }

        // Both modes are one assessment: the form finishes the step-by-step one too.
        var dc = await chat.CreateDialogContextAsync(turn, cancellationToken);
        await dc.CancelAllDialogsAsync(cancellationToken);
        var id = (await chat.Store.GetProgressAsync(turn, cancellationToken))?.Id ?? chat.Completion.NewId();
        var record = await chat.Completion.CompleteAsync(turn, id, answers, AssessmentCompletion.FormMode, cancellationToken);
        return AdaptiveCardInvokeResponse.Card(chat.Cards.Recommendation(record, locale));
    }

    public async Task<AdaptiveCardInvokeResponse> OnHistoryActionAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var history = await chat.Store.GetHistoryAsync(turn, cancellationToken);
        if (history.Items.Count == 0)
        {
            return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.HistoryEmpty)));
        }

        await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.History(history, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    /// <summary><c>assessment.result</c> with <c>{id}</c> (or <c>{assessmentId}</c>): a past recommendation again.</summary>
    public async Task<AdaptiveCardInvokeResponse> OnShowResultAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var history = await chat.Store.GetHistoryAsync(turn, cancellationToken);
        if (history.Find(request.GetString("id") ?? request.GetString("assessmentId")) is not { } record)
        {
            return AdaptiveCardInvokeResponse.Message(Format(turn, nameof(AssessmentStrings.ResultNotFound), AssessmentHistory.Cap));
        }

        await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Recommendation(record, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    public async Task<AdaptiveCardInvokeResponse> OnModelDetailAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var key = request.GetString("model");
        if (!CooperationModels.TryParse(key, out var model))
        {
            return AdaptiveCardInvokeResponse.Message(Format(turn, nameof(AssessmentStrings.UnknownModel), CardText.Escape(key ?? string.Empty)));
        }

        var latest = await chat.LatestModelAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.ModelDetail(model, latest == model, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    public async Task<AdaptiveCardInvokeResponse> OnCompareActionAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var recommended = CooperationModels.TryParse(request.GetString("recommended"), out var m) ? m : await chat.LatestModelAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Comparison(recommended, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    public async Task<AdaptiveCardInvokeResponse> OnChecklistActionAsync(ITurnContext turn, CardActionRequest request, bool save, CancellationToken cancellationToken)
    {
        if (await ModelOfAsync(turn, request, cancellationToken) is not { } model)
        {
            return await NoModelAsync(turn, request, cancellationToken);
        }

        var locale = turn.Activity.Locale;
        var checklists = await chat.Store.GetChecklistsAsync(turn, cancellationToken);
        if (!save)
        {
            await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Checklist(model, [.. checklists.For(model)], saved: false, locale)), cancellationToken);
            return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
        }

        // Only the model's own task ids count: anything else in the submitted data is ignored.
        var ticked = ModelLibrary.Default.Get(model).TaskIds.Where(id => IsOn(request.Data[id])).ToArray();
        await chat.Store.SetChecklistsAsync(turn, checklists.With(model, ticked), cancellationToken);
        return AdaptiveCardInvokeResponse.Card(chat.Cards.Checklist(model, ticked, saved: true, locale));
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
            var map = await chat.Store.GetPartnerMapAsync(turn, cancellationToken);
            await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.PartnerMap(model, [.. map.Sectors], saved: false, locale)), cancellationToken);
            return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
        }

        var sectors = ModelLibrary.Default.Sectors.Select(static s => s.Id).Where(id => IsOn(request.Data["sector." + id])).ToArray();
        await chat.Store.SetPartnerMapAsync(turn, new PartnerMapProgress(sectors), cancellationToken);
        return AdaptiveCardInvokeResponse.Card(chat.Cards.PartnerMap(model, sectors, saved: true, locale));
    }

    private async Task<CooperationModel?> ModelOfAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken) =>
        CooperationModels.TryParse(request.GetString("model"), out var model) ? model : await chat.LatestModelAsync(turn, cancellationToken);

    private static Task<AdaptiveCardInvokeResponse> NoModelAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        var key = request.GetString("model");
        return Task.FromResult(AdaptiveCardInvokeResponse.Message(string.IsNullOrEmpty(key)
            ? Text(turn, nameof(AssessmentStrings.NeedAssessment))
            : Format(turn, nameof(AssessmentStrings.UnknownModel), CardText.Escape(key))));
    }

    private static bool IsOn(JsonNode? node) => node is JsonValue v
        && ((v.TryGetValue<bool>(out var b) && b) || (v.TryGetValue<string>(out var s) && string.Equals(s, "true", StringComparison.OrdinalIgnoreCase)));

    private static Activity Feed(Activity source, string? text, JsonNode? value) => new()
    {
        Type = ActivityTypes.Message,
        Id = source.Id,
        Timestamp = source.Timestamp,
        ServiceUrl = source.ServiceUrl,
        ChannelId = source.ChannelId,
        From = source.From,
        Conversation = source.Conversation,
        Recipient = source.Recipient,
        Locale = source.Locale,
        ChannelData = source.ChannelData?.DeepClone(),
        ReplyToId = source.ReplyToId,
        Text = text,
        Value = value,
    };
}
