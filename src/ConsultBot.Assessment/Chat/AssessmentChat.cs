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

/// <summary>
/// The assessment's route handlers: commands, card actions, the dialog continuation and the welcome. Card actions
/// that touch the caller's assessments are personal-chat only (<see cref="AssessmentFeature"/>'s table); the router
/// enforces that and asks <see cref="Refusal"/> what to say.
/// </summary>
internal sealed class AssessmentChat : ICardActionGuard
{
    private readonly AssessmentStore _store;
    private readonly AssessmentCards _cards;
    private readonly AssessmentCompletion _completion;
    private readonly DialogSet _dialogs;
    private readonly ILogger<AssessmentChat> _logger;

    public AssessmentChat(AssessmentStore store, AssessmentCards cards, AssessmentCompletion completion, AssessmentDialog dialog, ILogger<AssessmentChat> logger)
    {
        _store = store;
        _cards = cards;
        _completion = completion;
        _logger = logger;
        _dialogs = new DialogSet(store.Dialogs).Add(dialog);
    }

    // ---------------------------------------------------------------- dialog continuation

    /// <summary>A message in a personal chat while an assessment runs: the router gives it to <see cref="ContinueAsync"/> first.</summary>
    public async ValueTask<bool> IsActiveAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (!turn.Activity.IsType(ActivityTypes.Message) || turn.Activity.IsSharedConversation())
        {
            return false;
        }

        var dc = await _dialogs.CreateContextAsync(turn, cancellationToken);
        return dc.ActiveDialog is not null;
    }

    /// <summary>
    /// Continues the running assessment, which thus answers "pomoc", "anuluj", "wstecz" and typed answers before any global
    /// command. A message that is no answer (a question for the FAQ, a command such as "moje zgłoszenia", "dzięki") is
    /// not the dialog's: the router offers it to the other routes, and then the same question is asked again, so the
    /// assessment stays where it was.
    /// </summary>
    public async Task<DialogTurn> ContinueAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var dc = await _dialogs.CreateContextAsync(turn, cancellationToken);
        if (StartPhrases.IsCommand(turn.Activity.Text) || StartPhrases.IsMatch(turn.Activity.Text))
        {
            await RemindAsync(turn, dc, cancellationToken);
            return DialogTurn.Handled;
        }

        var result = await dc.ContinueDialogAsync(cancellationToken);
        if (!turn.TurnState.TryGet<string>(AssessmentDialog.DigressionKey, out var digression))
        {
            await AfterDialogAsync(turn, result, cancellationToken);
            return DialogTurn.Handled;
        }

        // A question may go as far as the FAQ; anything else only to the commands (the FAQ would say "nie znalazłem").
        turn.TurnState.Remove(AssessmentDialog.DigressionKey);
        var upTo = digression == AssessmentDialog.QuestionDigression ? DialogTurn.AnyRank : RouteRank.Normal;
        return DialogTurn.NotMine(upTo, (t, taken, ct) => taken ? BackToQuestionAsync(t, digression, ct) : AnswerAnywayAsync(t, ct));
    }

    // Nobody took the message: the prompt treats it as an (unrecognised) answer.
    private async Task AnswerAnywayAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        turn.TurnState.Set(AssessmentDialog.AnswerOnlyKey, true);
        var dc = await _dialogs.CreateContextAsync(turn, cancellationToken);
        await AfterDialogAsync(turn, await dc.ContinueDialogAsync(cancellationToken), cancellationToken);
    }

    // Another route answered the digression: back to the question the user was at.
    private async Task BackToQuestionAsync(ITurnContext turn, string digression, CancellationToken cancellationToken)
    {
        Log.Digressed(_logger, digression);
        var dc = await _dialogs.CreateContextAsync(turn, cancellationToken);
        if (dc.ActiveDialog is { Id: AssessmentDialog.DialogId } active && AssessmentDialog.ProgressOf(active) is { IsComplete: false } progress)
        {
            await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.BackToQuestion), progress.Step + 1, FactorCatalogue.All.Count), cancellationToken);
            await dc.RepromptDialogAsync(cancellationToken);
        }
    }

    // ---------------------------------------------------------------- start

    public async Task StartAsync(ITurnContext turn, bool fresh, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await turn.SendActivityAsync(PersonalOnly(turn, "start"), cancellationToken);
            return;
        }

        var dc = await _dialogs.CreateContextAsync(turn, cancellationToken);
        if (fresh)
        {
            await dc.CancelAllDialogsAsync(cancellationToken);
            await _store.SetProgressAsync(turn, null, cancellationToken);
        }
        else if (dc.ActiveDialog is not null)
        {
            await RemindAsync(turn, dc, cancellationToken);
            return;
        }

        Log.AssessmentStarted(_logger, fresh);
        await dc.BeginDialogAsync(AssessmentDialog.DialogId, AssessmentDialog.Options(fresh), cancellationToken);
    }

    /// <summary>
    /// A question about which model to choose. When it describes the city, the factors it states are shown as understood
    /// and only the other questions are asked; otherwise the assessment starts (or resumes) as usual.
    /// </summary>
    public async Task StartFromTextAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var known = CityDescription.Read(turn.Activity.Text);
        if (known.AnsweredCount == 0 || turn.Activity.IsSharedConversation())
        {
            await StartAsync(turn, fresh: false, cancellationToken);
            return;
        }

        var locale = turn.Activity.Locale;
        var understood = string.Join('\n', FactorCatalogue.All.Where(f => known.GetIndex(f.Id) is not null)
            .Select(f => $"- {f.Label.Get(locale)}: **{f.Options[known.GetIndex(f.Id)!.Value].Title.Get(locale)}**"));
        var open = FactorCatalogue.All.Count - known.AnsweredCount;
        await turn.SendActivityAsync(open == 0
            ? Format(turn, nameof(AssessmentStrings.UnderstoodAll), understood)
            : Format(turn, nameof(AssessmentStrings.Understood), understood, open), cancellationToken);

        Log.StartedFromDescription(_logger, known.AnsweredCount);
        var dc = await _dialogs.CreateContextAsync(turn, cancellationToken);
        await dc.CancelAllDialogsAsync(cancellationToken);
        await _store.SetProgressAsync(turn, null, cancellationToken);
        await dc.BeginDialogAsync(AssessmentDialog.DialogId, AssessmentDialog.Options(fresh: true, known), cancellationToken);
    }

    /// <summary>A city described in one message that asks which model fits ("…80 tys. mieszkańców, … — jaki model?").</summary>
    public static bool IsCityDescription(ITurnContext turn) =>
        turn.Activity.IsType(ActivityTypes.Message) && StartPhrases.AsksWhichModel(turn.Activity.Text)
        && CityDescription.Read(turn.Activity.Text).AnsweredCount >= 2;

    public async Task<AdaptiveCardInvokeResponse> OnStartActionAsync(ITurnContext turn, bool fresh, CancellationToken cancellationToken)
    {
        await StartAsync(turn, fresh, cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.StartBelow)));
    }

    // ---------------------------------------------------------------- question card buttons

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

    // ---------------------------------------------------------------- form mode

    public async Task<AdaptiveCardInvokeResponse> OnShowFormAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var progress = await _store.GetProgressAsync(turn, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Form(progress?.Answers ?? AssessmentAnswers.Empty, turn.Activity.Locale)), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

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

    // ---------------------------------------------------------------- history

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

    // ---------------------------------------------------------------- models

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

    public async Task OnCompareCommandAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Comparison(await LatestModelAsync(turn, cancellationToken), turn.Activity.Locale)), cancellationToken);

    // ---------------------------------------------------------------- checklist and partner map

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

    // ---------------------------------------------------------------- welcome

    /// <summary>The bot or a person joined (conversationUpdate), or the app was installed (installationUpdate add).</summary>
    public static bool IsInstallEvent(ITurnContext turn)
    {
        var activity = turn.Activity;
        return (activity.IsType(ActivityTypes.ConversationUpdate) && activity.MembersAdded is { Count: > 0 })
            || (activity.IsType(ActivityTypes.InstallationUpdate) && activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>Welcomes once per user per conversation (personal chat) or once per conversation (team, group chat).</summary>
    public async Task OnInstallAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var botId = activity.Recipient?.Id;
        var log = await _store.GetWelcomeAsync(turn, cancellationToken);
        if (activity.IsSharedConversation())
        {
            // In a team only the bot's own arrival is worth a message; colleagues joining later are not greeted by a bot.
            var botAdded = activity.IsType(ActivityTypes.InstallationUpdate) || activity.MembersAdded?.Any(m => m.Id == botId) == true;
            if (!botAdded || log.Shared || !await _store.TryClaimWelcomeAsync(turn, "shared", cancellationToken))
            {
                return;
            }

            await _store.SetWelcomeAsync(turn, log with { Shared = true }, cancellationToken);
            await turn.SendActivityAsync(AssessmentCards.Message(_cards.Welcome(AssessmentCardBuilder.SharedWelcome(), activity.Locale)), cancellationToken);
            Log.WelcomeSent(_logger, "shared");
            return;
        }

        var user = activity.MembersAdded?.FirstOrDefault(m => m.Id is not null && m.Id != botId) ?? activity.From;
        if (user?.Id is not { } userId || userId == botId || log.Users.Contains(userId)
            || !await _store.TryClaimWelcomeAsync(turn, userId, cancellationToken))
        {
            return;
        }

        await _store.SetWelcomeAsync(turn, log with { Users = [.. log.Users, userId] }, cancellationToken);
        await SendPersonalWelcomeAsync(turn, user.Name ?? activity.From?.Name, cancellationToken);
        Log.WelcomeSent(_logger, "personal");
    }

    public async Task OnWelcomeCommandAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await turn.SendActivityAsync(AssessmentCards.Message(_cards.Welcome(AssessmentCardBuilder.SharedWelcome(), turn.Activity.Locale)), cancellationToken);
            return;
        }

        await SendPersonalWelcomeAsync(turn, turn.Activity.From?.Name, cancellationToken);
    }

    public async Task<AdaptiveCardInvokeResponse> OnWelcomeActionAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        await OnWelcomeCommandAsync(turn, cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    private async Task SendPersonalWelcomeAsync(ITurnContext turn, string? name, CancellationToken cancellationToken)
    {
        var progress = await _store.GetProgressAsync(turn, cancellationToken);
        var history = await _store.GetHistoryAsync(turn, cancellationToken);
        var unfinished = progress is { IsComplete: false } ? progress.Step + 1 : (int?)null;
        var data = AssessmentCardBuilder.Welcome(name, unfinished, history.Items.Count);
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Welcome(data, turn.Activity.Locale)), cancellationToken);
    }

    // ---------------------------------------------------------------- helpers

    private async Task AfterDialogAsync(ITurnContext turn, DialogTurnResult result, CancellationToken cancellationToken)
    {
        if (result.Status == DialogTurnStatus.Cancelled
            && !turn.TurnState.TryGet<bool>(AssessmentDialog.ExplainedKey, out _)
            && await _store.GetProgressAsync(turn, cancellationToken) is { IsComplete: false } progress)
        {
            await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.CancelledKept), progress.Step + 1, FactorCatalogue.All.Count), cancellationToken);
        }
    }

    private async Task RemindAsync(ITurnContext turn, DialogContext dc, CancellationToken cancellationToken)
    {
        var step = dc.ActiveDialog is { } active && AssessmentDialog.ProgressOf(active) is { } p ? p.Step + 1 : 1;
        await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.AlreadyRunning), step, FactorCatalogue.All.Count), cancellationToken);
        await dc.RepromptDialogAsync(cancellationToken);
    }

    private async Task<CooperationModel?> LatestModelAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        // The user's history is personal: a shared conversation never highlights "your" model.
        if (turn.Activity.IsSharedConversation())
        {
            return null;
        }

        return (await _store.GetHistoryAsync(turn, cancellationToken)).Latest?.Recommended;
    }

    private async Task<CooperationModel?> ModelOfAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken) =>
        CooperationModels.TryParse(request.GetString("model"), out var model) ? model : await LatestModelAsync(turn, cancellationToken);

    private static Task<AdaptiveCardInvokeResponse> NoModelAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        var key = request.GetString("model");
        return Task.FromResult(AdaptiveCardInvokeResponse.Message(string.IsNullOrEmpty(key)
            ? Text(turn, nameof(AssessmentStrings.NeedAssessment))
            : Format(turn, nameof(AssessmentStrings.UnknownModel), CardText.Escape(key))));
    }

    /// <summary>A card action refused outside a personal chat: where to do it instead.</summary>
    public AdaptiveCardInvokeResponse? Refusal(ITurnContext turnContext, CardActionRequest request, CardActionAccess access)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(request);
        return Refuse(turnContext, request.Verb);
    }

    private AdaptiveCardInvokeResponse Refuse(ITurnContext turn, string verb)
    {
        Log.SharedRefused(_logger, verb);
        return AdaptiveCardInvokeResponse.Message(PersonalOnly(turn, verb));
    }

    private static string PersonalOnly(ITurnContext turn, string what)
    {
        var command = what switch
        {
            "history" or AssessmentVerbs.History or AssessmentVerbs.ShowResult => nameof(AssessmentStrings.HistoryCommand),
            "checklist" or AssessmentVerbs.Checklist or AssessmentVerbs.ChecklistSave or AssessmentVerbs.PartnerMap or AssessmentVerbs.PartnerMapSave => nameof(AssessmentStrings.ChecklistCommand),
            _ => nameof(AssessmentStrings.StartCommand),
        };
        return Format(turn, nameof(AssessmentStrings.PersonalOnly), Text(turn, command));
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

    private static string Text(ITurnContext turn, string name) => AssessmentTexts.Get(name, turn.Activity.Locale);

    private static string Format(ITurnContext turn, string name, params object?[] args) => AssessmentTexts.Format(name, turn.Activity.Locale, args);
}
