using System.Security.Cryptography;
using System.Text;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// The dialogs a bot (or a <see cref="ComponentDialog"/>) can start, by id. With a state accessor it creates
/// <see cref="DialogContext"/>s over the persisted <see cref="DialogState"/>.
/// </summary>
public sealed class DialogSet
{
    private readonly Dictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);
    private readonly IStatePropertyAccessor<DialogState>? _dialogState;

    /// <summary>A set whose stack is kept in conversation state through <paramref name="dialogState"/>.</summary>
    public DialogSet(IStatePropertyAccessor<DialogState> dialogState)
    {
        ArgumentNullException.ThrowIfNull(dialogState);
        _dialogState = dialogState;
    }

    // Inner set of a component: its stack lives inside the component's own instance state.
    internal DialogSet()
    {
    }

    /// <summary>Adds a dialog; ids must be unique within the set.</summary>
    public DialogSet Add(Dialog dialog)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        if (!_dialogs.TryAdd(dialog.Id, dialog))
        {
            throw new ArgumentException($"A dialog with id '{dialog.Id}' is already in this set; give each dialog a unique id.", nameof(dialog));
        }

        return this;
    }

    /// <summary>The dialog with the id, or null.</summary>
    public Dialog? Find(string dialogId) => _dialogs.GetValueOrDefault(dialogId);

    /// <summary>The dialogs of the set.</summary>
    public IEnumerable<Dialog> GetDialogs() => _dialogs.Values;

    /// <summary>A stable version of all dialogs in the set (used by component dialogs).</summary>
    public string GetVersion()
    {
        var joined = string.Join('\n', _dialogs.Values.Select(d => d.GetVersion()).Order(StringComparer.Ordinal));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..16];
    }

    /// <summary>Loads the dialog stack for the turn and returns a context over it; every operation on it writes the stack back.</summary>
    public async Task<DialogContext> CreateContextAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var accessor = _dialogState ?? throw new InvalidOperationException("This dialog set belongs to a component dialog and has no state accessor of its own.");
        var state = await accessor.GetAsync(turnContext, static () => new DialogState(), cancellationToken) ?? new DialogState();
        return new DialogContext(this, turnContext, state, parent: null, ct => accessor.SetAsync(turnContext, state, ct));
    }
}
