using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>What a waterfall step sees: the typed state, the previous step's result, and the moves it can make.</summary>
public sealed class WaterfallStepContext<TState>
{
    private readonly WaterfallDialog<TState> _dialog;
    private readonly DialogInstance _instance;
    private bool _moved;

    internal WaterfallStepContext(WaterfallDialog<TState> dialog, DialogContext dc, DialogInstance instance, int index, DialogReason reason, JsonNode? result)
    {
        _dialog = dialog;
        DialogContext = dc;
        _instance = instance;
        Index = index;
        Reason = reason;
        Result = result;
    }

    /// <summary>The dialog context (begin other dialogs, cancel, …).</summary>
    public DialogContext DialogContext { get; }

    /// <summary>The turn.</summary>
    public ITurnContext Context => DialogContext.Context;

    /// <summary>The 0-based step index.</summary>
    public int Index { get; }

    /// <summary>The step's name (part of the dialog's definition version).</summary>
    public string StepName => _dialog.StepNames[Index];

    /// <summary>Why this step runs (begin, continue, next, end of a child, back, max attempts of a prompt).</summary>
    public DialogReason Reason { get; }

    /// <summary>The previous prompt gave up (only with <see cref="PromptFailureBehavior.NextStep"/>); <see cref="Result"/> is null.</summary>
    public bool PromptFailed => Reason == DialogReason.MaxAttemptsExceeded;

    /// <summary>The result of the previous step or prompt (a prompt's typed value as JSON, or the message text).</summary>
    public JsonNode? Result { get; }

    /// <summary>The options the dialog was begun with.</summary>
    public JsonNode? Options => _instance.State[WaterfallDialog<TState>.OptionsKey];

    /// <summary>Free-form persisted values; prefer <see cref="State"/>.</summary>
    public JsonObject Values => (JsonObject)_instance.State[WaterfallDialog<TState>.ValuesKey]!;

    /// <summary>The typed state; setting it persists it (records: <c>step.State = step.State with { … }</c>).</summary>
    public TState State
    {
        get => _dialog.ReadState(_instance);
        set => _dialog.WriteState(_instance, value);
    }

    /// <summary>"pl" or "en".</summary>
    public string Locale => DialogContext.Locale;

    /// <summary>The result deserialized with the given metadata (null when there is none).</summary>
    public T? ResultAs<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Result is null ? default : Result.Deserialize(typeInfo);
    }

    /// <summary>
    /// The result as a prompt type: <see cref="string"/>, <see cref="bool"/>, <see cref="decimal"/>, <see cref="int"/>, <see cref="long"/>,
    /// <see cref="double"/>, <see cref="FoundChoice"/>, or an enum (parsed from a choice's value or a text, case-insensitively).
    /// Other types need <see cref="ResultAs{T}(JsonTypeInfo{T})"/>. A value-type result of null reads as its default.
    /// </summary>
    public T? ResultAs<T>()
    {
        if (Result is null)
        {
            return default;
        }

        if (typeof(T).IsEnum)
        {
            var text = Result is JsonObject choice ? choice["value"]?.GetValue<string>() : Result.GetValue<string>();
            return text is not null && Enum.TryParse(typeof(T), text, ignoreCase: true, out var parsed)
                ? (T)parsed
                : throw new InvalidOperationException($"'{text}' is not a {typeof(T).Name}: make the choice values match the enum names.");
        }

        return DialogJsonContext.Default.GetTypeInfo(typeof(T)) is JsonTypeInfo<T> typeInfo
            ? Result.Deserialize(typeInfo)
            : throw new NotSupportedException($"No built-in JSON metadata for {typeof(T).Name}; call ResultAs(JsonTypeInfo<{typeof(T).Name}>).");
    }

    /// <summary>Runs the next step now with <paramref name="result"/> (past the last step the dialog ends with it).</summary>
    public Task<DialogTurnResult> NextAsync(JsonNode? result, CancellationToken cancellationToken)
    {
        Move();
        return _dialog.RunStepAsync(DialogContext, _instance, Index + 1, DialogReason.NextCalled, result, cancellationToken);
    }

    /// <summary>Starts a prompt; its result arrives in the next step's <see cref="Result"/>.</summary>
    public Task<DialogTurnResult> PromptAsync(string promptId, PromptOptions options, CancellationToken cancellationToken)
    {
        Move();
        return DialogContext.PromptAsync(promptId, options, cancellationToken);
    }

    /// <summary>Stores <paramref name="state"/> and starts a prompt.</summary>
    public Task<DialogTurnResult> PromptAsync(string promptId, PromptOptions options, TState state, CancellationToken cancellationToken)
    {
        State = state;
        return PromptAsync(promptId, options, cancellationToken);
    }

    /// <summary>Starts a child dialog; its result arrives in the next step's <see cref="Result"/>.</summary>
    public Task<DialogTurnResult> BeginDialogAsync(string dialogId, JsonNode? options, CancellationToken cancellationToken)
    {
        Move();
        return DialogContext.BeginDialogAsync(dialogId, options, cancellationToken);
    }

    /// <summary>Ends the waterfall with <paramref name="result"/>.</summary>
    public Task<DialogTurnResult> EndDialogAsync(JsonNode? result, CancellationToken cancellationToken)
    {
        Move();
        return DialogContext.EndDialogAsync(result, cancellationToken);
    }

    /// <summary>Waits for the user's next message; it arrives as text in the next step's <see cref="Result"/>.</summary>
    public DialogTurnResult EndOfTurn => Dialog.EndOfTurn;

    // A step that moves twice would run later steps twice.
    private void Move()
    {
        if (_moved)
        {
            throw new InvalidOperationException($"Step '{StepName}' of '{_dialog.Id}' already moved on (next, prompt, begin or end); a step moves once.");
        }

        _moved = true;
    }
}
