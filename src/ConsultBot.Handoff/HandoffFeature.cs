using ConsultBot.Protocol.Turn;

namespace ConsultBot.Handoff;

/// <summary>
/// Registers the handoff routes: the asker's commands and card buttons, the consultants' card actions,
/// "tickets" and thread replies in the consultants' channel.
/// </summary>
public sealed class HandoffFeature : IBotFeature
{
    private static readonly string[] AskCommands = ["konsultant", "consultant", "zapytaj konsultanta", "ask a consultant", "ask consultant"];
    private static readonly string[] MyTicketsCommands = ["moje zgłoszenia", "my tickets", "moje zgloszenia", "zgłoszenia moje"];

    private readonly TicketDesk _desk;

    internal HandoffFeature(TicketDesk desk) => _desk = desk;

    internal static bool IsAskCommand(string? text)
    {
        var folded = TextMatching.Fold(text);
        return AskCommands.Any(c => TextMatching.Fold(c) == folded);
    }

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Asker.
        app.OnCardAction(HandoffVerbs.Ask, _desk.OnAskAsync);
        app.OnCardAction(HandoffVerbs.Submit, _desk.OnSubmitAsync);
        app.OnCardAction(HandoffVerbs.Resolved, _desk.OnResolvedAsync);
        app.OnCardAction(HandoffVerbs.FollowUp, _desk.OnFollowUpAsync);
        app.OnCardAction(HandoffVerbs.Rate, _desk.OnRateAsync);

        // Consultants.
        app.OnCardAction(HandoffVerbs.Refresh, _desk.OnRefreshAsync);
        app.OnCardAction(HandoffVerbs.Claim, _desk.OnClaimAsync);
        app.OnCardAction(HandoffVerbs.Unassign, _desk.OnUnassignAsync);
        app.OnCardAction(HandoffVerbs.Answer, _desk.OnAnswerAsync);
        app.OnCardAction(HandoffVerbs.Close, _desk.OnCloseAsync);
        app.OnCardAction(HandoffVerbs.ProposeFaq, _desk.OnProposeFaqAsync);

        // Channel routes come first: in the consultants' channel "tickets" and thread replies are never FAQ questions.
        app.OnActivity(_desk.IsQueueRequest, _desk.OnQueueAsync, RouteRank.First);
        app.OnActivity(_desk.IsThreadReply, _desk.OnThreadReplyAsync, RouteRank.First);

        app.OnMessage(AskCommands, _desk.OnAskCommandAsync);
        app.OnMessage(MyTicketsCommands, _desk.OnMyTicketsAsync);
    }
}
