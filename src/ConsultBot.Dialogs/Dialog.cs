using System.Text.Json.Nodes;

namespace ConsultBot.Dialogs;

/// <summary>
/// A dialog: a unit of conversation that lives on the dialog stack across turns.
/// Same lifecycle as the Bot Framework SDK (begin, continue, resume after a child, reprompt, end).
/// </summary>
public abstract class Dialog
{
    /// <summary>Creates a dialog with an id unique within its <see cref="DialogSet"/>.</summary>
    protected Dialog(string dialogId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dialogId);
        Id = dialogId;
    }

    /// <summary>A result that says "waiting for the user" (end of turn).</summary>
    public static DialogTurnResult EndOfTurn { get; } = new(DialogTurnStatus.Waiting);

    /// <summary>The dialog id.</summary>
    public string Id { get; }

    /// <summary>
    /// How this dialog reacts to "anuluj", "pomoc", "wstecz" and "od nowa" while it (or a prompt it started) is active.
    /// Null means the dialog does not handle interruptions itself (prompts); the nearest dialog below it on the stack does.
    /// </summary>
    public InterruptionOptions? Interruptions { get; set; }

    /// <summary>Starts the dialog; it is already on the stack as <see cref="DialogContext.ActiveDialog"/>.</summary>
    public abstract Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken);

    /// <summary>The user sent something while this dialog is active. Default: end the dialog.</summary>
    public virtual Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return dc.EndDialogAsync(null, cancellationToken);
    }

    /// <summary>A child dialog ended and this dialog is active again. Default: end with the child's result.</summary>
    public virtual Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonNode? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return dc.EndDialogAsync(result, cancellationToken);
    }

    /// <summary>Asks the user again (after help, a declined cancel, …). <paramref name="dc"/> is the context holding <paramref name="instance"/>.</summary>
    public virtual Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The dialog is leaving the stack (ended, replaced or cancelled).</summary>
    public virtual Task EndDialogAsync(DialogContext dc, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The definition version. A dialog on the stack whose stored version differs (a deployment changed it)
    /// is restarted from the beginning with a short explanation instead of continuing at a step that no longer means the same.
    /// </summary>
    public virtual string GetVersion() => Id;

    /// <summary>The options the dialog was begun with, to begin it again (restart, definition change).</summary>
    internal virtual JsonNode? GetBeginOptions(DialogInstance instance) => instance.State["options"]?.DeepClone();

    /// <summary>Contextual help of the step the dialog is at (prompts: <see cref="PromptOptions.HelpText"/>).</summary>
    internal virtual string? GetHelpText(DialogContext dc, DialogInstance instance) => null;

    /// <summary>Goes back one answered step; null when there is nothing to go back to. <paramref name="instance"/> is at <paramref name="index"/>.</summary>
    internal virtual Task<DialogTurnResult?> GoBackAsync(DialogContext dc, int index, CancellationToken cancellationToken) =>
        Task.FromResult<DialogTurnResult?>(null);

    /// <summary>Starts the dialog at <paramref name="index"/> over (dialogs above it are already gone).</summary>
    internal virtual async Task<DialogTurnResult> RestartAsync(DialogContext dc, int index, CancellationToken cancellationToken)
    {
        var options = GetBeginOptions(dc.Stack[index]);
        await dc.EndDialogsAboveAsync(index + 1, cancellationToken);
        return await dc.BeginDialogAsync(Id, options, cancellationToken);
    }

    /// <summary>Whether an inner stack (component dialogs) claims the current message as an interruption.</summary>
    internal virtual bool HasInnerInterruption(DialogContext dc, DialogInstance instance) => false;
}
