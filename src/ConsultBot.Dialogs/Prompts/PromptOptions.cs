using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Dialogs;

/// <summary>What a prompt asks and how it retries. Stored in the prompt's state, so it must be JSON-serializable.</summary>
public sealed record PromptOptions
{
    /// <summary>The question.</summary>
    public Activity? Prompt { get; init; }

    /// <summary>Sent after an invalid answer; defaults to a short localized hint followed by the question.</summary>
    public Activity? RetryPrompt { get; init; }

    /// <summary>The options of a choice prompt.</summary>
    public IReadOnlyList<Choice>? Choices { get; init; }

    /// <summary>
    /// After this many invalid answers the prompt gives up: it ends with a null result and reason
    /// <see cref="DialogReason.MaxAttemptsExceeded"/> (a waterfall cancels with an explanation by default). 0 or less = never.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Contextual help shown for "pomoc"/"help"/"?" while this prompt is active.</summary>
    public string? HelpText { get; init; }

    /// <summary>How choices are shown; null = the prompt's own style.</summary>
    public ListStyle? Style { get; init; }

    /// <summary>Extra data for validators (for example a range).</summary>
    public JsonNode? Validations { get; init; }

    /// <summary>Options from plain texts.</summary>
    public static PromptOptions FromText(string prompt, string? retryPrompt = null, string? helpText = null) => new()
    {
        Prompt = Activity.CreateMessageActivity(prompt),
        RetryPrompt = retryPrompt is null ? null : Activity.CreateMessageActivity(retryPrompt),
        HelpText = helpText,
    };
}

/// <summary>An option of a choice prompt.</summary>
/// <param name="Value">The stable value (what the dialog stores, what a card button submits).</param>
/// <param name="Title">What the user sees (localized).</param>
/// <param name="Synonyms">Other words that select the option.</param>
public sealed record Choice(string Value, string Title, IReadOnlyList<string>? Synonyms = null);

/// <summary>The option a choice prompt recognized.</summary>
/// <param name="Value">The <see cref="Choice.Value"/>.</param>
/// <param name="Index">The 0-based position in the choices.</param>
/// <param name="Score">1 for an exact match (number, value, title, synonym, button), less for a partial title match.</param>
/// <param name="Synonym">The text that matched.</param>
public sealed record FoundChoice(string Value, int Index, double Score, string? Synonym = null);

/// <summary>How a prompt shows its options.</summary>
public enum ListStyle
{
    /// <summary>Card buttons in Teams (suggested actions work there only in personal chat), suggested actions elsewhere.</summary>
    Auto,

    /// <summary>Just the question.</summary>
    None,

    /// <summary>A numbered list in the text ("1. Mały").</summary>
    List,

    /// <summary>imBack suggested actions under the message.</summary>
    SuggestedActions,

    /// <summary>A small Adaptive Card with the question and one Action.Submit button per option (the name is kept from the SDK).</summary>
    HeroCard,
}
