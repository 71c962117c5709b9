using System.Globalization;
using System.Text.Json.Nodes;
using ConsultBot.Handoff.Cards;
using ConsultBot.Handoff.Consultants;
using ConsultBot.Handoff.Outbox;
using ConsultBot.Handoff.Resources;
using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff;

/// <summary>The queue: "tickets" typed in the consultants' channel lists the open tickets and the deliveries the outbox gave up on.</summary>
internal sealed partial class TicketDesk
{
    /// <summary>True for "tickets" / "zgłoszenia" typed in the consultants' channel.</summary>
    public bool IsQueueRequest(ITurnContext turnContext)
    {
        var activity = turnContext.Activity;
        return activity.IsType(ActivityTypes.Message) && IsConsultantsConversation(activity) && IsQueueCommand(activity.Text);
    }

    /// <summary>The open tickets, oldest first.</summary>
    public async Task OnQueueAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var locale = cards.ConsultantsLocale;
        if (!await IsConsultantAsync(turnContext, "tickets", "-", cancellationToken))
        {
            await turnContext.SendActivityAsync(HandoffTexts.Get(nameof(HandoffStrings.NotConsultant), locale), cancellationToken);
            return;
        }

        var open = await tickets.ListByStatusAsync([TicketStatus.Open, TicketStatus.Reopened, TicketStatus.Claimed], cancellationToken);
        await SendCardAsync(turnContext, cards.RenderList(open, queue: true, timeProvider.GetUtcNow(), locale), cancellationToken);

        // Deliveries the outbox gave up on (a thread never posted, an answer that never arrived) are shown here too.
        if (deadLetters is not null && OutboxDeadLetters.Summary(await deadLetters.ListAsync(cancellationToken), locale) is { } note)
        {
            await turnContext.SendActivityAsync(note, cancellationToken);
        }
    }
}
