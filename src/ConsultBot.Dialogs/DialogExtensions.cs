using System.Text.Json.Nodes;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>Running a root dialog for a turn, as the SDK's <c>DialogExtensions.RunAsync</c>.</summary>
public static class DialogExtensions
{
    /// <summary>
    /// Continues the active dialog, or begins <paramref name="dialog"/> when none is active. The dialog runs in a set of its
    /// own, so everything it starts must be inside it: use a <see cref="ComponentDialog"/> (a bare waterfall cannot find its prompts),
    /// or <see cref="RunAsync(DialogSet, ITurnContext, string, JsonNode?, CancellationToken)"/>.
    /// The caller saves the conversation state at the end of the turn.
    /// </summary>
    public static Task<DialogTurnResult> RunAsync(this Dialog dialog, ITurnContext turnContext, IStatePropertyAccessor<DialogState> accessor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        var set = new DialogSet(accessor).Add(dialog);
        return set.RunAsync(turnContext, dialog.Id, null, cancellationToken);
    }

    /// <summary>Continues the active dialog of the set, or begins <paramref name="dialogId"/> when none is active.</summary>
    public static async Task<DialogTurnResult> RunAsync(this DialogSet dialogs, ITurnContext turnContext, string dialogId, JsonNode? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var dc = await dialogs.CreateContextAsync(turnContext, cancellationToken);
        var result = await dc.ContinueDialogAsync(cancellationToken);
        if (result.Status == DialogTurnStatus.Empty)
        {
            result = await dc.BeginDialogAsync(dialogId, options, cancellationToken);
        }

        return result;
    }

    /// <summary>The conventional dialog-state property of a conversation state.</summary>
    public static IStatePropertyAccessor<DialogState> CreateDialogStateProperty(this BotState state, string name = "DialogState")
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.CreateProperty(name, DialogJsonContext.Default.DialogState);
    }
}
