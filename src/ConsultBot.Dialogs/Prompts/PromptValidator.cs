using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>Decides whether a recognized answer is acceptable; it may send its own explanation (then no retry prompt is sent).</summary>
public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> promptContext, CancellationToken cancellationToken);

/// <summary>What a validator sees.</summary>
public sealed class PromptValidatorContext<T>
{
    internal PromptValidatorContext(ITurnContext context, PromptRecognizerResult<T> recognized, PromptOptions options, int attemptCount)
    {
        Context = context;
        Recognized = recognized;
        Options = options;
        AttemptCount = attemptCount;
    }

    /// <summary>The turn.</summary>
    public ITurnContext Context { get; }

    /// <summary>What the prompt recognized in the answer.</summary>
    public PromptRecognizerResult<T> Recognized { get; }

    /// <summary>The prompt's options.</summary>
    public PromptOptions Options { get; }

    /// <summary>1 for the first answer, 2 for the second…</summary>
    public int AttemptCount { get; }

    /// <summary>"pl" or "en".</summary>
    public string Locale => DialogLocale.Resolve(Context.Activity.Locale);
}

/// <summary>The recognition of one answer.</summary>
public sealed record PromptRecognizerResult<T>(bool Succeeded, T? Value)
{
    /// <summary>Nothing recognized.</summary>
    public static PromptRecognizerResult<T> Failed { get; } = new(false, default);
}
