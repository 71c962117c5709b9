namespace ConsultBot.Assessment.Chat;

/// <summary>
/// What the assessment's route handlers share: <see cref="DialogHandlers"/> (the running assessment and its starts),
/// <see cref="CommandHandlers"/> (typed commands) and <see cref="CardActionHandlers"/> (card buttons) each take it.
/// Card actions that touch the caller's assessments are personal-chat only (<see cref="AssessmentFeature"/>'s table);
/// the router enforces that and asks <see cref="Refusal"/> what to say.
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

    public AssessmentStore Store => _store;

    public AssessmentCards Cards => _cards;

    public AssessmentCompletion Completion => _completion;

    public Task<DialogContext> CreateDialogContextAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        _dialogs.CreateContextAsync(turn, cancellationToken);

    /// <summary>Starts the assessment, or resumes the unfinished one (<paramref name="fresh"/>: forget it and start over).</summary>
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

    public async Task AfterDialogAsync(ITurnContext turn, DialogTurnResult result, CancellationToken cancellationToken)
    {
        if (result.Status == DialogTurnStatus.Cancelled
            && !turn.TurnState.TryGet<bool>(AssessmentDialog.ExplainedKey, out _)
            && await _store.GetProgressAsync(turn, cancellationToken) is { IsComplete: false } progress
            && (progress.Step > 0 || progress.Answers != AssessmentAnswers.Empty)) // nothing to keep before the first answer
        {
            await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.CancelledKept), progress.Step + 1, FactorCatalogue.All.Count), cancellationToken);
        }
    }

    public async Task RemindAsync(ITurnContext turn, DialogContext dc, CancellationToken cancellationToken)
    {
        var step = dc.ActiveDialog is { } active && AssessmentDialog.ProgressOf(active) is { } p ? p.Step + 1 : 1;
        await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.AlreadyRunning), step, FactorCatalogue.All.Count), cancellationToken);
        ConsultBot.Dialogs.DialogInterruptions.ClearPendingCancel(dc);
        await dc.RepromptDialogAsync(cancellationToken);
    }

    public async Task<CooperationModel?> LatestModelAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        // The user's history is personal: a shared conversation never highlights "your" model.
        if (turn.Activity.IsSharedConversation())
        {
            return null;
        }

        return (await _store.GetHistoryAsync(turn, cancellationToken)).Latest?.Recommended;
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

    public static string PersonalOnly(ITurnContext turn, string what)
    {
        var command = what switch
        {
            "history" or AssessmentVerbs.History or AssessmentVerbs.ShowResult => nameof(AssessmentStrings.HistoryCommand),
            "checklist" or AssessmentVerbs.Checklist or AssessmentVerbs.ChecklistSave or AssessmentVerbs.PartnerMap or AssessmentVerbs.PartnerMapSave => nameof(AssessmentStrings.ChecklistCommand),
            _ => nameof(AssessmentStrings.StartCommand),
        };
        return Format(turn, nameof(AssessmentStrings.PersonalOnly), Text(turn, command));
    }

    public static string Text(ITurnContext turn, string name) => AssessmentTexts.Get(name, turn.Activity.Locale);

    public static string Format(ITurnContext turn, string name, params object?[] args) => AssessmentTexts.Format(name, turn.Activity.Locale, args);
}
