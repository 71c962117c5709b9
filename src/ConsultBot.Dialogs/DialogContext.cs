using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Dialogs.Localization;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Telemetry;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// The dialog stack of one turn, with the operations of the Bot Framework SDK (begin, continue, end, replace,
/// cancel-all, reprompt, prompt). Every operation writes the stack back to its state property, so the caller only
/// has to save the conversation state at the end of the turn.
/// </summary>
public sealed class DialogContext
{
    private readonly DialogState _state;
    private readonly Func<CancellationToken, Task> _persist;

    internal DialogContext(DialogSet dialogs, ITurnContext turnContext, DialogState state, DialogContext? parent, Func<CancellationToken, Task> persist)
    {
        Dialogs = dialogs;
        Context = turnContext;
        _state = state;
        Parent = parent;
        _persist = persist;
    }

    /// <summary>The turn.</summary>
    public ITurnContext Context { get; }

    /// <summary>The dialogs this context can start (the parent's are found too).</summary>
    public DialogSet Dialogs { get; }

    /// <summary>The context of the component dialog that owns this (inner) stack, or null for the root.</summary>
    public DialogContext? Parent { get; }

    /// <summary>The stack; index 0 is the active dialog.</summary>
    public IReadOnlyList<DialogInstance> Stack => _state.DialogStack;

    /// <summary>The active (top) dialog instance, or null when the stack is empty.</summary>
    public DialogInstance? ActiveDialog => _state.DialogStack.Count > 0 ? _state.DialogStack[0] : null;

    /// <summary>"en" when the activity's locale starts with <c>en</c>, otherwise "pl" (the default).</summary>
    public string Locale => DialogLocale.Resolve(Context.Activity.Locale);

    /// <summary>The culture of <see cref="Locale"/>, for the caller's own resources (never the thread culture).</summary>
    public CultureInfo Culture => DialogLocale.CultureOf(Locale);

    /// <summary>Finds a dialog in this set, then in the parents' sets.</summary>
    public Dialog? FindDialog(string dialogId) => Dialogs.Find(dialogId) ?? Parent?.FindDialog(dialogId);

    /// <summary>Pushes the dialog and begins it.</summary>
    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, JsonNode? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dialogId);
        var dialog = FindDialog(dialogId) ?? throw NotFound(dialogId);
        using var span = ConsultBotTelemetry.Start("consultbot.dialog.begin");
        span?.SetTag("consultbot.dialog.id", dialogId);
        _state.DialogStack.Insert(0, new DialogInstance(dialogId, []) { Version = dialog.GetVersion() });

        // Options end up inside persisted state, so they must not belong to another JSON tree.
        var result = await dialog.BeginDialogAsync(this, options?.DeepClone(), cancellationToken);
        await _persist(cancellationToken);
        return result;
    }

    /// <summary>Begins a prompt dialog with the given options.</summary>
    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BeginDialogAsync(dialogId, JsonSerializer.SerializeToNode(options, DialogJsonContext.Default.PromptOptions), cancellationToken);
    }

    /// <summary>
    /// Hands the incoming activity to the active dialog. Before that, a dialog whose definition changed since it began is
    /// restarted, and interruptions ("anuluj", "pomoc", "wstecz", "od nowa") are handled by the dialog that owns them.
    /// Returns <see cref="DialogTurnStatus.Empty"/> when no dialog is active.
    /// </summary>
    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken cancellationToken)
    {
        if (ActiveDialog is null)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }

        var result = await RestartChangedDialogsAsync(cancellationToken);
        if (result is null && Context.Activity.IsType(ActivityTypes.Message))
        {
            result = await InterruptionHandler.TryHandleAsync(this, cancellationToken);
        }

        if (result is null)
        {
            var active = ActiveDialog!;
            var dialog = FindDialog(active.Id) ?? throw NotFound(active.Id);
            using var span = ConsultBotTelemetry.Start("consultbot.dialog.continue");
            span?.SetTag("consultbot.dialog.id", active.Id);
            result = await dialog.ContinueDialogAsync(this, cancellationToken);
        }

        await _persist(cancellationToken);
        return result;
    }

    /// <summary>Ends the active dialog and resumes the one below it with <paramref name="result"/>.</summary>
    public Task<DialogTurnResult> EndDialogAsync(JsonNode? result, CancellationToken cancellationToken) =>
        EndActiveDialogAsync(DialogReason.EndCalled, result, cancellationToken);

    /// <summary>Ends the active dialog without resuming the one below and begins another in its place.</summary>
    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, JsonNode? options, CancellationToken cancellationToken)
    {
        if (ActiveDialog is not null)
        {
            await PopAsync(DialogReason.ReplaceCalled, cancellationToken);
        }

        return await BeginDialogAsync(dialogId, options, cancellationToken);
    }

    /// <summary>Ends every dialog on this stack; <see cref="DialogTurnStatus.Cancelled"/> if there was any.</summary>
    public async Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken cancellationToken)
    {
        if (ActiveDialog is null)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }

        while (ActiveDialog is not null)
        {
            await PopAsync(DialogReason.CancelCalled, cancellationToken);
        }

        await _persist(cancellationToken);
        return new DialogTurnResult(DialogTurnStatus.Cancelled);
    }

    /// <summary>Asks the active dialog to prompt again.</summary>
    public async Task RepromptDialogAsync(CancellationToken cancellationToken)
    {
        if (ActiveDialog is { } active && FindDialog(active.Id) is { } dialog)
        {
            await dialog.RepromptDialogAsync(this, active, cancellationToken);
            await _persist(cancellationToken);
        }
    }

    internal async Task<DialogTurnResult> EndActiveDialogAsync(DialogReason reason, JsonNode? result, CancellationToken cancellationToken)
    {
        if (ActiveDialog is not null)
        {
            await PopAsync(reason, cancellationToken);
        }

        DialogTurnResult turnResult;
        if (ActiveDialog is { } parent)
        {
            var dialog = FindDialog(parent.Id) ?? throw NotFound(parent.Id);
            turnResult = await dialog.ResumeDialogAsync(this, reason, result?.DeepClone(), cancellationToken);
        }
        else
        {
            turnResult = new DialogTurnResult(DialogTurnStatus.Complete, result);
        }

        await _persist(cancellationToken);
        return turnResult;
    }

    /// <summary>Ends (as cancelled) the dialogs above stack position <paramref name="count"/>, i.e. the top <paramref name="count"/> entries.</summary>
    internal async Task EndDialogsAboveAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count && ActiveDialog is not null; i++)
        {
            await PopAsync(DialogReason.CancelCalled, cancellationToken);
        }
    }

    internal Task SendAsync(string text, CancellationToken cancellationToken) => Context.SendActivityAsync(text, cancellationToken);

    private async Task PopAsync(DialogReason reason, CancellationToken cancellationToken)
    {
        var instance = _state.DialogStack[0];
        _state.DialogStack.RemoveAt(0);
        if (FindDialog(instance.Id) is { } dialog)
        {
            await dialog.EndDialogAsync(this, instance, reason, cancellationToken);
        }
    }

    // The outermost changed dialog restarts; everything it had started goes with it.
    private async Task<DialogTurnResult?> RestartChangedDialogsAsync(CancellationToken cancellationToken)
    {
        for (var i = Stack.Count - 1; i >= 0; i--)
        {
            var instance = Stack[i];
            var dialog = FindDialog(instance.Id);
            if (dialog is not null && string.Equals(dialog.GetVersion(), instance.Version, StringComparison.Ordinal))
            {
                continue;
            }

            await SendAsync(DialogStrings.For(Locale).DefinitionChanged, cancellationToken);
            if (dialog is null)
            {
                // Removed from the bot altogether: drop it and what it started; restart whatever was waiting on it.
                _state.DialogStack.RemoveRange(0, i + 1);
                if (ActiveDialog is { } below && FindDialog(below.Id) is { } belowDialog)
                {
                    return await belowDialog.RestartAsync(this, 0, cancellationToken);
                }

                return new DialogTurnResult(DialogTurnStatus.Empty);
            }

            var options = dialog.GetBeginOptions(instance);
            await EndDialogsAboveAsync(i, cancellationToken);

            // The stale instance is dropped without its end hook: its state may not even bind to the new definition.
            _state.DialogStack.RemoveAt(0);
            return await BeginDialogAsync(dialog.Id, options, cancellationToken);
        }

        return null;
    }

    private static InvalidOperationException NotFound(string dialogId) => new(
        $"Dialog '{dialogId}' was not found. Add it to the DialogSet (prompts too), or put the waterfall and its prompts in a ComponentDialog.");
}
