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
/// The turn handlers of the feature, one file per audience: TicketDesk.Askers.cs (the escalation form, ticket list,
/// answer-card buttons), TicketDesk.Consultants.cs (card actions, thread replies), TicketDesk.Queue.cs ("tickets");
/// this file holds what they share. Every change goes through <see cref="TicketStateMachine"/> in an ETag loop;
/// deliveries go through the outbox.
/// </summary>
internal sealed partial class TicketDesk(
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
