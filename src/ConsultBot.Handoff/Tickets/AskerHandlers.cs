using System.Text.Json;

namespace ConsultBot.Handoff.Tickets;

/// <summary>
/// The asker's side: the escalation form, "moje zgłoszenia" and the buttons of the answer card, in the asker's personal
/// chat; also what other features call to hand a question over (<see cref="IHandoffStarter"/>).
/// </summary>
internal sealed class AskerHandlers(
    TicketDesk desk,
    HandoffCards cards,
    IConversationContextProvider contextProvider,
    OutboxSignal signal,
    IConnectorClient connector,
    TimeProvider timeProvider,
    ILogger<AskerHandlers> logger,
    ConversationReferenceStore? references = null) : IHandoffStarter
{
    private readonly HandoffOptions _options = desk.Options;

    public async Task OfferAsync(ITurnContext turnContext, string question, IReadOnlyList<ConsideredEntry> considered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var card = cards.RenderOffer(question ?? string.Empty, considered ?? [], turnContext.Activity.IsSharedConversation(), TicketDesk.Locale(turnContext));
        await TicketDesk.SendCardAsync(turnContext, card, cancellationToken);
    }

    public async Task ShowFormAsync(ITurnContext turnContext, string? question, IReadOnlyList<ConsideredEntry> considered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (turnContext.Activity.IsSharedConversation())
        {
            await RedirectToPersonalChatAsync(turnContext, question, considered ?? [], "konsultant", cancellationToken);
            return;
        }

        var city = await LastCityAsync(turnContext, cancellationToken);
        await TicketDesk.SendCardAsync(turnContext, cards.RenderForm(question, city, considered ?? [], TicketDesk.Locale(turnContext)), cancellationToken);
    }

    public JsonObject CreateAskData(string? question, IReadOnlyList<ConsideredEntry> considered) =>
        JsonSerializer.SerializeToNode(
            new AskActionData(HandoffVerbs.Ask, question ?? string.Empty, HandoffCards.SerializeConsidered(considered ?? [])),
            HandoffJsonContext.Default.AskActionData)!.AsObject();

    /// <summary>Typed "konsultant" / "consultant" / "zapytaj konsultanta".</summary>
    public async Task OnAskCommandAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var question = await LastUserQuestionAsync(turnContext, cancellationToken);
        await ShowFormAsync(turnContext, question, [], cancellationToken);
    }

    /// <summary>"Zapytaj konsultanta" on a card: the form replaces the card.</summary>
    public async Task<AdaptiveCardInvokeResponse> OnAskAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var question = request.GetString("question");
        var considered = HandoffCards.ParseConsidered(request.GetString("considered"));
        if (turnContext.Activity.IsSharedConversation())
        {
            var text = await RedirectToPersonalChatAsync(turnContext, question, considered, "konsultant", cancellationToken, send: false);
            return AdaptiveCardInvokeResponse.Message(text);
        }

        var city = await LastCityAsync(turnContext, cancellationToken);
        return AdaptiveCardInvokeResponse.Card(cards.RenderForm(question, city, considered, TicketDesk.Locale(turnContext)));
    }

    /// <summary>The escalation form was submitted: store the ticket (before anything is posted), confirm.</summary>
    public async Task<AdaptiveCardInvokeResponse> OnSubmitAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        // Authorized by the router (HandoffFeature's table): a personal chat, and a form id that is new or the caller's.
        var activity = turnContext.Activity;
        var locale = TicketDesk.Locale(turnContext);
        var question = request.GetString("question")?.Trim();
        var city = request.GetString("city")?.Trim();
        var topic = Enum.TryParse<TicketTopic>(request.GetString("topic"), ignoreCase: true, out var t) ? t : TicketTopic.Other;
        var urgency = Enum.TryParse<TicketUrgency>(request.GetString("urgency"), ignoreCase: true, out var u) ? u : TicketUrgency.Normal;
        var consent = string.Equals(request.GetString("consent"), "true", StringComparison.OrdinalIgnoreCase);
        var considered = HandoffCards.ParseConsidered(request.GetString("considered"));
        var formId = request.GetString("formId");
        if (string.IsNullOrWhiteSpace(question))
        {
            return AdaptiveCardInvokeResponse.Card(cards.RenderForm(question, city, considered, locale, HandoffTexts.Get(nameof(HandoffStrings.QuestionRequired), locale), topic, urgency, consent));
        }

        try
        {
            if (formId is not null && await desk.Tickets.FindByFormAsync(formId, cancellationToken) is { } existing)
            {
                return AdaptiveCardInvokeResponse.Card(cards.RenderSubmitted(existing, locale));
            }

            var context = consent && _options.ContextTurns > 0
                ? await contextProvider.GetRecentTurnsAsync(turnContext, _options.ContextTurns, cancellationToken)
                : [];
            var reference = activity.GetConversationReference();
            reference.ActivityId = null;
            var now = timeProvider.GetUtcNow();
            var number = TicketStore.FormatNumber(_options.TicketPrefix, await desk.Tickets.AllocateNumberAsync(cancellationToken));
            var ticket = TicketStateMachine.Create(new Ticket
            {
                Number = number,
                Question = question,
                City = string.IsNullOrWhiteSpace(city) ? null : city,
                Topic = topic,
                Urgency = urgency,
                Asker = TicketDesk.Person(activity),
                AskerReference = reference,
                Locale = locale,
                ContextConsent = consent,
                Context = [.. context.TakeLast(_options.ContextTurns)],
                Considered = [.. considered.Take(5)],
                CreatedAt = now,
                FormId = formId,
            }, now);
            IReadOnlyList<OutboxItem> outbox = _options.IsChannelConfigured ? [OutboxItem.Create(OutboxKind.PostTicket, number, now)] : [];
            try
            {
                ticket = await desk.Tickets.CreateAsync(ticket, outbox, cancellationToken);
            }
            catch (EtagException) when (formId is not null)
            {
                // The same form submitted twice at once: the other submit created the ticket.
                var raced = await desk.Tickets.FindByFormAsync(formId, cancellationToken) ?? throw new InvalidOperationException($"Ticket {number} could not be stored.");
                return AdaptiveCardInvokeResponse.Card(cards.RenderSubmitted(raced, locale));
            }

            logger.TicketCreated(number, urgency, topic, ticket.Context.Count > 0);
            signal.Notify();
            return AdaptiveCardInvokeResponse.Card(cards.RenderSubmitted(ticket, locale));
        }
        catch (StorageUnavailableException ex)
        {
            logger.StoreUnavailable(ex, "ticket creation");
            return AdaptiveCardInvokeResponse.Message(HandoffTexts.Get(nameof(HandoffStrings.StoreBusy), locale));
        }
    }

    /// <summary>"moje zgłoszenia" / "my tickets".</summary>
    public async Task OnMyTicketsAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var locale = TicketDesk.Locale(turnContext);
        if (turnContext.Activity.IsSharedConversation())
        {
            await turnContext.SendActivityAsync(HandoffTexts.Format(nameof(HandoffStrings.ContinueInPersonalChat), locale, TurnLanguage.IsEnglish(locale) ? "my tickets" : "moje zgłoszenia"), cancellationToken);
            return;
        }

        var mine = await desk.Tickets.ListByAskerAsync(turnContext.Activity.From?.Id ?? string.Empty, cancellationToken);
        await TicketDesk.SendCardAsync(turnContext, cards.RenderList(mine, queue: false, timeProvider.GetUtcNow(), locale), cancellationToken);
    }

    public Task<AdaptiveCardInvokeResponse> OnResolvedAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) =>
        AskerActionAsync(turnContext, request, HandoffVerbs.Resolved,
            (t, asker, now) => TicketStateMachine.Resolve(t, asker, now),
            (_, t, now) => [OutboxItem.Create(OutboxKind.UpdateCard, t.Number, now)],
            "resolved", nameof(HandoffStrings.Resolved), cancellationToken);

    public Task<AdaptiveCardInvokeResponse> OnFollowUpAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var text = request.GetString("followUp") ?? string.Empty;
        return AskerActionAsync(turnContext, request, HandoffVerbs.FollowUp,
            (t, asker, now) => TicketStateMachine.FollowUp(t, asker, text, now),
            (_, t, now) =>
            [
                OutboxItem.Create(OutboxKind.ThreadNotice, t.Number, now, notice: NoticeKind.FollowUp),
                OutboxItem.Create(OutboxKind.UpdateCard, t.Number, now),
            ],
            "followUp", nameof(HandoffStrings.FollowUpSent), cancellationToken);
    }

    public Task<AdaptiveCardInvokeResponse> OnRateAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var score = ParseRating(request.GetString("rating"));
        return AskerActionAsync(turnContext, request, HandoffVerbs.Rate,
            (t, asker, now) => TicketStateMachine.Rate(t, asker, score, now),
            (_, t, now) => [OutboxItem.Create(OutboxKind.UpdateCard, t.Number, now)],
            null, nameof(HandoffStrings.Rated), cancellationToken);
    }

    private async Task<AdaptiveCardInvokeResponse> AskerActionAsync(
        ITurnContext turnContext,
        CardActionRequest request,
        string verb,
        Func<Ticket, TicketPerson, DateTimeOffset, TicketDecision> decide,
        Func<Ticket, Ticket, DateTimeOffset, IReadOnlyList<OutboxItem>> effects,
        string? state,
        string successText,
        CancellationToken cancellationToken)
    {
        var locale = TicketDesk.Locale(turnContext);
        var (number, _, decision, failure) = await desk.DecideAsync(turnContext, request, verb, decide, effects, locale, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (!decision.Accepted)
        {
            logger.ActionRejected(number, verb, decision.Rejection);
            return AdaptiveCardInvokeResponse.Message(TicketDesk.RejectionText(decision, locale));
        }

        if (verb == HandoffVerbs.Rate)
        {
            logger.Rated(number, decision.Ticket.Rating?.Score ?? 0);
        }

        var ticket = decision.Ticket;
        var answer = ticket.Answers.FirstOrDefault(a => a.Id == request.GetString("answerId")) ?? ticket.Answers.LastOrDefault();
        if (answer is null)
        {
            return AdaptiveCardInvokeResponse.Message(HandoffTexts.Format(successText, locale, number));
        }

        var cardState = state ?? (ticket.Status == TicketStatus.Closed ? "resolved" : ticket.Status == TicketStatus.Reopened ? "followUp" : "open");
        return AdaptiveCardInvokeResponse.Card(cards.RenderAnswer(ticket, answer, cardState, HandoffTexts.Format(successText, locale, number)));
    }

    /// <summary>
    /// Sends the form to the user's personal chat when the bot knows it, and says so; otherwise asks the
    /// user to open it. Returns the text said in the shared conversation.
    /// </summary>
    private async Task<string> RedirectToPersonalChatAsync(ITurnContext turnContext, string? question, IReadOnlyList<ConsideredEntry> considered, string command, CancellationToken cancellationToken, bool send = true)
    {
        var activity = turnContext.Activity;
        var locale = TicketDesk.Locale(turnContext);
        var text = HandoffTexts.Format(nameof(HandoffStrings.ContinueInPersonalChat), locale, command);
        if (references is not null && activity.ChannelId is { } channel && activity.From?.Id is { } userId
            && await references.GetPersonalChatAsync(channel, userId, cancellationToken) is { ServiceUrl: { } serviceUrl, Conversation.Id: { } conversationId } personal)
        {
            try
            {
                var message = Activity.CreateMessageActivity();
                message.Attachments = [Attachment.AdaptiveCard(cards.RenderForm(question, null, considered, locale))];
                message.ApplyConversationReference(personal);
                message.ReplyToId = null;
                await connector.SendToConversationAsync(serviceUrl, conversationId, message, cancellationToken);
                text = HandoffTexts.Get(nameof(HandoffStrings.ContinueInPersonalChatSent), locale);
            }
            catch (ConnectorException)
            {
                // Fall back to asking the user to open the personal chat.
            }
        }

        if (send)
        {
            await turnContext.SendActivityAsync(text, cancellationToken);
        }

        return text;
    }

    private async Task<string?> LastUserQuestionAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var turns = await contextProvider.GetRecentTurnsAsync(turnContext, 6, cancellationToken);
        return turns.LastOrDefault(t => t.Speaker == ContextSpeaker.User && !HandoffFeature.IsAskCommand(t.Text) && t.Text.Length > 8)?.Text;
    }

    private async Task<string?> LastCityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.From?.Id is not { } userId)
        {
            return null;
        }

        try
        {
            var previous = await desk.Tickets.ListByAskerAsync(userId, cancellationToken, limit: 1);
            return previous.Count > 0 ? previous[0].City : null;
        }
        catch (StorageUnavailableException)
        {
            return null;
        }
    }

    internal static int ParseRating(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "UP" or "👍" => 5,
        "DOWN" or "👎" => 1,
        var s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => 0,
    };
}
