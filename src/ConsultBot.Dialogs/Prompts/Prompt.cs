using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ConsultBot.Dialogs.Localization;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// Base of the prompts: asks (<see cref="OnPromptAsync"/>), recognizes the answer (<see cref="OnRecognizeAsync"/>), validates it,
/// and ends with the typed value as JSON. Only <c>message</c> activities are recognized. An invalid answer increments the
/// attempt count and sends the retry prompt (unless the validator already replied); after <see cref="PromptOptions.MaxAttempts"/>
/// invalid answers the prompt ends with reason <see cref="DialogReason.MaxAttemptsExceeded"/> and a null result.
/// </summary>
public abstract class Prompt<T> : Dialog
{
    private const string OptionsKey = "options";
    private const string AttemptKey = "attemptCount";
    private const string NonceKey = "nonce";

    private readonly JsonTypeInfo<T> _valueTypeInfo;
    private readonly PromptValidator<T>? _validator;

    /// <summary>Creates a prompt whose value is serialized with <paramref name="valueTypeInfo"/>.</summary>
    protected Prompt(string dialogId, JsonTypeInfo<T> valueTypeInfo, PromptValidator<T>? validator)
        : base(dialogId)
    {
        ArgumentNullException.ThrowIfNull(valueTypeInfo);
        _valueTypeInfo = valueTypeInfo;
        _validator = validator;
    }

    /// <summary>
    /// Rebuilds the options from what the dialogs keep (the parent's step and answers) whenever the prompt needs them
    /// after the turn that began it: a retry, a reprompt, recognising the answer, help. When set, the prompt's state is
    /// only its attempt count and nonce, not the rendered question, retry prompt, choices and help: a question card is
    /// several KB and conversation state is read and written on every turn. The rebuilt question should be the one that
    /// was asked (the same parent state gives the same card), in the language of the current turn.
    /// </summary>
    public Func<DialogContext, PromptOptions>? RebuildOptions { get; init; }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var state = dc.ActiveDialog!.State;
        var node = options ?? new JsonObject();

        // Begun again without options (a restart of the step): the rebuilt ones.
        var promptOptions = options is null && RebuildOptions is { } rebuild
            ? rebuild(dc)
            : node.Deserialize(DialogJsonContext.Default.PromptOptions) ?? new PromptOptions();
        ValidateOptions(promptOptions);
        if (RebuildOptions is null)
        {
            state[OptionsKey] = node;
        }

        state[AttemptKey] = 0;

        // Card buttons carry this, so a click on an older card is not taken as an answer to this question.
        state[NonceKey] = Guid.NewGuid().ToString("N")[..12];
        await OnPromptAsync(dc.Context, state, promptOptions, isRetry: false, cancellationToken);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        if (!dc.Context.Activity.IsType(ActivityTypes.Message))
        {
            return EndOfTurn;
        }

        var state = dc.ActiveDialog!.State;
        var options = ReadOptions(dc, state);
        var attempt = (state[AttemptKey]?.GetValue<int>() ?? 0) + 1;
        state[AttemptKey] = attempt;

        var recognized = await OnRecognizeAsync(dc.Context, state, options, cancellationToken);
        var valid = _validator is null
            ? recognized.Succeeded
            : await _validator(new PromptValidatorContext<T>(dc.Context, recognized, options, attempt), cancellationToken);
        if (valid)
        {
            return await dc.EndDialogAsync(JsonSerializer.SerializeToNode(recognized.Value!, _valueTypeInfo), cancellationToken);
        }

        if (options.MaxAttempts > 0 && attempt >= options.MaxAttempts)
        {
            return await dc.EndActiveDialogAsync(DialogReason.MaxAttemptsExceeded, null, cancellationToken);
        }

        if (!dc.Context.Responded)
        {
            await OnPromptAsync(dc.Context, state, options, isRetry: true, cancellationToken);
        }

        return EndOfTurn;
    }

    /// <summary>Something started on top of the prompt ended: ask again.</summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, JsonNode? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        await RepromptDialogAsync(dc, dc.ActiveDialog!, cancellationToken);
        return EndOfTurn;
    }

    public override Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        ArgumentNullException.ThrowIfNull(instance);
        return OnPromptAsync(dc.Context, instance.State, ReadOptions(dc, instance.State), isRetry: false, cancellationToken);
    }

    /// <summary>Sends the question (or the retry prompt), rendered by <see cref="RenderPrompt"/>.</summary>
    protected virtual async Task OnPromptAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var activity = isRetry ? options.RetryPrompt ?? DefaultRetry(turnContext, options.Prompt) : options.Prompt;
        if (activity is null)
        {
            return;
        }

        await turnContext.SendActivityAsync(RenderPrompt(turnContext, activity, options, state[NonceKey]?.GetValue<string>()), cancellationToken);
    }

    /// <summary>Adds what the prompt shows besides the text (choices as buttons, …). <paramref name="activity"/> is a fresh copy.</summary>
    protected virtual Activity RenderPrompt(ITurnContext turnContext, Activity activity, PromptOptions options, string? nonce) => activity;

    /// <summary>Recognizes the answer in the incoming message.</summary>
    protected abstract Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken cancellationToken);

    /// <summary>Checks the options at begin (a choice prompt needs choices).</summary>
    protected virtual void ValidateOptions(PromptOptions options)
    {
    }

    /// <summary>The nonce that card buttons of this prompt instance carry.</summary>
    protected static string? GetNonce(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state[NonceKey]?.GetValue<string>();
    }

    // Null for prompts defined outside this assembly: their retry is the question again.
    internal virtual string? RetryHint(DialogStrings strings) => null;

    internal override string? GetHelpText(DialogContext dc, DialogInstance instance) => ReadOptions(dc, instance.State).HelpText;

    private PromptOptions ReadOptions(DialogContext dc, JsonObject state) =>
        state[OptionsKey] is { } stored
            ? stored.Deserialize(DialogJsonContext.Default.PromptOptions) ?? new PromptOptions()
            : RebuildOptions?.Invoke(dc) ?? new PromptOptions();

    private Activity DefaultRetry(ITurnContext turnContext, Activity? prompt)
    {
        var hint = RetryHint(DialogStrings.For(DialogLocale.Resolve(turnContext.Activity.Locale)));
        if (prompt is null)
        {
            return Activity.CreateMessageActivity(hint);
        }

        if (hint is null)
        {
            return prompt;
        }

        prompt.Text = string.IsNullOrWhiteSpace(prompt.Text) ? hint : $"{hint}\n\n{prompt.Text}";
        return prompt;
    }
}
