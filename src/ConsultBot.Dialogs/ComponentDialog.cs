using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsultBot.Dialogs;

/// <summary>
/// A dialog made of dialogs: an inner <see cref="DialogSet"/> and an inner stack kept in its own instance state (key
/// <c>"dialogs"</c>), started from <see cref="InitialDialogId"/> (the first dialog added). When the inner stack completes, the
/// component ends with its result; when it is cancelled, the cancellation propagates to the outer stack.
/// Interruptions are handled by the inner dialogs (waterfalls) by default; set <see cref="Dialog.Interruptions"/> to
/// handle them at component level, or override <see cref="OnContinueDialogAsync"/> for custom ones (check the text and call
/// <see cref="DialogContext.CancelAllDialogsAsync"/> before calling the base).
/// </summary>
public class ComponentDialog : Dialog
{
    private const string DialogsKey = "dialogs";
    private readonly DialogSet _dialogs = new();

    /// <summary>Creates an empty component; add its dialogs with <see cref="AddDialog"/>.</summary>
    public ComponentDialog(string dialogId)
        : base(dialogId)
    {
    }

    /// <summary>The inner dialog begun first; defaults to the first one added.</summary>
    public string? InitialDialogId { get; set; }

    /// <summary>Adds an inner dialog (prompts included).</summary>
    public ComponentDialog AddDialog(Dialog dialog)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        _dialogs.Add(dialog);
        InitialDialogId ??= dialog.Id;
        return this;
    }

    /// <summary>Finds an inner dialog.</summary>
    public Dialog? FindDialog(string dialogId) => _dialogs.Find(dialogId);

    /// <summary>Changes when any inner dialog changes, so a changed inner definition restarts the whole component.</summary>
    public override string GetVersion() => $"{Id}:{_dialogs.GetVersion()}";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var instance = dc.ActiveDialog!;
        instance.State["options"] = options?.DeepClone();
        var inner = CreateInnerContext(dc, instance, persist: true);
        var result = await OnBeginDialogAsync(inner, options, cancellationToken);
        return await EndComponentIfDoneAsync(dc, result, cancellationToken);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var inner = CreateInnerContext(dc, dc.ActiveDialog!, persist: true);
        var result = await OnContinueDialogAsync(inner, cancellationToken);
        return await EndComponentIfDoneAsync(dc, result, cancellationToken);
    }

    /// <summary>Something the component started on the outer stack ended: ask the inner dialog again.</summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonNode? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        await RepromptDialogAsync(dc, dc.ActiveDialog!, cancellationToken);
        return EndOfTurn;
    }

    public override Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken) =>
        CreateInnerContext(dc, instance, persist: true).RepromptDialogAsync(cancellationToken);

    public override async Task EndDialogAsync(DialogContext dc, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken)
    {
        if (reason == DialogReason.CancelCalled)
        {
            await CreateInnerContext(dc, instance, persist: true).CancelAllDialogsAsync(cancellationToken);
        }
    }

    /// <summary>Begins the inner stack. Default: <see cref="InitialDialogId"/> with the component's options.</summary>
    protected virtual Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, JsonNode? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        var initial = InitialDialogId ?? throw new InvalidOperationException($"Component dialog '{Id}' has no dialogs; call AddDialog first.");
        return innerDc.BeginDialogAsync(initial, options, cancellationToken);
    }

    /// <summary>Continues the inner stack: the override point for custom interruptions.</summary>
    protected virtual Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        return innerDc.ContinueDialogAsync(cancellationToken);
    }

    internal override string? GetHelpText(DialogContext dc, DialogInstance instance)
    {
        var inner = CreateInnerContext(dc, instance, persist: false);
        return inner.ActiveDialog is { } active ? inner.FindDialog(active.Id)?.GetHelpText(inner, active) : null;
    }

    internal override async Task<DialogTurnResult?> GoBackAsync(DialogContext dc, int index, CancellationToken cancellationToken)
    {
        // Component-level "wstecz": the nearest inner dialog that can go back does.
        var inner = CreateInnerContext(dc, dc.Stack[index], persist: true);
        for (var i = 0; i < inner.Stack.Count; i++)
        {
            if (inner.FindDialog(inner.Stack[i].Id) is { } dialog && await dialog.GoBackAsync(inner, i, cancellationToken) is { } result)
            {
                return await EndComponentIfDoneAsync(dc, result, cancellationToken);
            }
        }

        return null;
    }

    internal override bool HasInnerInterruption(DialogContext dc, DialogInstance instance) =>
        InterruptionHandler.Find(CreateInnerContext(dc, instance, persist: false)).Kind != InterruptionKind.None;

    private DialogContext CreateInnerContext(DialogContext dc, DialogInstance instance, bool persist)
    {
        var state = instance.State[DialogsKey] is JsonObject stored
            ? stored.Deserialize(DialogJsonContext.Default.DialogState) ?? new DialogState()
            : new DialogState();
        return new DialogContext(_dialogs, dc.Context, state, dc, ct =>
        {
            if (persist)
            {
                instance.State[DialogsKey] = JsonSerializer.SerializeToNode(state, DialogJsonContext.Default.DialogState);
            }

            return Task.CompletedTask;
        });
    }

    private static async Task<DialogTurnResult> EndComponentIfDoneAsync(DialogContext outer, DialogTurnResult inner, CancellationToken cancellationToken) => inner.Status switch
    {
        DialogTurnStatus.Waiting => inner,
        DialogTurnStatus.Cancelled => await outer.CancelAllDialogsAsync(cancellationToken),
        _ => await outer.EndDialogAsync(inner.Result, cancellationToken),
    };
}
