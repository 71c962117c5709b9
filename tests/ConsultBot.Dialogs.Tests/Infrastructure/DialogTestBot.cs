using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs.Tests.Infrastructure;

/// <summary>
/// A bot as the host will wire it: every turn builds new ConversationState / DialogSet / dialog objects over the same
/// storage (so every turn is also a "process restart"), runs the root dialog and saves the state.
/// </summary>
internal sealed class DialogTestBot(IStorage storage, Action<DialogSet> addDialogs, string rootDialogId)
{
    public List<DialogTurnResult> Results { get; } = [];

    public DialogTurnResult LastResult => Results[^1];

    /// <summary>Replaced between turns to simulate a redeployment with different dialog definitions.</summary>
    public Action<DialogSet> AddDialogs { get; set; } = addDialogs;

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var conversationState = new ConversationState(storage);
        var dialogs = new DialogSet(conversationState.CreateDialogStateProperty());
        AddDialogs(dialogs);
        Results.Add(await dialogs.RunAsync(turnContext, rootDialogId, null, cancellationToken));
        await conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
    }

    public static TestFlow Flow(TestAdapter adapter, Action<DialogSet> addDialogs, string rootDialogId, out DialogTestBot bot)
    {
        bot = new DialogTestBot(adapter.Storage, addDialogs, rootDialogId);
        return new TestFlow(adapter, bot.OnTurnAsync);
    }
}
