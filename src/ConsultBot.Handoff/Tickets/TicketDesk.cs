namespace ConsultBot.Handoff.Tickets;

/// <summary>
/// What the ticket handlers share: <see cref="AskerHandlers"/> (the escalation form, ticket list, answer-card buttons),
/// <see cref="ConsultantHandlers"/> (card actions, thread replies) and <see cref="QueueHandlers"/> ("tickets") each take
/// it. Every change goes through <see cref="TicketStateMachine"/> in an ETag loop (<see cref="DecideAsync"/>);
/// deliveries go through the outbox.
/// </summary>
internal sealed class TicketDesk(
    TicketStore tickets,
    ConsultantDirectory consultants,
    OutboxSignal signal,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<TicketDesk> logger)
{
    private readonly HandoffOptions _options = options.Value;

    public TicketStore Tickets => tickets;

    public HandoffOptions Options => _options;

    public DateTimeOffset Now() => timeProvider.GetUtcNow();

    /// <summary>
    /// Applies a consultant's or asker's card action (data.ticket names the ticket) with optimistic concurrency,
    /// records the moves and wakes the outbox; a missing ticket number, a store problem or an unknown ticket
    /// becomes the response to show instead. Both audiences' actions go through here.
    /// </summary>
    public async Task<(string Number, DateTimeOffset Now, TicketDecision Decision, AdaptiveCardInvokeResponse? Failure)> DecideAsync(
        ITurnContext turnContext,
        CardActionRequest request,
        string verb,
        Func<Ticket, TicketPerson, DateTimeOffset, TicketDecision> decide,
        Func<Ticket, Ticket, DateTimeOffset, IReadOnlyList<OutboxItem>> effects,
        string locale,
        CancellationToken cancellationToken)
    {
        var number = request.GetString("ticket");
        if (string.IsNullOrWhiteSpace(number))
        {
            return (string.Empty, default, null!, AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing data.ticket."));
        }

        var now = timeProvider.GetUtcNow();
        var me = Person(turnContext.Activity);
        Ticket? before = null;
        TicketDecision? decision;
        try
        {
            decision = await tickets.MutateAsync(number,
                t =>
                {
                    before = t;
                    return decide(t, me, now);
                },
                (from, to) => effects(from, to, now),
                cancellationToken);
        }
        catch (Exception ex) when (ex is StorageUnavailableException or EtagException)
        {
            logger.StoreUnavailable(ex, verb);
            return (number, now, null!, AdaptiveCardInvokeResponse.Message(HandoffTexts.Get(nameof(HandoffStrings.StoreBusy), locale)));
        }

        if (decision is null)
        {
            return (number, now, null!, AdaptiveCardInvokeResponse.Message(HandoffTexts.Format(nameof(HandoffStrings.TicketNotFound), locale, number)));
        }

        if (decision.Accepted && decision.Changed)
        {
            LogMoves(before!, decision.Ticket);
            signal.Notify();
        }

        return (number, now, decision, null);
    }

    /// <summary>Records the moves a decision made and wakes the outbox (for changes not made through <see cref="DecideAsync"/>).</summary>
    public void Applied(Ticket before, Ticket after)
    {
        LogMoves(before, after);
        signal.Notify();
    }

    public async Task<bool> IsConsultantAsync(ITurnContext turnContext, string action, string number, CancellationToken cancellationToken)
    {
        var from = turnContext.Activity.From;
        if (await consultants.IsConsultantAsync(from, cancellationToken))
        {
            return true;
        }

        logger.NotConsultant(action, number, from?.Id ?? "(none)");
        return false;
    }

    public static string RejectionText(TicketDecision decision, string locale) => decision.Rejection switch
    {
        TicketRejection.ClaimedByOther => HandoffTexts.Format(nameof(HandoffStrings.ClaimedByOther), locale, decision.Ticket.Number, decision.Ticket.Assignee?.Name ?? decision.Ticket.Assignee?.UserId),
        TicketRejection.NotAsker => HandoffTexts.Get(nameof(HandoffStrings.NotAsker), locale),
        TicketRejection.EmptyText => HandoffTexts.Get(nameof(HandoffStrings.EmptyText), locale),
        TicketRejection.Anonymised => HandoffTexts.Format(nameof(HandoffStrings.Anonymised), locale, decision.Ticket.Number),
        _ => HandoffTexts.Format(nameof(HandoffStrings.InvalidTransition), locale, decision.Ticket.Number, HandoffLabels.Status(decision.Ticket.Status, locale)),
    };

    private void LogMoves(Ticket before, Ticket after)
    {
        foreach (var move in after.History.Skip(before.History.Count))
        {
            logger.TicketMoved(after.Number, move.Action, move.From ?? move.To, move.To);
        }
    }

    public bool IsConsultantsConversation(Activity activity) => HandoffGuard.IsConsultantsConversation(_options, activity);

    public static bool IsQueueCommand(string? text) =>
        TextMatching.Fold(text) is "tickets" or "zgloszenia" or "kolejka" or "queue";

    public static async Task SendCardAsync(ITurnContext turnContext, JsonObject card, CancellationToken cancellationToken)
    {
        var message = Activity.CreateMessageActivity();
        message.Attachments = [Attachment.AdaptiveCard(card)];
        await turnContext.SendActivityAsync(message, cancellationToken);
    }

    public static TicketPerson Person(Activity activity) =>
        new(activity.From?.Id ?? string.Empty, activity.From?.Name, activity.From?.AadObjectId);

    public static string Locale(ITurnContext turnContext) => TurnLanguage.FromLocale(turnContext.Activity.Locale);
}
