using System.Text.Json.Nodes;
using ConsultBot.Dialogs.Localization;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// Asks for a number; the result is a <see cref="decimal"/>. Understands "3", "3,5", "3.5", "1 000", "około 25" and small
/// numbers in words ("trzy", "three"). Use a validator for ranges.
/// </summary>
public sealed class NumberPrompt(string dialogId, PromptValidator<decimal>? validator = null)
    : Prompt<decimal>(dialogId, DialogJsonContext.Default.Decimal, validator)
{
    protected override Task<PromptRecognizerResult<decimal>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var value = NumberRecognizer.Recognize(turnContext.Activity.Text, DialogLocale.Resolve(turnContext.Activity.Locale));
        return Task.FromResult(value is { } v ? new PromptRecognizerResult<decimal>(true, v) : PromptRecognizerResult<decimal>.Failed);
    }

    internal override string RetryHint(DialogStrings strings) => strings.NumberRetry;
}
