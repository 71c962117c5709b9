namespace ConsultBot.Dialogs;

/// <summary>What features may do with the interruption state of a dialog stack.</summary>
public static class DialogInterruptions
{
    /// <summary>
    /// Forgets an unanswered "are you sure you want to stop?" when the question is shown again for another reason
    /// (the user asked to start or resume): the next answer then goes to the question, not to the confirmation.
    /// </summary>
    public static void ClearPendingCancel(DialogContext dc) => InterruptionHandler.ClearPendingCancel(dc);
}
