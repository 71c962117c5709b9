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
    private readonly HandoffGuard _guard;

    internal HandoffFeature(TicketDesk desk, HandoffGuard guard)
    {
        _desk = desk;
        _guard = guard;
    }

    internal static bool IsAskCommand(string? text)
    {
        var folded = TextMatching.Fold(text);
        return AskCommands.Any(c => TextMatching.Fold(c) == folded);
    }

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Who may press what. Owner = the ticket's asker (or, for Submit, a form id that is new or theirs), in their
        // personal chat; Consultant = a consultant in the consultants' channel. Checked by the router before the handler.
        app.OnCardActions(new CardActionTable(_guard)
        {
            // Asker. "Zapytaj konsultanta" only echoes the caller's own card data (and redirects out of shared chats).
            { HandoffVerbs.Ask, CardActionAccess.Anyone, _desk.OnAskAsync },
            { HandoffVerbs.Submit, CardActionAccess.Owner, _desk.OnSubmitAsync },
            { HandoffVerbs.Resolved, CardActionAccess.Owner, _desk.OnResolvedAsync },
            { HandoffVerbs.FollowUp, CardActionAccess.Owner, _desk.OnFollowUpAsync },
            { HandoffVerbs.Rate, CardActionAccess.Owner, _desk.OnRateAsync },

            // Consultants: the ticket card names the asker, the city and the question.
            { HandoffVerbs.Refresh, CardActionAccess.Consultant, _desk.OnRefreshAsync },
            { HandoffVerbs.Claim, CardActionAccess.Consultant, _desk.OnClaimAsync },
            { HandoffVerbs.Unassign, CardActionAccess.Consultant, _desk.OnUnassignAsync },
            { HandoffVerbs.Answer, CardActionAccess.Consultant, _desk.OnAnswerAsync },
            { HandoffVerbs.Close, CardActionAccess.Consultant, _desk.OnCloseAsync },
            { HandoffVerbs.ProposeFaq, CardActionAccess.Consultant, _desk.OnProposeFaqAsync },
        });

        // Channel routes come first: in the consultants' channel "tickets" and thread replies are never FAQ questions.
        app.OnActivity(_desk.IsQueueRequest, _desk.OnQueueAsync, RouteRank.First);
        app.OnActivity(_desk.IsThreadReply, _desk.OnThreadReplyAsync, RouteRank.First);

        app.OnMessage(AskCommands, _desk.OnAskCommandAsync);
        app.OnMessage(MyTicketsCommands, _desk.OnMyTicketsAsync);
    }
}
