using static ConsultBot.Assessment.Chat.AssessmentChat;

namespace ConsultBot.Assessment.Chat;

/// <summary>The running assessment: its continuation (the router gives it every personal message first, <see cref="AssessmentFeature"/>) and the starts.</summary>
internal sealed class DialogHandlers(AssessmentChat chat, ILogger<DialogHandlers> logger)
{
    /// <summary>A message in a personal chat while an assessment runs: the router gives it to <see cref="ContinueAsync"/> first.</summary>
    public async ValueTask<bool> IsActiveAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (!turn.Activity.IsType(ActivityTypes.Message) || turn.Activity.IsSharedConversation())
        {
            return false;
        }

        var dc = await chat.CreateDialogContextAsync(turn, cancellationToken);
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
        var dc = await chat.CreateDialogContextAsync(turn, cancellationToken);
        if (StartPhrases.IsCommand(turn.Activity.Text) || StartPhrases.IsMatch(turn.Activity.Text))
        {
            await chat.RemindAsync(turn, dc, cancellationToken);
            return DialogTurn.Handled;
        }

        var result = await dc.ContinueDialogAsync(cancellationToken);
        if (!turn.TurnState.TryGet<string>(AssessmentDialog.DigressionKey, out var digression))
        {
            await chat.AfterDialogAsync(turn, result, cancellationToken);
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
        var dc = await chat.CreateDialogContextAsync(turn, cancellationToken);
        await chat.AfterDialogAsync(turn, await dc.ContinueDialogAsync(cancellationToken), cancellationToken);
    }

    // Another route answered the digression: back to the question the user was at.
    private async Task BackToQuestionAsync(ITurnContext turn, string digression, CancellationToken cancellationToken)
    {
        Log.Digressed(logger, digression);
        var dc = await chat.CreateDialogContextAsync(turn, cancellationToken);
        if (dc.ActiveDialog is { Id: AssessmentDialog.DialogId } active && AssessmentDialog.ProgressOf(active) is { IsComplete: false } progress)
        {
            await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.BackToQuestion), progress.Step + 1, FactorCatalogue.All.Count), cancellationToken);
            await dc.RepromptDialogAsync(cancellationToken);
        }
    }

    /// <summary>"dobierz model" and the other start commands: start, or resume the unfinished assessment.</summary>
    public Task OnStartCommandAsync(ITurnContext turn, CancellationToken cancellationToken) => chat.StartAsync(turn, fresh: false, cancellationToken);

    /// <summary>
    /// A question about which model to choose. When it describes the city, the factors it states are shown as understood
    /// and only the other questions are asked; otherwise the assessment starts (or resumes) as usual.
    /// </summary>
    public async Task StartFromTextAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var known = CityDescription.Read(turn.Activity.Text);
        if (known.AnsweredCount == 0 || turn.Activity.IsSharedConversation())
        {
            await chat.StartAsync(turn, fresh: false, cancellationToken);
            return;
        }

        var locale = turn.Activity.Locale;
        var understood = string.Join('\n', FactorCatalogue.All.Where(f => known.GetIndex(f.Id) is not null)
            .Select(f => $"- {f.Label.Get(locale)}: **{f.Options[known.GetIndex(f.Id)!.Value].Title.Get(locale)}**"));
        var open = FactorCatalogue.All.Count - known.AnsweredCount;
        await turn.SendActivityAsync(open == 0
            ? Format(turn, nameof(AssessmentStrings.UnderstoodAll), understood)
            : Format(turn, nameof(AssessmentStrings.Understood), understood, open), cancellationToken);

        Log.StartedFromDescription(logger, known.AnsweredCount);
        var dc = await chat.CreateDialogContextAsync(turn, cancellationToken);
        await dc.CancelAllDialogsAsync(cancellationToken);
        await chat.Store.SetProgressAsync(turn, null, cancellationToken);
        await dc.BeginDialogAsync(AssessmentDialog.DialogId, AssessmentDialog.Options(fresh: true, known), cancellationToken);
    }

    /// <summary>A city described in one message that asks which model fits ("…80 tys. mieszkańców, … — jaki model?").</summary>
    public static bool IsCityDescription(ITurnContext turn) =>
        turn.Activity.IsType(ActivityTypes.Message) && StartPhrases.AsksWhichModel(turn.Activity.Text)
        && CityDescription.Read(turn.Activity.Text).AnsweredCount >= 2;
}
