using System.Globalization;
using System.Text.Json.Nodes;
using ConsultBot.Handoff.Cards;
using ConsultBot.Handoff.Resources;
using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.Authentication;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff.Outbox;

/// <summary>
/// Delivers pending outbox items: posts ticket threads, updates their cards, relays answers and posts
/// notices. Each item is leased with its ETag (one instance at a time), its result id is recorded before
/// anything else happens, and it is deleted only when done; a failure is retried with exponential backoff.
/// Any instance on the same store finishes what another left pending.
/// </summary>
internal sealed class OutboxProcessor(
    IStorage storage,
    TicketStore tickets,
    HandoffCards cards,
    IConnectorClient connector,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxProcessor> logger,
    ITrustedServiceUrls? trustedServiceUrls = null)
{
    private readonly HandoffOptions _options = options.Value;

    private enum Outcome
    {
        Done,
        NotReady,
    }

    /// <summary>One pass over the outbox; returns how many items were completed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var pending = await storage.ListAsync(HandoffKeys.OutboxPrefix, HandoffJsonContext.Default.OutboxItem, cancellationToken, limit: 200);
        var completed = 0;
        foreach (var stored in pending)
        {
            var now = timeProvider.GetUtcNow();
            var item = stored.Value;
            if (item.NextAttemptAt > now || item.LeaseUntil > now)
            {
                continue;
            }

            var leased = item with { LeaseUntil = now + _options.OutboxLease, Attempts = item.Attempts + 1 };
            string etag;
            try
            {
                etag = await storage.WriteAsync(stored.Key, leased, HandoffJsonContext.Default.OutboxItem, stored.ETag, cancellationToken);
            }
            catch (EtagException)
            {
                // Another instance leased it (or finished it) first.
                continue;
            }

            if (await ProcessAsync(stored.Key, leased, etag, cancellationToken))
            {
                completed++;
            }
        }

        return completed;
    }

    /// <summary>True when there is nothing pending (tests, health).</summary>
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken) =>
        (await storage.ListAsync(HandoffKeys.OutboxPrefix, 10_000, cancellationToken)).Count;

    private async Task<bool> ProcessAsync(string key, OutboxItem item, string etag, CancellationToken cancellationToken)
    {
        var lease = new Lease(key, item, etag);
        Outcome outcome;
        try
        {
            outcome = item.Kind switch
            {
                OutboxKind.PostTicket => await PostTicketAsync(lease, cancellationToken),
                OutboxKind.UpdateCard => await UpdateCardAsync(lease, cancellationToken),
                OutboxKind.RelayAnswer => await RelayAnswerAsync(lease, cancellationToken),
                OutboxKind.ThreadNotice => await PostNoticeAsync(lease, cancellationToken),
                _ => Outcome.Done,
            };
        }
        catch (ConnectorException ex)
        {
            await RescheduleAsync(lease, ex, cancellationToken);
            return false;
        }
        catch (HttpRequestException ex)
        {
            await RescheduleAsync(lease, ex, cancellationToken);
            return false;
        }
        catch (StorageUnavailableException ex)
        {
            // The lease runs out and the next pass (here or elsewhere) retries.
            logger.StoreUnavailable(ex, "outbox delivery");
            return false;
        }

        if (outcome == Outcome.NotReady)
        {
            await WriteAsync(lease, lease.Item with { LeaseUntil = null, Attempts = lease.Item.Attempts - 1, NextAttemptAt = timeProvider.GetUtcNow() + _options.OutboxBaseBackoff }, cancellationToken);
            return false;
        }

        await storage.DeleteAsync([key], cancellationToken);
        logger.Delivered(item.Kind.ToString(), item.TicketNumber, item.Attempts);
        return true;
    }

    private async Task<Outcome> PostTicketAsync(Lease lease, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(lease.Item.TicketNumber, cancellationToken);
        if (ticket is null || ticket.CardActivityId is not null)
        {
            return Outcome.Done;
        }

        if (!_options.IsChannelConfigured)
        {
            logger.DeliveryDropped(nameof(OutboxKind.PostTicket), ticket.Number, "no consultants' channel configured");
            return Outcome.Done;
        }

        if (lease.Item.ResultActivityId is null)
        {
            var message = CardMessage(cards.RenderTicket(ticket, timeProvider.GetUtcNow()));
            message.Summary = ticket.Number;
            var parameters = new ConversationParameters
            {
                IsGroup = true,
                ChannelData = new JsonObject { ["channel"] = new JsonObject { ["id"] = _options.ConsultantsConversationId } },
                Activity = message,
                TenantId = _options.TenantId,
            };
            var created = await connector.CreateConversationAsync(ChannelServiceUrl(), parameters, cancellationToken);
            var threadId = created.Id ?? _options.ConsultantsConversationId!;
            var rootId = created.ActivityId ?? RootIdOf(threadId)
                ?? throw new ConnectorException(0, null, "Creating the ticket thread returned neither an activity id nor a thread id.");
            if (!threadId.Contains(";messageid=", StringComparison.Ordinal))
            {
                threadId = $"{_options.ConsultantsConversationId};messageid={rootId}";
            }

            // Recorded before anything else: a crash from here on never posts the thread twice.
            await WriteAsync(lease, lease.Item with { ResultActivityId = rootId, ResultConversationId = threadId }, cancellationToken);
        }

        var root = lease.Item.ResultActivityId!;
        var thread = lease.Item.ResultConversationId!;
        await tickets.WriteThreadIndexAsync(root, ticket.Number, cancellationToken);
        await tickets.MutateAsync(ticket.Number,
            t => t.CardActivityId is null ? TicketDecision.Apply(t with { CardActivityId = root, ThreadConversationId = thread }) : TicketDecision.Unchanged(t),
            null, cancellationToken);
        return Outcome.Done;
    }

    private async Task<Outcome> UpdateCardAsync(Lease lease, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(lease.Item.TicketNumber, cancellationToken);
        if (ticket?.CardActivityId is not { } root || ticket.ThreadConversationId is not { } thread || !_options.IsChannelConfigured)
        {
            // Not posted yet: the post renders the current state anyway.
            return Outcome.Done;
        }

        var message = CardMessage(cards.RenderTicket(ticket, timeProvider.GetUtcNow()));
        message.Id = root;
        message.Conversation = new ConversationAccount { Id = thread };
        try
        {
            await connector.UpdateActivityAsync(ChannelServiceUrl(), thread, root, message, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.StatusCode == 404)
        {
            logger.DeliveryDropped(nameof(OutboxKind.UpdateCard), ticket.Number, "the card message no longer exists");
        }

        return Outcome.Done;
    }

    private async Task<Outcome> RelayAnswerAsync(Lease lease, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(lease.Item.TicketNumber, cancellationToken);
        var answer = ticket?.Answers.FirstOrDefault(a => a.Id == lease.Item.AnswerId);
        if (ticket is null || answer is null || answer.DeliveredActivityId is not null)
        {
            return Outcome.Done;
        }

        if (ticket.AskerReference is not { ServiceUrl: { } serviceUrl, Conversation.Id: { } conversationId } reference)
        {
            await MarkUndeliverableAsync(ticket.Number, answer.Id, cancellationToken);
            return Outcome.Done;
        }

        if (lease.Item.ResultActivityId is null)
        {
            var message = CardMessage(cards.RenderAnswer(ticket, answer, "open"));
            message.Summary = ticket.Number;
            message.ApplyConversationReference(reference);
            message.ReplyToId = null;
            trustedServiceUrls?.Trust(serviceUrl);
            ResourceResponse sent;
            try
            {
                sent = await connector.SendToConversationAsync(serviceUrl, conversationId, message, cancellationToken);
            }
            catch (ConversationUnreachableException)
            {
                logger.DeliveryDropped(nameof(OutboxKind.RelayAnswer), ticket.Number, "the asker blocked or removed the bot");
                await MarkUndeliverableAsync(ticket.Number, answer.Id, cancellationToken);
                return Outcome.Done;
            }

            await WriteAsync(lease, lease.Item with { ResultActivityId = sent.Id ?? string.Empty }, cancellationToken);
        }

        var delivered = lease.Item.ResultActivityId!;
        await tickets.MutateAsync(ticket.Number, t => TicketDecision.Apply(t with
        {
            Answers = [.. t.Answers.Select(a => a.Id == answer.Id ? a with { DeliveredActivityId = delivered } : a)],
        }), null, cancellationToken);
        return Outcome.Done;
    }

    private async Task<Outcome> PostNoticeAsync(Lease lease, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(lease.Item.TicketNumber, cancellationToken);
        if (ticket is null || !_options.IsChannelConfigured || lease.Item.ResultActivityId is not null)
        {
            return Outcome.Done;
        }

        if (ticket.ThreadConversationId is not { } thread)
        {
            // The thread is not posted yet; the notice waits for it.
            return Outcome.NotReady;
        }

        var locale = _options.ConsultantsLocale;
        var text = lease.Item.Notice switch
        {
            NoticeKind.SlaReminder => HandoffTexts.Format("SlaReminder", locale, ticket.Number, HandoffTexts.UrgencyLabel(ticket.Urgency, locale), HandoffCards.FormatAge(timeProvider.GetUtcNow() - ticket.CreatedAt)),
            NoticeKind.FollowUp => HandoffTexts.Format("FollowUpNotice", locale, ticket.Number, ticket.FollowUps.Count > 0 ? ticket.FollowUps[^1].Text : string.Empty),
            _ => HandoffTexts.Format("UndeliverableNotice", locale, ticket.Number),
        };
        var message = Activity.CreateMessageActivity(text);
        message.Conversation = new ConversationAccount { Id = thread };
        var sent = await connector.SendToConversationAsync(ChannelServiceUrl(), thread, message, cancellationToken);
        await WriteAsync(lease, lease.Item with { ResultActivityId = sent.Id ?? string.Empty }, cancellationToken);
        return Outcome.Done;
    }

    private async Task MarkUndeliverableAsync(string number, string answerId, CancellationToken cancellationToken) =>
        await tickets.MutateAsync(number,
            t => TicketDecision.Apply(t with { Answers = [.. t.Answers.Select(a => a.Id == answerId ? a with { Undeliverable = true } : a)] }),
            (_, _) => _options.IsChannelConfigured
                ? [OutboxItem.Create(OutboxKind.ThreadNotice, number, timeProvider.GetUtcNow(), notice: NoticeKind.Undeliverable)]
                : [],
            cancellationToken);

    private async Task RescheduleAsync(Lease lease, Exception exception, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var exponent = Math.Min(lease.Item.Attempts - 1, 20);
        var backoff = TimeSpan.FromTicks(Math.Min(_options.OutboxMaxBackoff.Ticks, _options.OutboxBaseBackoff.Ticks * (1L << exponent)));
        var next = now + backoff;
        var status = exception is ConnectorException ce ? ce.StatusCode.ToString(CultureInfo.InvariantCulture) : "-";
        logger.DeliveryFailed(exception, lease.Item.Kind.ToString(), lease.Item.TicketNumber, lease.Item.Attempts, next);
        try
        {
            await WriteAsync(lease, lease.Item with { LeaseUntil = null, NextAttemptAt = next, LastError = $"{exception.GetType().Name} {status}" }, cancellationToken);
        }
        catch (EtagException)
        {
            // Lease lost meanwhile; whoever has it now decides.
        }
    }

    private async Task WriteAsync(Lease lease, OutboxItem item, CancellationToken cancellationToken)
    {
        lease.ETag = await storage.WriteAsync(lease.Key, item, HandoffJsonContext.Default.OutboxItem, lease.ETag, cancellationToken);
        lease.Item = item;
    }

    private string ChannelServiceUrl()
    {
        var url = _options.ServiceUrl!;

        // A configured URL is as trusted as the allow-list: the token may go there.
        trustedServiceUrls?.Trust(url);
        return url;
    }

    private static Activity CardMessage(JsonObject card)
    {
        var message = Activity.CreateMessageActivity();
        message.Attachments = [Attachment.AdaptiveCard(card)];
        return message;
    }

    /// <summary>The root message id of a thread conversation id <c>19:…;messageid=&lt;root&gt;</c>.</summary>
    internal static string? RootIdOf(string? conversationId)
    {
        const string marker = ";messageid=";
        var index = conversationId?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        return index < 0 ? null : conversationId![(index + marker.Length)..];
    }

    /// <summary>The item as this instance holds it, with the ETag of its last write.</summary>
    private sealed class Lease(string key, OutboxItem item, string etag)
    {
        public string Key { get; } = key;

        public OutboxItem Item { get; set; } = item;

        public string ETag { get; set; } = etag;
    }
}
