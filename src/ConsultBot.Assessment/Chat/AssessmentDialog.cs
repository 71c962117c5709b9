using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Assessment.Engine;
using ConsultBot.Assessment.Resources;
using ConsultBot.Dialogs;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment.Chat;

/// <summary>
/// The step-by-step assessment: a component with one <see cref="ChoicePrompt"/> per factor, asked in catalogue order as
/// the <c>assessment-question</c> card. Typed state: <see cref="AssessmentProgress"/> in the instance state, mirrored to
/// user state after every change so another conversation, a restarted host or tomorrow resumes at the same question.
/// "anuluj" (with confirmation) and "pomoc" (the prompt's contextual help) are the library's interruptions; "wstecz",
/// "od nowa" and "nie wiem" are handled here, because each question is a prompt of its own and the library's back
/// would have no earlier step to return to.
/// </summary>
internal sealed class AssessmentDialog : ComponentDialog
{
    public const string DialogId = "assessment";

    /// <summary>
    /// Turn-state value set when the message is no answer to the question, so the turn should go on to the other routes
    /// with the assessment kept where it is: <see cref="QuestionDigression"/> or <see cref="OtherDigression"/>.
    /// </summary>
    public const string DigressionKey = "assessment.digression";

    /// <summary>A question of its own: the FAQ may answer it.</summary>
    public const string QuestionDigression = "question";

    /// <summary>Not an option, not a question: maybe a command ("moje zgłoszenia", "dzięki"); if nobody takes it, it is a wrong answer.</summary>
    public const string OtherDigression = "other";

    /// <summary>Turn-state flag: no other route took the message, so the prompt treats it as an (unrecognised) answer.</summary>
    public const string AnswerOnlyKey = "assessment.answerOnly";

    /// <summary>Turn-state flag: the dialog already told the user why it stopped.</summary>
    public const string ExplainedKey = "assessment.explained";

    private const string ProgressKey = "progress";

    // An unrecognised message this long is more likely a question or a story than an attempt at an option.
    private const int LongMessageWords = 7;

    private static readonly HashSet<string> BackWords = InterruptionWords.Back.ToHashSet(StringComparer.Ordinal);
    private static readonly HashSet<string> RestartWords = InterruptionWords.Restart.ToHashSet(StringComparer.Ordinal);

    private readonly AssessmentStore _store;
    private readonly AssessmentCards _cards;
    private readonly AssessmentCompletion _completion;

    public AssessmentDialog(AssessmentStore store, AssessmentCards cards, AssessmentCompletion completion)
        : base(DialogId)
    {
        _store = store;
        _cards = cards;
        _completion = completion;
        foreach (var factor in FactorCatalogue.All)
        {
            // The question is rebuilt from the progress when needed, not stored rendered in conversation state.
            AddDialog(new ChoicePrompt(PromptId(factor.Id)) { Style = ListStyle.None, RebuildOptions = RebuildPrompt });
        }

        Interruptions = new InterruptionOptions
        {
            Restart = false,
            BackWords = new HashSet<string>(StringComparer.Ordinal),
            RestartWords = new HashSet<string>(StringComparer.Ordinal),
            HelpText = dc => AssessmentTexts.Get(nameof(AssessmentStrings.DialogHelp), dc.Context.Activity.Locale),
        };
    }

    /// <summary>The progress held by an assessment instance on the stack.</summary>
    public static AssessmentProgress? ProgressOf(DialogInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.State[ProgressKey]?.Deserialize(AssessmentJsonContext.Default.AssessmentProgress);
    }

    /// <summary>
    /// Begin options: <c>fresh</c> discards an unfinished assessment instead of resuming it; <paramref name="known"/> are
    /// answers already read from the user's description (a fresh assessment that asks only the other questions).
    /// </summary>
    public static JsonObject Options(bool fresh, AssessmentAnswers? known = null) => known is { AnsweredCount: > 0 }
        ? new() { ["fresh"] = true, ["known"] = JsonSerializer.SerializeToNode(known, AssessmentJsonContext.Default.AssessmentAnswers) }
        : new() { ["fresh"] = fresh };

    protected override async Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, JsonNode? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        var turn = innerDc.Context;
        var fresh = options?["fresh"] is JsonValue v && v.TryGetValue<bool>(out var f) && f;
        var stored = fresh ? null : await _store.GetProgressAsync(turn, cancellationToken);
        var progress = _completion.NewProgress();
        if (options?["known"]?.Deserialize(AssessmentJsonContext.Default.AssessmentAnswers) is { AnsweredCount: > 0 } known)
        {
            progress = progress.WithKnown(known);
            if (progress.IsComplete)
            {
                return await FinishAsync(innerDc, progress, cancellationToken);
            }
        }
        else if (stored is { IsComplete: false, Step: > 0 })
        {
            progress = stored with { Revision = stored.Revision + 1 };
            await SendAsync(turn, nameof(AssessmentStrings.ResumeNotice), cancellationToken, progress.Step + 1, FactorCatalogue.All.Count);
        }

        return await AskAsync(innerDc, progress, cancellationToken);
    }

    protected override async Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        var turn = innerDc.Context;
        var instance = Instance(innerDc);
        var stored = await _store.GetProgressAsync(turn, cancellationToken);
        var progress = ProgressOf(instance) ?? stored ?? _completion.NewProgress();

        // The user went on in another conversation (or restarted there): continue from that copy.
        if (stored is { IsComplete: false } && (stored.Id != progress.Id || stored.Revision > progress.Revision))
        {
            await innerDc.CancelAllDialogsAsync(cancellationToken);
            await SendAsync(turn, nameof(AssessmentStrings.AlreadyRunning), cancellationToken, stored.Step + 1, FactorCatalogue.All.Count);
            return await AskAsync(innerDc, stored, cancellationToken);
        }

        if (!turn.Activity.IsType(ActivityTypes.Message))
        {
            return await base.OnContinueDialogAsync(innerDc, cancellationToken);
        }

        var text = TextMatching.Fold(turn.Activity.Text);
        if (BackWords.Contains(text))
        {
            if (progress.Step == 0)
            {
                await SendAsync(turn, nameof(AssessmentStrings.FirstQuestion), cancellationToken);
                await innerDc.RepromptDialogAsync(cancellationToken);
                return EndOfTurn;
            }

            await innerDc.CancelAllDialogsAsync(cancellationToken);
            var back = progress.Back();
            await SendAsync(turn, nameof(AssessmentStrings.WentBack), cancellationToken, back.Step + 1, FactorCatalogue.All.Count);
            return await AskAsync(innerDc, back, cancellationToken);
        }

        if (RestartWords.Contains(text))
        {
            await innerDc.CancelAllDialogsAsync(cancellationToken);
            await SendAsync(turn, nameof(AssessmentStrings.Restarted), cancellationToken, FactorCatalogue.All.Count);
            return await AskAsync(innerDc, progress.Restart(), cancellationToken);
        }

        if (AnswerChoices.IsSkip(turn.Activity.Text))
        {
            await innerDc.CancelAllDialogsAsync(cancellationToken);
            return await RecordAsync(innerDc, progress, null, cancellationToken);
        }

        if (!turn.TurnState.TryGet<bool>(AnswerOnlyKey, out _) && Digressing(turn.Activity.Text, progress, turn.Activity.Locale) is { } digression)
        {
            // Left untouched (no attempt counted): the caller hands the turn on and asks this question again.
            turn.TurnState.Set(DigressionKey, digression);
            return EndOfTurn;
        }

        var result = await base.OnContinueDialogAsync(innerDc, cancellationToken);

        if (result.Status != DialogTurnStatus.Complete)
        {
            return result;
        }

        if (result.Result?.Deserialize(DialogJsonContext.Default.FoundChoice) is not { } found)
        {
            // The prompt gave up after its attempts: keep the answers, step aside, say how to come back.
            await SendAsync(turn, nameof(AssessmentStrings.Paused), cancellationToken, progress.Step + 1, FactorCatalogue.All.Count);
            turn.TurnState.Set(ExplainedKey, true);
            return new DialogTurnResult(DialogTurnStatus.Cancelled);
        }

        // A typed answer is echoed, so that a loose phrase ("mamy ich mało") visibly lands on the right option;
        // a button click needs no echo (the clicked card already shows the answer).
        if (!string.IsNullOrWhiteSpace(turn.Activity.Text))
        {
            var factor = FactorCatalogue.Get(progress.CurrentFactor);
            await SendAsync(turn, nameof(AssessmentStrings.TypedAnswer), cancellationToken, factor.Label.Get(turn.Activity.Locale), factor.Options[found.Index].Title.Get(turn.Activity.Locale));
        }

        return await RecordAsync(innerDc, progress, found.Index, cancellationToken);
    }

    private async Task<DialogTurnResult> RecordAsync(DialogContext innerDc, AssessmentProgress progress, int? index, CancellationToken cancellationToken)
    {
        var next = progress.Answer(index);
        return next.IsComplete ? await FinishAsync(innerDc, next, cancellationToken) : await AskAsync(innerDc, next, cancellationToken);
    }

    private async Task<DialogTurnResult> FinishAsync(DialogContext innerDc, AssessmentProgress done, CancellationToken cancellationToken)
    {
        var turn = innerDc.Context;
        Write(Instance(innerDc), done);
        var record = await _completion.CompleteAsync(turn, done.Id, done.Answers, AssessmentCompletion.StepsMode, cancellationToken);
        await turn.SendActivityAsync(AssessmentCards.Message(_cards.Recommendation(record, turn.Activity.Locale)), cancellationToken);
        return new DialogTurnResult(DialogTurnStatus.Complete);
    }

    private async Task<DialogTurnResult> AskAsync(DialogContext innerDc, AssessmentProgress progress, CancellationToken cancellationToken)
    {
        var turn = innerDc.Context;
        Write(Instance(innerDc), progress);
        await _store.SetProgressAsync(turn, progress, cancellationToken);
        return await innerDc.PromptAsync(PromptId(progress.CurrentFactor), BuildOptions(progress, turn.Activity.Locale), cancellationToken);
    }

    // The prompt of the question the progress is at: from the assessment instance on the parent stack.
    private PromptOptions RebuildPrompt(DialogContext promptDc) =>
        promptDc.Parent?.ActiveDialog is { Id: DialogId } instance && ProgressOf(instance) is { IsComplete: false } progress
            ? BuildOptions(progress, promptDc.Context.Activity.Locale)
            : new PromptOptions();

    private PromptOptions BuildOptions(AssessmentProgress progress, string? locale)
    {
        var factor = FactorCatalogue.Get(progress.CurrentFactor);
        var choices = AnswerChoices.For(factor, AssessmentLocales.Normalize(locale));
        var numbered = string.Join(", ", choices.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {c.Title}")));
        var help = AssessmentTexts.Format(nameof(AssessmentStrings.QuestionHelp), locale,
            factor.Question.Get(locale),
            factor.Hint.Get(locale),
            string.Join('\n', factor.Options.Select((o, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {o.Title.Get(locale)}: {o.Hint.Get(locale)}"))));

        return new PromptOptions
        {
            Prompt = AssessmentCards.Message(_cards.Question(progress, locale)),
            RetryPrompt = Activity.CreateMessageActivity(AssessmentTexts.Format(nameof(AssessmentStrings.Retry), locale, numbered)),
            Choices = choices,
            HelpText = help,
            MaxAttempts = 3,
            Style = ListStyle.None,
            Validations = new JsonObject { ["step"] = progress.Step + 1, ["total"] = FactorCatalogue.All.Count },
        };
    }

    /// <summary>
    /// Null when the typed text answers the question. Options win: an exact option (number, title, synonym) always, a
    /// partial one ("mamy sporo migrantów") unless the message reads as a question of its own ("jaka jest rola NGO?" names
    /// an option at the leader question, yet asks something else).
    /// </summary>
    internal static string? Digressing(string? text, AssessmentProgress progress, string? locale)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var factor = FactorCatalogue.Get(progress.CurrentFactor);
        var found = ChoicePrompt.Recognize(text, AnswerChoices.For(factor, AssessmentLocales.Normalize(locale)));
        if (found is { Score: >= 1.0 })
        {
            return null;
        }

        if (Digression.IsQuestion(text))
        {
            return QuestionDigression;
        }

        if (found is not null)
        {
            return null;
        }

        return Digression.WordCount(text) >= LongMessageWords ? QuestionDigression : OtherDigression;
    }

    private static DialogInstance Instance(DialogContext innerDc) =>
        innerDc.Parent?.ActiveDialog ?? throw new InvalidOperationException("The assessment dialog runs as a component on a stack.");

    private static void Write(DialogInstance instance, AssessmentProgress progress) =>
        instance.State[ProgressKey] = JsonSerializer.SerializeToNode(progress, AssessmentJsonContext.Default.AssessmentProgress);

    private static string PromptId(FactorId factor) => "assessment.q." + FactorCatalogue.Get(factor).Key;

    private static Task SendAsync(ITurnContext turn, string text, CancellationToken cancellationToken, params object?[] args) =>
        turn.SendActivityAsync(AssessmentTexts.Format(text, turn.Activity.Locale, args), cancellationToken);
}
