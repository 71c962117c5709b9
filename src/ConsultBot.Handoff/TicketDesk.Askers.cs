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

/// <summary>The asker's side: the escalation form, "moje zgłoszenia" and the buttons of the answer card, in the asker's personal chat.</summary>
internal sealed partial class TicketDesk
{
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
}
