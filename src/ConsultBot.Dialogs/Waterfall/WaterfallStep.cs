namespace ConsultBot.Dialogs;

/// <summary>
/// One step of a <see cref="WaterfallDialog{TState}"/>. A step either waits for the user (a prompt or
/// <see cref="Dialog.EndOfTurn"/>), moves on (<see cref="WaterfallStepContext{TState}.NextAsync"/>), starts a child dialog,
/// or ends the dialog.
/// </summary>
public delegate Task<DialogTurnResult> WaterfallStep<TState>(WaterfallStepContext<TState> step, CancellationToken cancellationToken);

/// <summary>What a waterfall does when a prompt gave up after its maximum number of attempts.</summary>
public enum PromptFailureBehavior
{
    /// <summary>Explain (localized) and cancel the stack, as if the user had cancelled.</summary>
    CancelWithExplanation,

    /// <summary>Run the next step with a null result; it sees <see cref="WaterfallStepContext{TState}.PromptFailed"/>.</summary>
    NextStep,
}
