namespace ConsultBot.Handoff.Tickets;

/// <summary>The queue: "tickets" typed in the consultants' channel lists the open tickets and the deliveries the outbox gave up on.</summary>
internal sealed class QueueHandlers(TicketDesk desk, HandoffCards cards, OutboxDeadLetters? deadLetters = null)
{
    /// <summary>True for "tickets" / "zgłoszenia" typed in the consultants' channel.</summary>
    public bool IsQueueRequest(ITurnContext turnContext)
    {
        var activity = turnContext.Activity;
        return activity.IsType(ActivityTypes.Message) && desk.IsConsultantsConversation(activity) && TicketDesk.IsQueueCommand(activity.Text);
    }

    /// <summary>The open tickets, oldest first.</summary>
    public async Task OnQueueAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var locale = cards.ConsultantsLocale;
        if (!await desk.IsConsultantAsync(turnContext, "tickets", "-", cancellationToken))
        {
            await turnContext.SendActivityAsync(HandoffTexts.Get(nameof(HandoffStrings.NotConsultant), locale), cancellationToken);
            return;
        }

        var open = await desk.Tickets.ListByStatusAsync([TicketStatus.Open, TicketStatus.Reopened, TicketStatus.Claimed], cancellationToken);
        await TicketDesk.SendCardAsync(turnContext, cards.RenderList(open, queue: true, desk.Now(), locale), cancellationToken);

        // Deliveries the outbox gave up on (a thread never posted, an answer that never arrived) are shown here too.
        if (deadLetters is not null && OutboxDeadLetters.Summary(await deadLetters.ListAsync(cancellationToken), locale) is { } note)
        {
            await turnContext.SendActivityAsync(note, cancellationToken);
        }
    }
}
