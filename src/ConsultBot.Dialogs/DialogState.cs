using System.Text.Json.Nodes;

namespace ConsultBot.Dialogs;

/// <summary>
/// The persisted dialog stack of one conversation (kept in conversation state through an
/// <see cref="ConsultBot.Protocol.State.IStatePropertyAccessor{T}"/>). Index 0 is the active dialog, as in the Bot Framework SDK.
/// </summary>
public sealed record DialogState
{
    /// <summary>The stack; index 0 is the active (top) dialog.</summary>
    public List<DialogInstance> DialogStack { get; init; } = [];
}

/// <summary>One dialog on the stack: its id, its own persisted state, and the definition version it was started with.</summary>
/// <param name="Id">The id of the dialog in its <see cref="DialogSet"/>.</param>
/// <param name="State">The dialog's own persisted state (a waterfall keeps its step index and typed state here).</param>
public sealed record DialogInstance(string Id, JsonObject State)
{
    /// <summary>The <see cref="Dialog.GetVersion"/> the dialog had when it began; a mismatch after a deployment restarts it.</summary>
    public string? Version { get; init; }
}
