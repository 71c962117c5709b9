using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// Which interruption commands a dialog handles and how. Commands are matched on the whole message, case- and
/// diacritics-insensitively, in both Polish and English whatever the locale.
/// </summary>
public sealed record InterruptionOptions
{
    /// <summary>Everything on: cancel (with confirmation), help, back, restart.</summary>
    public static InterruptionOptions Default { get; } = new();

    /// <summary>"anuluj"/"cancel"/"stop"/"koniec": end the dialogs of the stack (CancelAll).</summary>
    public bool Cancel { get; init; } = true;

    /// <summary>Ask "Czy na pewno przerwać?" first; "nie" resumes the same step, an unrelated answer is treated as an answer to the step.</summary>
    public bool ConfirmCancel { get; init; } = true;

    /// <summary>"pomoc"/"help"/"?": show the step's help (<see cref="PromptOptions.HelpText"/>, else <see cref="HelpText"/>, else a generic text) and re-prompt.</summary>
    public bool Help { get; init; } = true;

    /// <summary>"wstecz"/"back"/"cofnij": return to the previous question with the state as it was then. Turn off for dialogs whose steps have side effects.</summary>
    public bool AllowBack { get; init; } = true;

    /// <summary>"od nowa"/"restart": start the dialog over with its original options.</summary>
    public bool Restart { get; init; } = true;

    /// <summary>Dialog-level help, used when the active prompt has no <see cref="PromptOptions.HelpText"/> (localize with <see cref="DialogContext.Culture"/>).</summary>
    public Func<DialogContext, string?>? HelpText { get; init; }

    /// <summary>Words that cancel (folded: lower case, no diacritics).</summary>
    public IReadOnlySet<string> CancelWords { get; init; } = InterruptionWords.Cancel;

    /// <summary>Words that ask for help (folded). A lone "?" always asks for help when help is on.</summary>
    public IReadOnlySet<string> HelpWords { get; init; } = InterruptionWords.Help;

    /// <summary>Words that go back (folded).</summary>
    public IReadOnlySet<string> BackWords { get; init; } = InterruptionWords.Back;

    /// <summary>Words that restart (folded).</summary>
    public IReadOnlySet<string> RestartWords { get; init; } = InterruptionWords.Restart;

    internal InterruptionKind Recognize(Activity activity)
    {
        var raw = activity.Text?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return InterruptionKind.None;
        }

        if (raw == "?")
        {
            return Help ? InterruptionKind.Help : InterruptionKind.None;
        }

        var folded = TextMatching.Fold(raw);
        return folded switch
        {
            _ when Cancel && CancelWords.Contains(folded) => InterruptionKind.Cancel,
            _ when Help && HelpWords.Contains(folded) => InterruptionKind.Help,
            _ when BackWords.Contains(folded) => InterruptionKind.Back,
            _ when Restart && RestartWords.Contains(folded) => InterruptionKind.Restart,
            _ => InterruptionKind.None,
        };
    }
}

/// <summary>The default command words (folded).</summary>
public static class InterruptionWords
{
    /// <summary>Cancel words.</summary>
    public static IReadOnlySet<string> Cancel { get; } = Set("anuluj", "cancel", "stop", "koniec", "przerwij", "zakoncz", "quit");

    /// <summary>Help words.</summary>
    public static IReadOnlySet<string> Help { get; } = Set("pomoc", "pomocy", "help");

    /// <summary>Back words.</summary>
    public static IReadOnlySet<string> Back { get; } = Set("wstecz", "cofnij", "back", "go back", "poprzednie pytanie");

    /// <summary>Restart words.</summary>
    public static IReadOnlySet<string> Restart { get; } = Set("od nowa", "zacznij od nowa", "restart", "start over");

    private static HashSet<string> Set(params string[] words) => words.Select(TextMatching.Fold).ToHashSet(StringComparer.Ordinal);
}

internal enum InterruptionKind
{
    None,
    Deeper,
    PendingCancel,
    Cancel,
    Help,
    Back,
    Restart,
}
