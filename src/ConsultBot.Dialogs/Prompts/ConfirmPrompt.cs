using System.Text.Json.Nodes;
using ConsultBot.Dialogs.Localization;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// Asks a yes/no question; the result is a <see cref="bool"/>. Understands tak/nie/yes/no and the usual variants
/// (t, n, jasne, oczywiście, pewnie, ok, zgoda, nie teraz, y, yep, nope…), the button numbers 1/2 and button clicks.
/// A lone "no" counts as no only in English conversations (in Polish it is a colloquial yes).
/// </summary>
public sealed class ConfirmPrompt(string dialogId, PromptValidator<bool>? validator = null)
    : Prompt<bool>(dialogId, DialogJsonContext.Default.Boolean, validator)
{
    /// <summary>How the yes/no buttons are shown unless <see cref="PromptOptions.Style"/> says otherwise.</summary>
    public ListStyle Style { get; set; } = ListStyle.Auto;

    protected override Task<PromptRecognizerResult<bool>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var value = ConfirmRecognizer.Recognize(turnContext.Activity, DialogLocale.Resolve(turnContext.Activity.Locale));
        return Task.FromResult(value is { } v ? new PromptRecognizerResult<bool>(true, v) : PromptRecognizerResult<bool>.Failed);
    }

    protected override Activity RenderPrompt(ITurnContext turnContext, Activity activity, PromptOptions options, string? nonce)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(options);
        return Render(turnContext, activity, options.Style ?? Style, nonce);
    }

    internal override string RetryHint(DialogStrings strings) => strings.ConfirmRetry;

    internal static Activity Render(DialogContext dc, Activity activity, ListStyle style, string? nonce) => Render(dc.Context, activity, style, nonce);

    private static Activity Render(ITurnContext turnContext, Activity activity, ListStyle style, string? nonce)
    {
        var strings = DialogStrings.For(DialogLocale.Resolve(turnContext.Activity.Locale));
        return ChoiceRenderer.Render(turnContext, activity, [new Choice("yes", strings.Yes), new Choice("no", strings.No)], style, nonce);
    }
}
