using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ConsultBot.Dialogs.Localization;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Dialogs;

/// <summary>
/// A sequence of steps with typed state <typeparamref name="TState"/> (a record serialized with the given
/// <see cref="JsonTypeInfo{T}"/>, never an object bag). Persisted: the step index, the typed state, the options, and a
/// per-step snapshot so "wstecz" can restore the state as it was. The definition version is the step count plus a hash of
/// the step names: a waterfall changed by a deployment restarts from its first step with a short explanation.
/// Interruptions are on by default (<see cref="InterruptionOptions.Default"/>); set <see cref="Dialog.Interruptions"/> to change them.
/// Name steps (<see cref="AddStep(string, WaterfallStep{TState})"/>) so that the version does not depend on compiler-generated lambda names.
/// </summary>
public class WaterfallDialog<TState> : Dialog
{
    internal const string OptionsKey = "options";
    internal const string ValuesKey = "values";
    private const string StateKey = "state";
    private const string StepIndexKey = "stepIndex";
    private const string HistoryKey = "history";

    private readonly List<(string Name, WaterfallStep<TState> Step)> _steps = [];
    private readonly JsonTypeInfo<TState> _stateTypeInfo;
    private readonly Func<JsonNode?, TState>? _initialState;

    // Checked against every stacked instance each turn; the steps change only through AddStep, which clears it.
    private string? _version;

    /// <summary>
    /// Creates a waterfall. <paramref name="initialState"/> gets the begin options; without it the state starts as the
    /// deserialization of <c>{}</c> (a record whose parameters all have defaults).
    /// </summary>
    public WaterfallDialog(string dialogId, JsonTypeInfo<TState> stateTypeInfo, IEnumerable<WaterfallStep<TState>>? steps = null, Func<JsonNode?, TState>? initialState = null)
        : base(dialogId)
    {
        ArgumentNullException.ThrowIfNull(stateTypeInfo);
        _stateTypeInfo = stateTypeInfo;
        _initialState = initialState;
        Interruptions = InterruptionOptions.Default;
        foreach (var step in steps ?? [])
        {
            AddStep(step);
        }
    }

    /// <summary>The step names, in order.</summary>
    public IReadOnlyList<string> StepNames => [.. _steps.Select(s => s.Name)];

    /// <summary>What happens when a prompt of this waterfall gives up after its maximum attempts.</summary>
    public PromptFailureBehavior OnPromptFailure { get; set; } = PromptFailureBehavior.CancelWithExplanation;

    /// <summary>Adds a step named after its method.</summary>
    public WaterfallDialog<TState> AddStep(WaterfallStep<TState> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return AddStep(step.Method.Name, step);
    }

    /// <summary>Adds a named step (the name is part of the definition version).</summary>
    public WaterfallDialog<TState> AddStep(string name, WaterfallStep<TState> step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(step);
        _steps.Add((name, step));
        _version = null;
        return this;
    }

    /// <summary><c>{Id}:{step count}:{hash of step names}</c>.</summary>
    public override string GetVersion() => _version ??= ComputeVersion();

    private string ComputeVersion()
    {
        var names = string.Join('\n', _steps.Select(s => s.Name));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(names)))[..12];
        return $"{Id}:{_steps.Count}:{hash}";
    }

    public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var instance = dc.ActiveDialog!;
        Reset(instance, options);
        return RunStepAsync(dc, instance, 0, DialogReason.BeginCalled, null, cancellationToken);
    }

    /// <summary>A message while the waterfall itself waits (a step returned EndOfTurn): its text goes to the next step.</summary>
    public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return dc.Context.Activity.IsType(ActivityTypes.Message)
            ? ResumeDialogAsync(dc, DialogReason.ContinueCalled, dc.Context.Activity.Text is { } text ? JsonValue.Create(text) : null, cancellationToken)
            : Task.FromResult(EndOfTurn);
    }

    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonNode? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var instance = dc.ActiveDialog!;
        if (reason == DialogReason.MaxAttemptsExceeded && OnPromptFailure == PromptFailureBehavior.CancelWithExplanation)
        {
            await dc.SendAsync(DialogStrings.For(dc.Locale).TooManyAttempts, cancellationToken);
            return await dc.CancelAllDialogsAsync(cancellationToken);
        }

        return await RunStepAsync(dc, instance, StepIndex(instance) + 1, reason, result, cancellationToken);
    }

    internal async Task<DialogTurnResult> RunStepAsync(DialogContext dc, DialogInstance instance, int index, DialogReason reason, JsonNode? result, CancellationToken cancellationToken)
    {
        if (index >= _steps.Count)
        {
            // Past the last step: end with the last result.
            return await dc.EndDialogAsync(result, cancellationToken);
        }

        instance.State[StepIndexKey] = index;
        var history = History(instance);
        while (history.Count > index)
        {
            history.RemoveAt(history.Count - 1);
        }

        history.Add(new JsonObject
        {
            [StateKey] = instance.State[StateKey]?.DeepClone(),
            [ValuesKey] = instance.State[ValuesKey]?.DeepClone(),
            ["result"] = result?.DeepClone(),
            ["reason"] = reason.ToString(),
        });

        var step = new WaterfallStepContext<TState>(this, dc, instance, index, reason, result);
        var turnResult = await _steps[index].Step(step, cancellationToken);

        // Only steps that actually asked something are places "wstecz" can return to.
        if (turnResult.Status == DialogTurnStatus.Waiting && StepIndex(instance) == index && history.Count > index)
        {
            ((JsonObject)history[index]!)["waited"] = true;
        }

        return turnResult;
    }

    internal TState ReadState(DialogInstance instance)
    {
        if (instance.State[StateKey] is { } node && node.Deserialize(_stateTypeInfo) is { } state)
        {
            return state;
        }

        return CreateInitialState(instance.State[OptionsKey]);
    }

    internal void WriteState(DialogInstance instance, TState value) =>
        instance.State[StateKey] = JsonSerializer.SerializeToNode(value, _stateTypeInfo);

    internal override async Task<DialogTurnResult?> GoBackAsync(DialogContext dc, int index, CancellationToken cancellationToken)
    {
        var instance = dc.Stack[index];
        var history = History(instance);
        var current = Math.Min(StepIndex(instance), history.Count);
        var target = -1;
        for (var i = current - 1; i >= 0; i--)
        {
            if (history[i] is JsonObject entry && entry["waited"]?.GetValue<bool>() == true)
            {
                target = i;
                break;
            }
        }

        if (target < 0)
        {
            return null;
        }

        await dc.EndDialogsAboveAsync(index, cancellationToken);
        var snapshot = (JsonObject)history[target]!;
        instance.State[StateKey] = snapshot[StateKey]?.DeepClone();
        instance.State[ValuesKey] = snapshot[ValuesKey]?.DeepClone() ?? new JsonObject();
        var reason = Enum.TryParse<DialogReason>(snapshot["reason"]?.GetValue<string>(), out var r) ? r : DialogReason.BackCalled;
        return await RunStepAsync(dc, instance, target, reason == DialogReason.BeginCalled ? reason : DialogReason.BackCalled, snapshot["result"]?.DeepClone(), cancellationToken);
    }

    internal override async Task<DialogTurnResult> RestartAsync(DialogContext dc, int index, CancellationToken cancellationToken)
    {
        await dc.EndDialogsAboveAsync(index, cancellationToken);
        var instance = dc.ActiveDialog!;
        Reset(instance, instance.State[OptionsKey]?.DeepClone());
        return await RunStepAsync(dc, instance, 0, DialogReason.BeginCalled, null, cancellationToken);
    }

    private void Reset(DialogInstance instance, JsonNode? options)
    {
        instance.State.Clear();
        instance.State[OptionsKey] = options;
        instance.State[ValuesKey] = new JsonObject();
        instance.State[HistoryKey] = new JsonArray();
        WriteState(instance, CreateInitialState(options));
    }

    private TState CreateInitialState(JsonNode? options)
    {
        if (_initialState is not null)
        {
            return _initialState(options);
        }

        try
        {
            return JsonSerializer.Deserialize("{}", _stateTypeInfo)
                ?? throw new InvalidOperationException($"Waterfall '{Id}': '{{}}' deserializes to null; pass an initialState factory.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Waterfall '{Id}': {typeof(TState).Name} cannot be created from '{{}}'; give its parameters defaults or pass an initialState factory.", ex);
        }
    }

    private static int StepIndex(DialogInstance instance) => instance.State[StepIndexKey]?.GetValue<int>() ?? 0;

    private static JsonArray History(DialogInstance instance)
    {
        if (instance.State[HistoryKey] is not JsonArray history)
        {
            history = [];
            instance.State[HistoryKey] = history;
        }

        return history;
    }
}
