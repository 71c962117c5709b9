namespace ConsultBot.Handoff.Tickets;

/// <summary>The consultants' side: the ticket card's buttons and replies in a ticket's thread, in the consultants' channel.</summary>
internal sealed class ConsultantHandlers(
    TicketDesk desk,
    HandoffCards cards,
    IFaqDraftSink faqDrafts,
    TimeProvider timeProvider,
    ILogger<ConsultantHandlers> logger)
{
    /// <summary>Card refresh: the current state of the ticket, for a consultant (the router checked who asks).</summary>
    public async Task<AdaptiveCardInvokeResponse> OnRefreshAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var number = request.GetString("ticket");
        var ticket = number is null ? null : await desk.Tickets.GetAsync(number, cancellationToken);
        return ticket is null
            ? AdaptiveCardInvokeResponse.Error(404, "TicketNotFound", HandoffTexts.Format(nameof(HandoffStrings.TicketNotFound), cards.ConsultantsLocale, number))
            : AdaptiveCardInvokeResponse.Card(cards.RenderTicket(ticket, timeProvider.GetUtcNow()));
    }

    public Task<AdaptiveCardInvokeResponse> OnClaimAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) =>
        ConsultantActionAsync(turnContext, request, HandoffVerbs.Claim,
            (t, me, now) => TicketStateMachine.Claim(t, me, now),
            (_, t, now) => [OutboxItem.Create(OutboxKind.UpdateCard, t.Number, now)],
            nameof(HandoffStrings.Claimed), cancellationToken);

    public Task<AdaptiveCardInvokeResponse> OnUnassignAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) =>
        ConsultantActionAsync(turnContext, request, HandoffVerbs.Unassign,
            (t, me, now) => TicketStateMachine.Unassign(t, me, now),
            (_, t, now) => [OutboxItem.Create(OutboxKind.UpdateCard, t.Number, now)],
            nameof(HandoffStrings.Unassigned), cancellationToken);

    public Task<AdaptiveCardInvokeResponse> OnAnswerAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var text = request.GetString("answer") ?? string.Empty;
        var answerId = AnswerIdOf(turnContext.Activity);
        return ConsultantActionAsync(turnContext, request, HandoffVerbs.Answer,
            (t, me, now) => TicketStateMachine.Answer(t, me, text, answerId, now),
            (_, t, now) => AnswerEffects(t, answerId, now),
            nameof(HandoffStrings.Answered), cancellationToken);
    }

    public Task<AdaptiveCardInvokeResponse> OnCloseAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) =>
        ConsultantActionAsync(turnContext, request, HandoffVerbs.Close,
            (t, me, now) => TicketStateMachine.Close(t, me, now),
            (_, t, now) => [OutboxItem.Create(OutboxKind.UpdateCard, t.Number, now)],
            nameof(HandoffStrings.Closed), cancellationToken);

    /// <summary>"Propose as FAQ": a draft from the question and the latest answer, once per ticket.</summary>
    public async Task<AdaptiveCardInvokeResponse> OnProposeFaqAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = cards.ConsultantsLocale;
        var number = request.GetString("ticket");
        if (number is null)
        {
            return AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing data.ticket.");
        }

        var ticket = await desk.Tickets.GetAsync(number, cancellationToken);
        if (ticket is null)
        {
            return AdaptiveCardInvokeResponse.Message(HandoffTexts.Format(nameof(HandoffStrings.TicketNotFound), locale, number));
        }

        var now = timeProvider.GetUtcNow();
        if (ticket.FaqDraftId is not null)
        {
            return AdaptiveCardInvokeResponse.Card(cards.RenderTicket(ticket, now, HandoffTexts.Format(nameof(HandoffStrings.ProposedAsFaq), locale, number)));
        }

        if (ticket.Answers.Count == 0 || ticket.AnonymisedAt is not null)
        {
            return AdaptiveCardInvokeResponse.Card(cards.RenderTicket(ticket, now, HandoffTexts.Get(nameof(HandoffStrings.ProposeNeedsAnswer), locale)));
        }

        var me = TicketDesk.Person(turnContext.Activity);
        var draftId = await faqDrafts.ProposeAsync(ticket.Question, ticket.Answers[^1].Text, me.Name ?? me.UserId, cancellationToken);
        var decision = await desk.Tickets.MutateAsync(number,
            t => t.FaqDraftId is null ? TicketDecision.Apply(t with { FaqDraftId = draftId }) : TicketDecision.Unchanged(t), null, cancellationToken);
        logger.ProposedAsFaq(number, draftId);
        return AdaptiveCardInvokeResponse.Card(cards.RenderTicket(decision?.Ticket ?? ticket, now, HandoffTexts.Format(nameof(HandoffStrings.ProposedAsFaq), locale, number)));
    }

    /// <summary>True for a message that @mentions the bot inside a ticket thread of the consultants' channel.</summary>
    public bool IsThreadReply(ITurnContext turnContext)
    {
        var activity = turnContext.Activity;
        return activity.IsType(ActivityTypes.Message)
            && !string.IsNullOrWhiteSpace(activity.Text)
            && desk.IsConsultantsConversation(activity)
            && OutboxProcessor.RootIdOf(activity.Conversation?.Id) is not null
            && !TicketDesk.IsQueueCommand(activity.Text);
    }

    /// <summary>A consultant's reply in a ticket's thread is an answer, relayed like one from the card.</summary>
    public async Task OnThreadReplyAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var locale = cards.ConsultantsLocale;
        var root = OutboxProcessor.RootIdOf(activity.Conversation?.Id)!;
        var ticket = await desk.Tickets.FindByThreadAsync(root, cancellationToken);
        if (ticket is null)
        {
            return;
        }

        if (!await desk.IsConsultantAsync(turnContext, "thread reply", ticket.Number, cancellationToken))
        {
            await turnContext.SendActivityAsync(HandoffTexts.Get(nameof(HandoffStrings.NotConsultant), locale), cancellationToken);
            return;
        }

        var me = TicketDesk.Person(activity);
        var text = activity.Text!.Trim();
        var answerId = AnswerIdOf(activity);
        var now = timeProvider.GetUtcNow();
        TicketDecision? decision;
        try
        {
            decision = await desk.Tickets.MutateAsync(ticket.Number,
                t => TicketStateMachine.Answer(t, me, text, answerId, now),
                (_, t) => AnswerEffects(t, answerId, now),
                cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            logger.StoreUnavailable(ex, "thread reply");
            await turnContext.SendActivityAsync(HandoffTexts.Get(nameof(HandoffStrings.StoreBusy), locale), cancellationToken);
            return;
        }

        if (decision is null)
        {
            return;
        }

        if (!decision.Accepted)
        {
            logger.ActionRejected(ticket.Number, "thread reply", decision.Rejection);
            await turnContext.SendActivityAsync(TicketDesk.RejectionText(decision, locale), cancellationToken);
            return;
        }

        desk.Applied(ticket, decision.Ticket);
        await turnContext.SendActivityAsync(HandoffTexts.Format(nameof(HandoffStrings.ThreadReplyRelayed), locale, ticket.Number), cancellationToken);
    }

    private async Task<AdaptiveCardInvokeResponse> ConsultantActionAsync(
        ITurnContext turnContext,
        CardActionRequest request,
        string verb,
        Func<Ticket, TicketPerson, DateTimeOffset, TicketDecision> decide,
        Func<Ticket, Ticket, DateTimeOffset, IReadOnlyList<OutboxItem>> effects,
        string successText,
        CancellationToken cancellationToken)
    {
        var locale = cards.ConsultantsLocale;
        var (number, now, decision, failure) = await desk.DecideAsync(turnContext, request, verb, decide, effects, locale, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (!decision.Accepted)
        {
            // The loser of a race sees the card as it is now, with who has the ticket.
            logger.ActionRejected(number, verb, decision.Rejection);
            return AdaptiveCardInvokeResponse.Card(cards.RenderTicket(decision.Ticket, now, TicketDesk.RejectionText(decision, locale)));
        }

        return AdaptiveCardInvokeResponse.Card(cards.RenderTicket(decision.Ticket, now, HandoffTexts.Format(successText, locale, number)));
    }

    private static IReadOnlyList<OutboxItem> AnswerEffects(Ticket ticket, string answerId, DateTimeOffset now) =>
    [
        OutboxItem.Create(OutboxKind.RelayAnswer, ticket.Number, now, answerId: answerId),
        OutboxItem.Create(OutboxKind.UpdateCard, ticket.Number, now),
    ];

    private static string AnswerIdOf(Activity activity) =>
        activity.Id is { Length: > 0 } id ? "a-" + id : "a-" + Guid.NewGuid().ToString("N");
}
