using ConsultBot.Handoff.Tickets;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Handoff;

/// <summary>
/// Registers the handoff routes: the asker's commands and card buttons (<see cref="AskerHandlers"/>), the consultants'
/// card actions and thread replies (<see cref="ConsultantHandlers"/>), "tickets" in the consultants' channel
/// (<see cref="QueueHandlers"/>).
/// </summary>
public sealed class HandoffFeature : IBotFeature
{
    private static readonly string[] AskCommands = ["konsultant", "consultant", "zapytaj konsultanta", "ask a consultant", "ask consultant"];
    private static readonly string[] MyTicketsCommands = ["moje zgłoszenia", "my tickets", "moje zgloszenia", "zgłoszenia moje"];

    private readonly AskerHandlers _askers;
    private readonly ConsultantHandlers _consultants;
    private readonly QueueHandlers _queue;
    private readonly HandoffGuard _guard;

    internal HandoffFeature(AskerHandlers askers, ConsultantHandlers consultants, QueueHandlers queue, HandoffGuard guard)
    {
        _askers = askers;
        _consultants = consultants;
        _queue = queue;
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
            { HandoffVerbs.Ask, CardActionAccess.Anyone, _askers.OnAskAsync },
            { HandoffVerbs.Submit, CardActionAccess.Owner, _askers.OnSubmitAsync },
            { HandoffVerbs.Resolved, CardActionAccess.Owner, _askers.OnResolvedAsync },
            { HandoffVerbs.FollowUp, CardActionAccess.Owner, _askers.OnFollowUpAsync },
            { HandoffVerbs.Rate, CardActionAccess.Owner, _askers.OnRateAsync },

            // Consultants: the ticket card names the asker, the city and the question.
            { HandoffVerbs.Refresh, CardActionAccess.Consultant, _consultants.OnRefreshAsync },
            { HandoffVerbs.Claim, CardActionAccess.Consultant, _consultants.OnClaimAsync },
            { HandoffVerbs.Unassign, CardActionAccess.Consultant, _consultants.OnUnassignAsync },
            { HandoffVerbs.Answer, CardActionAccess.Consultant, _consultants.OnAnswerAsync },
            { HandoffVerbs.Close, CardActionAccess.Consultant, _consultants.OnCloseAsync },
            { HandoffVerbs.ProposeFaq, CardActionAccess.Consultant, _consultants.OnProposeFaqAsync },
        });

        // Channel routes come first: in the consultants' channel "tickets" and thread replies are never FAQ questions.
        app.OnActivity(_queue.IsQueueRequest, _queue.OnQueueAsync, RouteRank.First);
        app.OnActivity(_consultants.IsThreadReply, _consultants.OnThreadReplyAsync, RouteRank.First);

        app.OnMessage(AskCommands, _askers.OnAskCommandAsync);
        app.OnMessage(MyTicketsCommands, _askers.OnMyTicketsAsync);
    }
}
