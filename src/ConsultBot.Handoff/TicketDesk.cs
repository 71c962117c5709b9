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

/// <summary>
/// The turn handlers of the feature: the asker's escalation form, ticket list and answer-card buttons,
/// and the consultants' card actions, thread replies and queue. Every change goes through
/// <see cref="TicketStateMachine"/> in an ETag loop; deliveries go through the outbox.
/// </summary>
internal sealed class TicketDesk(
    TicketStore tickets,
    HandoffCards cards,
    ConsultantDirectory consultants,
    IConversationContextProvider contextProvider,
    IFaqDraftSink faqDrafts,
    OutboxSignal signal,
    IConnectorClient connector,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<TicketDesk> logger,
    ConversationReferenceStore? references = null,
    OutboxDeadLetters? deadLetters = null) : IHandoffStarter
{
    private readonly HandoffOptions _options = options.Value;

    // ---- Asker side -------------------------------------------------------------------------------

    public async Task OfferAsync(ITurnContext turnContext, string question, IReadOnlyList<ConsideredEntry> considered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var card = cards.RenderOffer(question ?? string.Empty, considered ?? [], turnContext.Activity.IsSharedConversation(), Locale(turnContext));
        await SendCardAsync(turnContext, card, cancellationToken);
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
        await SendCardAsync(turnContext, cards.RenderForm(question, city, considered ?? [], Locale(turnContext)), cancellationToken);
    }

    public JsonObject CreateAskData(string? question, IReadOnlyList<ConsideredEntry> considered) => new()
    {
        // "verb" too, so the same data works on an Action.Submit.
        ["verb"] = HandoffVerbs.Ask,
        ["question"] = question ?? string.Empty,
        ["considered"] = HandoffCards.SerializeConsidered(considered ?? []),
    };

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
        return AdaptiveCardInvokeResponse.Card(cards.RenderForm(question, city, considered, Locale(turnContext)));
    }

    /// <summary>The escalation form was submitted: store the ticket (before anything is posted), confirm.</summary>
    public async Task<AdaptiveCardInvokeResponse> OnSubmitAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        // Authorized by the router (HandoffFeature's table): a personal chat, and a form id that is new or the caller's.
        var activity = turnContext.Activity;
        var locale = Locale(turnContext);
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
            if (formId is not null && await tickets.FindByFormAsync(formId, cancellationToken) is { } existing)
            {
                return AdaptiveCardInvokeResponse.Card(cards.RenderSubmitted(existing, locale));
            }

            var context = consent && _options.ContextTurns > 0
                ? await contextProvider.GetRecentTurnsAsync(turnContext, _options.ContextTurns, cancellationToken)
                : [];
            var reference = activity.GetConversationReference();
            reference.ActivityId = null;
            var now = timeProvider.GetUtcNow();
            var number = TicketStore.FormatNumber(_options.TicketPrefix, await tickets.AllocateNumberAsync(cancellationToken));
            var ticket = TicketStateMachine.Create(new Ticket
            {
                Number = number,
                Question = question,
                City = string.IsNullOrWhiteSpace(city) ? null : city,
                Topic = topic,
                Urgency = urgency,
                Asker = Person(activity),
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
                ticket = await tickets.CreateAsync(ticket, outbox, cancellationToken);
            }
            catch (EtagException) when (formId is not null)
            {
                // The same form submitted twice at once: the other submit created the ticket.
                var raced = await tickets.FindByFormAsync(formId, cancellationToken) ?? throw new InvalidOperationException($"Ticket {number} could not be stored.");
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
        var locale = Locale(turnContext);
        if (turnContext.Activity.IsSharedConversation())
        {
            await turnContext.SendActivityAsync(HandoffTexts.Format(nameof(HandoffStrings.ContinueInPersonalChat), locale, TurnLanguage.IsEnglish(locale) ? "my tickets" : "moje zgłoszenia"), cancellationToken);
            return;
        }

        var mine = await tickets.ListByAskerAsync(turnContext.Activity.From?.Id ?? string.Empty, cancellationToken);
        await SendCardAsync(turnContext, cards.RenderList(mine, queue: false, timeProvider.GetUtcNow(), locale), cancellationToken);
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

    // ---- Consultants' side ------------------------------------------------------------------------

    /// <summary>Card refresh: the current state of the ticket, for a consultant (the router checked who asks).</summary>
    public async Task<AdaptiveCardInvokeResponse> OnRefreshAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var number = request.GetString("ticket");
        var ticket = number is null ? null : await tickets.GetAsync(number, cancellationToken);
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

        var ticket = await tickets.GetAsync(number, cancellationToken);
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

        var me = Person(turnContext.Activity);
        var draftId = await faqDrafts.ProposeAsync(ticket.Question, ticket.Answers[^1].Text, me.Name ?? me.UserId, cancellationToken);
        var decision = await tickets.MutateAsync(number,
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
            && IsConsultantsConversation(activity)
            && OutboxProcessor.RootIdOf(activity.Conversation?.Id) is not null
            && !IsQueueCommand(activity.Text);
    }

    /// <summary>A consultant's reply in a ticket's thread is an answer, relayed like one from the card.</summary>
    public async Task OnThreadReplyAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var locale = cards.ConsultantsLocale;
        var root = OutboxProcessor.RootIdOf(activity.Conversation?.Id)!;
        var ticket = await tickets.FindByThreadAsync(root, cancellationToken);
        if (ticket is null)
        {
            return;
        }

        if (!await IsConsultantAsync(turnContext, "thread reply", ticket.Number, cancellationToken))
        {
            await turnContext.SendActivityAsync(HandoffTexts.Get(nameof(HandoffStrings.NotConsultant), locale), cancellationToken);
            return;
        }

        var me = Person(activity);
        var text = activity.Text!.Trim();
        var answerId = AnswerIdOf(activity);
        var now = timeProvider.GetUtcNow();
        TicketDecision? decision;
        try
        {
            decision = await tickets.MutateAsync(ticket.Number,
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
            await turnContext.SendActivityAsync(RejectionText(decision, locale), cancellationToken);
            return;
        }

        LogMoves(ticket, decision.Ticket);
        signal.Notify();
        await turnContext.SendActivityAsync(HandoffTexts.Format(nameof(HandoffStrings.ThreadReplyRelayed), locale, ticket.Number), cancellationToken);
    }

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

    // ---- Shared plumbing --------------------------------------------------------------------------

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
        var number = request.GetString("ticket");
        if (string.IsNullOrWhiteSpace(number))
        {
            return AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing data.ticket.");
        }

        var now = timeProvider.GetUtcNow();
        var (decision, failure) = await DecideAsync(turnContext, number, verb, now, decide, effects, locale, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (!decision.Accepted)
        {
            // The loser of a race sees the card as it is now, with who has the ticket.
            logger.ActionRejected(number, verb, decision.Rejection);
            return AdaptiveCardInvokeResponse.Card(cards.RenderTicket(decision.Ticket, now, RejectionText(decision, locale)));
        }


        return AdaptiveCardInvokeResponse.Card(cards.RenderTicket(decision.Ticket, now, HandoffTexts.Format(successText, locale, number)));
    }

    /// <summary>
    /// Applies a consultant's or asker's decision to the ticket with optimistic concurrency, records the
    /// moves and wakes the outbox; a store problem or a missing ticket becomes the message to show instead.
    /// </summary>
    private async Task<(TicketDecision Decision, AdaptiveCardInvokeResponse? Failure)> DecideAsync(
        ITurnContext turnContext,
        string number,
        string verb,
        DateTimeOffset now,
        Func<Ticket, TicketPerson, DateTimeOffset, TicketDecision> decide,
        Func<Ticket, Ticket, DateTimeOffset, IReadOnlyList<OutboxItem>> effects,
        string locale,
        CancellationToken cancellationToken)
    {
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
            return (null!, AdaptiveCardInvokeResponse.Message(HandoffTexts.Get(nameof(HandoffStrings.StoreBusy), locale)));
        }

        if (decision is null)
        {
            return (null!, AdaptiveCardInvokeResponse.Message(HandoffTexts.Format(nameof(HandoffStrings.TicketNotFound), locale, number)));
        }

        if (decision.Accepted && decision.Changed)
        {
            LogMoves(before!, decision.Ticket);
            signal.Notify();
        }

        return (decision, null);
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
        var locale = Locale(turnContext);
        var number = request.GetString("ticket");
        if (string.IsNullOrWhiteSpace(number))
        {
            return AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing data.ticket.");
        }

        var now = timeProvider.GetUtcNow();
        var (decision, failure) = await DecideAsync(turnContext, number, verb, now, decide, effects, locale, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (!decision.Accepted)
        {
            logger.ActionRejected(number, verb, decision.Rejection);
            return AdaptiveCardInvokeResponse.Message(RejectionText(decision, locale));
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

    private IReadOnlyList<OutboxItem> AnswerEffects(Ticket ticket, string answerId, DateTimeOffset now) =>
    [
        OutboxItem.Create(OutboxKind.RelayAnswer, ticket.Number, now, answerId: answerId),
        OutboxItem.Create(OutboxKind.UpdateCard, ticket.Number, now),
    ];

    private async Task<bool> IsConsultantAsync(ITurnContext turnContext, string action, string number, CancellationToken cancellationToken)
    {
        var from = turnContext.Activity.From;
        if (await consultants.IsConsultantAsync(from, cancellationToken))
        {
            return true;
        }

        logger.NotConsultant(action, number, from?.Id ?? "(none)");
        return false;
    }

    private string RejectionText(TicketDecision decision, string locale) => decision.Rejection switch
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

    /// <summary>
    /// Sends the form to the user's personal chat when the bot knows it, and says so; otherwise asks the
    /// user to open it. Returns the text said in the shared conversation.
    /// </summary>
    private async Task<string> RedirectToPersonalChatAsync(ITurnContext turnContext, string? question, IReadOnlyList<ConsideredEntry> considered, string command, CancellationToken cancellationToken, bool send = true)
    {
        var activity = turnContext.Activity;
        var locale = Locale(turnContext);
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
            var previous = await tickets.ListByAskerAsync(userId, cancellationToken, limit: 1);
            return previous.Count > 0 ? previous[0].City : null;
        }
        catch (StorageUnavailableException)
        {
            return null;
        }
    }

    private bool IsConsultantsConversation(Activity activity) => HandoffGuard.IsConsultantsConversation(_options, activity);

    private static bool IsQueueCommand(string? text) =>
        TextMatching.Fold(text) is "tickets" or "zgloszenia" or "kolejka" or "queue";

    private static async Task SendCardAsync(ITurnContext turnContext, JsonObject card, CancellationToken cancellationToken)
    {
        var message = Activity.CreateMessageActivity();
        message.Attachments = [Attachment.AdaptiveCard(card)];
        await turnContext.SendActivityAsync(message, cancellationToken);
    }

    private static string AnswerIdOf(Activity activity) =>
        activity.Id is { Length: > 0 } id ? "a-" + id : "a-" + Guid.NewGuid().ToString("N");

    private static TicketPerson Person(Activity activity) =>
        new(activity.From?.Id ?? string.Empty, activity.From?.Name, activity.From?.AadObjectId);

    private static string Locale(ITurnContext turnContext) => TurnLanguage.FromLocale(turnContext.Activity.Locale);

    internal static int ParseRating(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "UP" or "👍" => 5,
        "DOWN" or "👎" => 1,
        var s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => 0,
    };
}
