using System.Text.Json.Nodes;

namespace ConsultBot.Dialogs;

/// <summary>What a dialog operation left behind for the turn.</summary>
public enum DialogTurnStatus
{
    /// <summary>No dialog was active.</summary>
    Empty,

    /// <summary>A dialog is waiting for the user's next message.</summary>
    Waiting,

    /// <summary>The last dialog on the stack completed; <see cref="DialogTurnResult.Result"/> holds its result.</summary>
    Complete,

    /// <summary>The dialogs were cancelled (for example the user confirmed "anuluj").</summary>
    Cancelled,
}

/// <summary>Why a dialog is being ended or resumed.</summary>
public enum DialogReason
{
    /// <summary>The dialog was just started.</summary>
    BeginCalled,

    /// <summary>A new message continues the dialog.</summary>
    ContinueCalled,

    /// <summary>The child dialog ended normally.</summary>
    EndCalled,

    /// <summary>The dialog was replaced by another one.</summary>
    ReplaceCalled,

    /// <summary>The dialog was cancelled (cancel-all, back, restart).</summary>
    CancelCalled,

    /// <summary>A waterfall step moved on with <c>NextAsync</c>.</summary>
    NextCalled,

    /// <summary>The child prompt gave up after <see cref="PromptOptions.MaxAttempts"/> invalid answers; the result is null.</summary>
    MaxAttemptsExceeded,

    /// <summary>The user went back to this step ("wstecz").</summary>
    BackCalled,
}

/// <summary>The outcome of a dialog operation.</summary>
/// <param name="Status">Whether a dialog is waiting, completed, was cancelled, or none was active.</param>
/// <param name="Result">The result of a completed dialog, if any.</param>
public sealed record DialogTurnResult(DialogTurnStatus Status, JsonNode? Result = null);
