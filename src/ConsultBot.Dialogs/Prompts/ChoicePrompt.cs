using System.Text.Json.Nodes;
using ConsultBot.Dialogs.Localization;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// Asks to pick one of <see cref="PromptOptions.Choices"/>; the result is a <see cref="FoundChoice"/>. Accepts a card button
/// click (<c>value: {"choice": "medium"}</c>), the 1-based number ("2", "2.", "nr 2"), the value, title or a synonym
/// (case- and diacritics-insensitive: "sredni" = "Średni"), and an unambiguous part of a title.
/// </summary>
public sealed class ChoicePrompt(string dialogId, PromptValidator<FoundChoice>? validator = null)
    : Prompt<FoundChoice>(dialogId, DialogJsonContext.Default.FoundChoice, validator)
{
    /// <summary>How the options are shown unless <see cref="PromptOptions.Style"/> says otherwise (Auto: card buttons in Teams).</summary>
    public ListStyle Style { get; set; } = ListStyle.Auto;

    /// <summary>The option a typed text selects, as the prompt would recognise it (number, title, synonym, unambiguous part), or null.</summary>
    public static FoundChoice? Recognize(string? text, IReadOnlyList<Choice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return string.IsNullOrWhiteSpace(text) ? null : ChoiceRecognizer.Recognize(new Activity { Type = ActivityTypes.Message, Text = text }, choices, nonce: null);
    }

    protected override Task<PromptRecognizerResult<FoundChoice>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(options);
        var found = ChoiceRecognizer.Recognize(turnContext.Activity, options.Choices ?? [], GetNonce(state));
        return Task.FromResult(found is null ? PromptRecognizerResult<FoundChoice>.Failed : new PromptRecognizerResult<FoundChoice>(true, found));
    }

    protected override Activity RenderPrompt(ITurnContext turnContext, Activity activity, PromptOptions options, string? nonce)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ChoiceRenderer.Render(turnContext, activity, options.Choices ?? [], options.Style ?? Style, nonce);
    }

    protected override void ValidateOptions(PromptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Choices is not { Count: > 0 })
        {
            throw new ArgumentException($"Choice prompt '{Id}' needs PromptOptions.Choices.", nameof(options));
        }
    }

    internal override string RetryHint(DialogStrings strings) => strings.ChoiceRetry;
}
