using Microsoft.Extensions.Logging;

namespace ConsultBot.Handoff;

/// <summary>
/// Logging of the handoff feature, event ids 8000–8099 (docs/logging.md): 800x tickets, 802x authorization, 804x outbox,
/// 806x SLA and retention. Ticket numbers and Teams ids only; never names or message text.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Ticket {Number} created (urgency {Urgency}, topic {Topic}, context {WithContext})")]
    public static partial void TicketCreated(this ILogger logger, string number, TicketUrgency urgency, TicketTopic topic, bool withContext);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Ticket {Number}: {Action} {From} → {To}")]
    public static partial void TicketMoved(this ILogger logger, string number, TicketAction action, TicketStatus from, TicketStatus to);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Ticket {Number}: {Action} refused ({Rejection})")]
    public static partial void ActionRejected(this ILogger logger, string number, string action, TicketRejection rejection);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "Ticket {Number} proposed as FAQ draft {DraftId}")]
    public static partial void ProposedAsFaq(this ILogger logger, string number, string draftId);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Handoff store unavailable during {Operation}")]
    public static partial void StoreUnavailable(this ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information, Message = "Ticket {Number}: asker rated the answer {Score}")]
    public static partial void Rated(this ILogger logger, string number, int score);

    [LoggerMessage(EventId = 8020, Level = LogLevel.Warning, Message = "Refused {Action} on ticket {Number} by {UserId}: not a consultant")]
    public static partial void NotConsultant(this ILogger logger, string action, string number, string userId);

    [LoggerMessage(EventId = 8021, Level = LogLevel.Warning, Message = "Consultant membership lookup for {UserId} failed; refusing")]
    public static partial void MembershipLookupFailed(this ILogger logger, Exception exception, string userId);

    [LoggerMessage(EventId = 8040, Level = LogLevel.Information, Message = "Outbox {Kind} for ticket {Number} delivered (attempt {Attempt})")]
    public static partial void Delivered(this ILogger logger, string kind, string number, int attempt);

    [LoggerMessage(EventId = 8041, Level = LogLevel.Warning, Message = "Outbox {Kind} for ticket {Number} failed (attempt {Attempt}); next try at {NextAttemptAt:o}")]
    public static partial void DeliveryFailed(this ILogger logger, Exception exception, string kind, string number, int attempt, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 8042, Level = LogLevel.Warning, Message = "Outbox {Kind} for ticket {Number} dropped: {Reason}")]
    public static partial void DeliveryDropped(this ILogger logger, string kind, string number, string reason);

    [LoggerMessage(EventId = 8043, Level = LogLevel.Error, Message = "Handoff background pass failed")]
    public static partial void PassFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8044, Level = LogLevel.Information, Message = "Handoff: no consultants' channel configured (Handoff:ConsultantsConversationId); tickets are stored only")]
    public static partial void NoChannel(this ILogger logger);

    [LoggerMessage(EventId = 8045, Level = LogLevel.Warning, Message = "Outbox {Kind} for ticket {Number} dead-lettered after {Attempts} attempt(s): {Reason} ({LastError})")]
    public static partial void DeadLettered(this ILogger logger, string kind, string number, int attempts, Outbox.DeadLetterReason reason, string lastError);

    [LoggerMessage(EventId = 8046, Level = LogLevel.Warning, Message = "Outbox item {Key} could not be read; dead-lettered")]
    public static partial void UnreadableItem(this ILogger logger, string key);

    [LoggerMessage(EventId = 8047, Level = LogLevel.Information, Message = "Dead letter {Id} for ticket {Number} put back into the outbox by an admin")]
    public static partial void DeadLetterRequeued(this ILogger logger, string id, string number);

    [LoggerMessage(EventId = 8060, Level = LogLevel.Information, Message = "Ticket {Number} unclaimed for {WorkingTime} of working time; re-announced")]
    public static partial void SlaReminder(this ILogger logger, string number, TimeSpan workingTime);

    [LoggerMessage(EventId = 8061, Level = LogLevel.Information, Message = "Ticket {Number} anonymised after retention")]
    public static partial void Anonymised(this ILogger logger, string number);
}
