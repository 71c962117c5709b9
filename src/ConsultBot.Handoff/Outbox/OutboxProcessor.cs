using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Handoff.Cards;
using ConsultBot.Handoff.Resources;
using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.Authentication;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff.Outbox;

/// <summary>
/// Delivers pending outbox items: posts ticket threads, updates their cards, relays answers and posts
/// notices. Each item is leased with its ETag (one instance at a time) for longer than its connector call can
/// run, its result id is recorded before anything else happens, and it is deleted only when done. A failure
/// moves the item to the retry lane with exponential backoff (<see cref="OutboxKeys"/>), so new items never
/// queue behind failing ones; what cannot succeed (404/403/400, a card too large even when shortened, too many
/// attempts, too old) is dead-lettered with its reason. Any instance on the same store finishes what another
/// left pending.
/// </summary>
internal sealed class OutboxProcessor(
    IStorage storage,
    TicketStore tickets,
    HandoffCards cards,
    IConnectorClient connector,
    IOptions<HandoffOptions> options,
    IOptions<ConnectorOptions> connectorOptions,
    TimeProvider timeProvider,
    ILogger<OutboxProcessor> logger,
    ITrustedServiceUrls? trustedServiceUrls = null)
{
    /// <summary>Items read per listing.</summary>
    internal const int BatchSize = 200;

    /// <summary>Listings of the new-item lane per pass: drains a burst, yet leaves the retry lane its turn.</summary>
    private const int MaxFreshRounds = 10;

    private readonly HandoffOptions _options = options.Value;
    private readonly TimeSpan _lease = OutboxTiming.Lease(options.Value, connectorOptions.Value);
    private readonly OutboxCardFitting _fitting = new(cards);

    private enum Outcome
    {
        Done,
        NotReady,
        CardTooLarge,
    }

    /// <summary>The lease every delivery of this instance takes.</summary>
    internal TimeSpan LeaseDuration => _lease;

    /// <summary>One pass over the outbox: new items oldest first, then due retries; returns how many items were completed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var completed = 0;
        var freshLeft = 0;
        for (var round = 0; round < MaxFreshRounds; round++)
        {
            var fresh = await storage.ListAsync(OutboxKeys.FreshPrefix, BatchSize, cancellationToken);
            var (done, attempted) = await DeliverAsync(fresh, dueOrder: false, cancellationToken);
            completed += done;
            freshLeft = fresh.Count - done;

            // Every attempted item has left the lane (delivered, moved to retry or dead-lettered): a full
            // listing may have more behind it.
            if (fresh.Count < BatchSize || attempted == 0)
            {
                break;
            }
        }

        var retries = await storage.ListAsync(OutboxKeys.RetryPrefix, BatchSize, cancellationToken);
        var retried = (await DeliverAsync(retries, dueOrder: true, cancellationToken)).Completed;
        completed += retried;
        ConsultBotTelemetry.OutboxPending.Record(freshLeft + retries.Count - retried);
        return completed;
    }

    /// <summary>How many deliveries are pending, new and retrying (tests, health).</summary>
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken) =>
        (await storage.ListAsync(OutboxKeys.FreshPrefix, 10_000, cancellationToken)).Count
        + (await storage.ListAsync(OutboxKeys.RetryPrefix, 10_000, cancellationToken)).Count;

    private async Task<(int Completed, int Attempted)> DeliverAsync(IReadOnlyList<KeyValuePair<string, StoreItem>> listed, bool dueOrder, CancellationToken cancellationToken)
    {
        var completed = 0;
        var attempted = 0;
        foreach (var (key, stored) in listed)
        {
            var now = timeProvider.GetUtcNow();
            if (Read(stored) is not { } item)
            {
                await DeadLetterUnreadableAsync(key, stored, now, cancellationToken);
                continue;
            }

            if (item.NextAttemptAt > now)
            {
                if (dueOrder)
                {
                    // The lane is in due order: nothing after this one is due either.
                    break;
                }

                continue;
            }

            if (item.LeaseUntil > now)
            {
                // Another instance is delivering it.
                continue;
            }

            var leased = item with { LeaseUntil = now + _lease, Attempts = item.Attempts + 1 };
            string etag;
            try
            {
                etag = await storage.WriteAsync(key, leased, HandoffJsonContext.Default.OutboxItem, stored.ETag, cancellationToken);
            }
            catch (EtagException)
            {
                // Another instance leased it (or finished it) first.
                continue;
            }

            attempted++;
            if (await ProcessAsync(new Lease(key, leased, etag), cancellationToken))
            {
                completed++;
            }
        }

        return (completed, attempted);
    }

    private static OutboxItem? Read(StoreItem stored)
    {
        try
        {
            return JsonSerializer.Deserialize(stored.Json, HandoffJsonContext.Default.OutboxItem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<bool> ProcessAsync(Lease lease, CancellationToken cancellationToken)
    {
        var item = lease.Item;

        // The call is cut off before the lease ends: while it may still run, no other instance can start it.
        using var budget = new CancellationTokenSource(OutboxTiming.CallBudget(_lease), timeProvider);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        lease.CallToken = call.Token;
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the item back now rather than make the next instance wait out the lease.
            await ReleaseAsync(lease);
            throw;
        }
        catch (OperationCanceledException ex) when (budget.IsCancellationRequested)
        {
            await FailAsync(lease, ex, null, cancellationToken);
            return false;
        }
        catch (ConnectorException ex)
        {
            await FailAsync(lease, ex, PermanentReason(ex), cancellationToken);
            return false;
        }
        catch (HttpRequestException ex)
        {
            await FailAsync(lease, ex, null, cancellationToken);
            return false;
        }
        catch (StorageUnavailableException ex)
        {
            // The lease runs out and the next pass (here or elsewhere) retries.
            logger.StoreUnavailable(ex, "outbox delivery");
            return false;
        }

        switch (outcome)
        {
            case Outcome.NotReady:
                await WaitForThreadAsync(lease, cancellationToken);
                return false;
            case Outcome.CardTooLarge:
                await DeadLetterAsync(lease, DeadLetterReason.CardTooLarge, null, cancellationToken);
                return false;
            default:
                await storage.DeleteAsync([lease.Key], cancellationToken);
                logger.Delivered(item.Kind.ToString(), item.TicketNumber, item.Attempts);
                ConsultBotTelemetry.OutboxDelivered.Add(1, new KeyValuePair<string, object?>("kind", item.Kind.ToString()));
                return true;
        }
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
            if (_fitting.TicketCard(ticket, timeProvider.GetUtcNow(), _options.ConsultantsLocale) is not { } card)
            {
                return Outcome.CardTooLarge;
            }

            var message = CardMessage(card);
            message.Summary = ticket.Number;
            var parameters = new ConversationParameters
            {
                IsGroup = true,
                ChannelData = new JsonObject { ["channel"] = new JsonObject { ["id"] = _options.ConsultantsConversationId } },
                Activity = message,
                TenantId = _options.TenantId,
            };
            var created = await connector.CreateConversationAsync(ChannelServiceUrl(), parameters, lease.CallToken);
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

        if (_fitting.TicketCard(ticket, timeProvider.GetUtcNow(), _options.ConsultantsLocale) is not { } card)
        {
            return Outcome.CardTooLarge;
        }

        var message = CardMessage(card);
        message.Id = root;
        message.Conversation = new ConversationAccount { Id = thread };
        try
        {
            await connector.UpdateActivityAsync(ChannelServiceUrl(), thread, root, message, lease.CallToken);
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
            if (_fitting.AnswerCard(ticket, answer, "open") is not { } card)
            {
                return Outcome.CardTooLarge;
            }

            var message = CardMessage(card);
            message.Summary = ticket.Number;
            message.ApplyConversationReference(reference);
            message.ReplyToId = null;
            trustedServiceUrls?.Trust(serviceUrl);
            ResourceResponse sent;
            try
            {
                sent = await connector.SendToConversationAsync(serviceUrl, conversationId, message, lease.CallToken);
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
            NoticeKind.SlaReminder => HandoffTexts.Format(nameof(HandoffStrings.SlaReminder), locale, ticket.Number, HandoffLabels.Urgency(ticket.Urgency, locale), HandoffCards.FormatAge(timeProvider.GetUtcNow() - ticket.CreatedAt)),
            NoticeKind.FollowUp => HandoffTexts.Format(nameof(HandoffStrings.FollowUpNotice), locale, ticket.Number,
                ticket.FollowUps.Count > 0 ? OutboxCardFitting.Shorten(ticket.FollowUps[^1].Text, OutboxCardFitting.NoticeTextLength, ticket.Number, locale) : string.Empty),
            _ => HandoffTexts.Format(nameof(HandoffStrings.UndeliverableNotice), locale, ticket.Number),
        };
        var message = Activity.CreateMessageActivity(text);
        message.Conversation = new ConversationAccount { Id = thread };
        var sent = await connector.SendToConversationAsync(ChannelServiceUrl(), thread, message, lease.CallToken);
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

    /// <summary>
    /// A failed attempt: given up at once when retrying cannot help (<paramref name="permanent"/>), or after
    /// too many attempts or too long; otherwise moved to the retry lane, due after an exponential backoff.
    /// </summary>
    private async Task FailAsync(Lease lease, Exception exception, DeadLetterReason? permanent, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var item = lease.Item;
        var error = Describe(exception);
        var reason = permanent
            ?? (item.Attempts >= _options.OutboxMaxAttempts ? DeadLetterReason.TooManyAttempts
                : now - item.CreatedAt >= _options.OutboxMaxAge ? DeadLetterReason.TooOld
                : null);
        if (reason is { } given)
        {
            await DeadLetterAsync(lease, given, error, cancellationToken);
            return;
        }

        var exponent = Math.Min(item.Attempts - 1, 20);
        var backoff = TimeSpan.FromTicks(Math.Min(_options.OutboxMaxBackoff.Ticks, _options.OutboxBaseBackoff.Ticks * (1L << exponent)));
        var next = now + backoff;
        logger.DeliveryFailed(exception, item.Kind.ToString(), item.TicketNumber, item.Attempts, next);
        await MoveAsync(lease, item with { LeaseUntil = null, NextAttemptAt = next, LastError = error }, cancellationToken);
    }

    /// <summary>A notice whose ticket has no thread yet waits (not counted as an attempt) until the item is too old.</summary>
    private async Task WaitForThreadAsync(Lease lease, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var item = lease.Item;
        var age = now - item.CreatedAt;
        if (age >= _options.OutboxMaxAge)
        {
            await DeadLetterAsync(lease, DeadLetterReason.TooOld, "the ticket's thread was never posted", cancellationToken);
            return;
        }

        // The wait grows with the age, so a thread that never comes does not cost a read every pass.
        var wait = TimeSpan.FromTicks(Math.Clamp(age.Ticks / 4, _options.OutboxBaseBackoff.Ticks, _options.OutboxMaxBackoff.Ticks));
        await MoveAsync(lease, item with { LeaseUntil = null, Attempts = item.Attempts - 1, NextAttemptAt = now + wait }, cancellationToken);
    }

    /// <summary>Moves the leased item to its place in the retry lane, in one atomic write with the ETag of the lease.</summary>
    private async Task MoveAsync(Lease lease, OutboxItem next, CancellationToken cancellationToken)
    {
        try
        {
            await storage.WriteAsync(new Dictionary<string, StoreItem>(StringComparer.Ordinal)
            {
                [OutboxKeys.Retry(next)] = new(JsonSerializer.Serialize(next, HandoffJsonContext.Default.OutboxItem), StoreItem.CreateOnly),
                [lease.Key] = Tombstone(lease.ETag),
            }, cancellationToken);
        }
        catch (EtagException)
        {
            // Lease lost meanwhile; whoever has it now decides.
            return;
        }

        await DeleteTombstoneAsync(lease.Key, cancellationToken);
    }

    /// <summary>Gives the item up: the dead letter replaces it atomically; an answer that cannot reach the asker is marked so.</summary>
    private async Task DeadLetterAsync(Lease lease, DeadLetterReason reason, string? error, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var item = lease.Item;
        var letter = OutboxDeadLetter.From(item, reason, error, now);
        try
        {
            await storage.WriteAsync(new Dictionary<string, StoreItem>(StringComparer.Ordinal)
            {
                [OutboxKeys.Dead(letter.Id)] = DeadLetterItem(letter, now),
                [lease.Key] = Tombstone(lease.ETag),
            }, cancellationToken);
        }
        catch (EtagException)
        {
            return;
        }

        await DeleteTombstoneAsync(lease.Key, cancellationToken);
        logger.DeadLettered(item.Kind.ToString(), item.TicketNumber, item.Attempts, reason, letter.LastError ?? "-");
        ConsultBotTelemetry.OutboxDeadLetters.Add(1, new KeyValuePair<string, object?>("kind", item.Kind.ToString()), new KeyValuePair<string, object?>("reason", reason.ToString()));
        if (item.Kind == OutboxKind.RelayAnswer && item.AnswerId is { } answerId)
        {
            await MarkUndeliverableAsync(item.TicketNumber, answerId, cancellationToken);
        }
    }

    private async Task DeadLetterUnreadableAsync(string key, StoreItem stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = key[(key.LastIndexOf('/') + 1)..];
        try
        {
            await storage.WriteAsync(new Dictionary<string, StoreItem>(StringComparer.Ordinal)
            {
                [OutboxKeys.Dead(id)] = DeadLetterItem(OutboxDeadLetter.Unreadable(id, now), now),
                [key] = Tombstone(stored.ETag ?? StoreItem.Any),
            }, cancellationToken);
        }
        catch (EtagException)
        {
            return;
        }

        await DeleteTombstoneAsync(key, cancellationToken);
        logger.UnreadableItem(key);
    }

    /// <summary>Hands the item back on shutdown (best effort, the attempt did not finish).</summary>
    private async Task ReleaseAsync(Lease lease)
    {
        try
        {
            await WriteAsync(lease, lease.Item with { LeaseUntil = null, Attempts = Math.Max(0, lease.Item.Attempts - 1) }, CancellationToken.None);
        }
        catch (EtagException)
        {
            // Lease already lost.
        }
        catch (StorageUnavailableException)
        {
            // The lease runs out on its own.
        }
    }

    private async Task WriteAsync(Lease lease, OutboxItem item, CancellationToken cancellationToken)
    {
        lease.ETag = await storage.WriteAsync(lease.Key, item, HandoffJsonContext.Default.OutboxItem, lease.ETag, cancellationToken);
        lease.Item = item;
    }

    private StoreItem DeadLetterItem(OutboxDeadLetter letter, DateTimeOffset now) =>
        new(JsonSerializer.Serialize(letter, HandoffJsonContext.Default.OutboxDeadLetter), StoreItem.Any, now + TimeSpan.FromDays(_options.RetentionDays));

    /// <summary>
    /// Replaces an item in the same atomic write that puts its successor elsewhere: already expired, it reads
    /// as missing at once on every store, so no crash can leave the item in two places.
    /// </summary>
    private static StoreItem Tombstone(string etag) => new("{}", etag, DateTimeOffset.UnixEpoch);

    private async Task DeleteTombstoneAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await storage.DeleteAsync([key], cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            // Expired already; the store's purge removes it.
        }
    }

    /// <summary>Statuses that the same request will get again however often it is retried.</summary>
    private static DeadLetterReason? PermanentReason(ConnectorException exception) => exception.StatusCode switch
    {
        404 => DeadLetterReason.ConversationNotFound,
        403 => DeadLetterReason.Forbidden,
        400 or 413 => DeadLetterReason.Rejected,
        _ => null,
    };

    /// <summary>Type, status and error code only: connector messages may quote ids.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        ConnectorException { StatusCode: > 0 } ce => string.Create(CultureInfo.InvariantCulture, $"{ce.GetType().Name} {ce.StatusCode}{(ce.ErrorCode is { } code ? " " + code : string.Empty)}"),
        ConnectorException ce => $"{ce.GetType().Name} no answer",
        OperationCanceledException => "cut off before the lease ran out",
        _ => exception.GetType().Name,
    };

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

        /// <summary>For connector calls: cancelled when the host stops or the call would outlive the lease.</summary>
        public CancellationToken CallToken { get; set; }

        public OutboxItem Item { get; set; } = item;

        public string ETag { get; set; } = etag;
    }
}
