using System.Text.Json.Nodes;
using ConsultBot.Dialogs.Localization;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Dialogs;

/// <summary>
/// Finds the dialog that owns an interruption command and carries it out. The owner is the dialog nearest the top of the
/// stack with <see cref="Dialog.Interruptions"/> set (prompts have none, so the waterfall that started the prompt owns it);
/// an active component's inner stack is asked first. The first owner found decides: if it turned a command off, the
/// message is an ordinary answer.
/// </summary>
internal static class InterruptionHandler
{
    private const string PendingKey = "$pendingCancel";

    internal readonly record struct Target(InterruptionKind Kind, int Index = -1, Dialog? Owner = null);

    public static Target Find(DialogContext dc)
    {
        var activity = dc.Context.Activity;
        if (!activity.IsType(ActivityTypes.Message))
        {
            return default;
        }

        for (var i = 0; i < dc.Stack.Count; i++)
        {
            var instance = dc.Stack[i];
            if (dc.FindDialog(instance.Id) is not { } dialog)
            {
                continue;
            }

            if (instance.State.ContainsKey(PendingKey))
            {
                return new Target(InterruptionKind.PendingCancel, i, dialog);
            }

            if (i == 0 && dialog.HasInnerInterruption(dc, instance))
            {
                return new Target(InterruptionKind.Deeper);
            }

            if (dialog.Interruptions is { } options)
            {
                var kind = options.Recognize(activity);
                return kind == InterruptionKind.None ? default : new Target(kind, i, dialog);
            }
        }

        return default;
    }

    /// <summary>Handles an interruption at this level; null when the message is not one (or belongs to an inner stack).</summary>
    public static async Task<DialogTurnResult?> TryHandleAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var target = Find(dc);
        if (target.Owner is not { } owner)
        {
            return null;
        }

        var options = owner.Interruptions ?? InterruptionOptions.Default;
        var strings = DialogStrings.For(dc.Locale);
        var instance = dc.Stack[target.Index];
        switch (target.Kind)
        {
            case InterruptionKind.PendingCancel:
                instance.State.Remove(PendingKey);
                var confirmed = options.Recognize(dc.Context.Activity) == InterruptionKind.Cancel
                    || ConfirmRecognizer.Recognize(dc.Context.Activity, dc.Locale) == true;
                if (confirmed)
                {
                    return await CancelAsync(dc, strings, cancellationToken);
                }

                if (ConfirmRecognizer.Recognize(dc.Context.Activity, dc.Locale) == false)
                {
                    await dc.SendAsync(strings.CancelDeclined, cancellationToken);
                    await dc.RepromptDialogAsync(cancellationToken);
                    return Dialog.EndOfTurn;
                }

                // Neither yes nor no: the user went on answering the question, so let the step have it.
                return null;

            case InterruptionKind.Cancel when options.ConfirmCancel:
                instance.State[PendingKey] = true;
                var question = Activity.CreateMessageActivity(strings.CancelConfirm);
                await dc.Context.SendActivityAsync(ConfirmPrompt.Render(dc, question, ListStyle.Auto, nonce: null), cancellationToken);
                return Dialog.EndOfTurn;

            case InterruptionKind.Cancel:
                return await CancelAsync(dc, strings, cancellationToken);

            case InterruptionKind.Help:
                var top = dc.Stack[0];
                var help = dc.FindDialog(top.Id)?.GetHelpText(dc, top)
                    ?? options.HelpText?.Invoke(dc)
                    ?? (options.AllowBack ? strings.DefaultHelp : strings.DefaultHelpNoBack);
                await dc.SendAsync(help, cancellationToken);
                await dc.RepromptDialogAsync(cancellationToken);
                return Dialog.EndOfTurn;

            case InterruptionKind.Back:
                if (options.AllowBack && await owner.GoBackAsync(dc, target.Index, cancellationToken) is { } back)
                {
                    return back;
                }

                await dc.SendAsync(options.AllowBack ? strings.CannotGoBack : strings.BackNotAllowed, cancellationToken);
                await dc.RepromptDialogAsync(cancellationToken);
                return Dialog.EndOfTurn;

            case InterruptionKind.Restart:
                await dc.SendAsync(strings.Restarting, cancellationToken);
                return await owner.RestartAsync(dc, target.Index, cancellationToken);

            default:
                return null;
        }
    }

    private static async Task<DialogTurnResult> CancelAsync(DialogContext dc, DialogStrings strings, CancellationToken cancellationToken)
    {
        await dc.SendAsync(strings.Cancelled, cancellationToken);
        return await dc.CancelAllDialogsAsync(cancellationToken);
    }

    internal static bool IsPending(JsonObject state) => state.ContainsKey(PendingKey);

    /// <summary>
    /// Forgets an unanswered "are you sure you want to stop?": call it when the question is shown again for another
    /// reason (the user asked to start or resume), so that the next answer goes to the question, not to the confirmation.
    /// </summary>
    internal static void ClearPendingCancel(DialogContext dc)
    {
        ArgumentNullException.ThrowIfNull(dc);
        foreach (var instance in dc.Stack)
        {
            instance.State.Remove(PendingKey);
        }
    }
}
