using System.Text.Json.Nodes;
using ConsultBot.Dialogs.Localization;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>Asks for free text; any non-empty message is an answer (trimmed).</summary>
public sealed class TextPrompt(string dialogId, PromptValidator<string>? validator = null)
    : Prompt<string>(dialogId, DialogJsonContext.Default.String, validator)
{
    protected override Task<PromptRecognizerResult<string>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var text = turnContext.Activity.Text?.Trim();
        return Task.FromResult(string.IsNullOrEmpty(text) ? PromptRecognizerResult<string>.Failed : new PromptRecognizerResult<string>(true, text));
    }

    internal override string RetryHint(DialogStrings strings) => strings.TextRetry;
}
