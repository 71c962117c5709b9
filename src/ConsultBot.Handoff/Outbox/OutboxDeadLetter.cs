namespace ConsultBot.Handoff.Outbox;

/// <summary>Why a delivery was given up.</summary>
internal enum DeadLetterReason
{
    /// <summary>Teams answered 404: the conversation or thread does not exist (any more).</summary>
    ConversationNotFound,

    /// <summary>Teams answered 403: the bot may not write there (removed from the team, blocked).</summary>
    Forbidden,

    /// <summary>Teams answered 400 or 413: the message itself cannot be sent.</summary>
    Rejected,

    /// <summary>The card is over the size limit even when shortened.</summary>
    CardTooLarge,

    /// <summary>It kept failing for <see cref="HandoffOptions.OutboxMaxAttempts"/> attempts.</summary>
    TooManyAttempts,

    /// <summary>It kept failing (or waiting) for longer than <see cref="HandoffOptions.OutboxMaxAge"/>.</summary>
    TooOld,

    /// <summary>The stored item could not be read.</summary>
    Unreadable,
}

/// <summary>
/// A delivery the outbox gave up on, at <c>handoff/outbox-dead/{Id}</c>: what it was, why it was given up
/// and the last error (type and status, never message text). Kept for <see cref="HandoffOptions.RetentionDays"/>;
/// listed in the consultants' <c>tickets</c> and by <c>GET /api/handoff/dead-letters</c>, and put back
/// into the outbox by <c>POST /api/handoff/dead-letters/{id}/retry</c>.
/// </summary>
internal sealed record OutboxDeadLetter
{
    public required string Id { get; init; }

    /// <summary>Null only for an item that could not be read (<see cref="DeadLetterReason.Unreadable"/>).</summary>
    public OutboxKind? Kind { get; init; }

    public required string TicketNumber { get; init; }

    public string? AnswerId { get; init; }

    public NoticeKind? Notice { get; init; }

    public required DeadLetterReason Reason { get; init; }

    public string? LastError { get; init; }

    public int Attempts { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset DeadLetteredAt { get; init; }

    /// <summary>Kept so that a retry after a crash between sending and recording never sends twice.</summary>
    public string? ResultActivityId { get; init; }

    public string? ResultConversationId { get; init; }

    public static OutboxDeadLetter From(OutboxItem item, DeadLetterReason reason, string? lastError, DateTimeOffset now) => new()
    {
        Id = item.Id,
        Kind = item.Kind,
        TicketNumber = item.TicketNumber,
        AnswerId = item.AnswerId,
        Notice = item.Notice,
        Reason = reason,
        LastError = lastError ?? item.LastError,
        Attempts = item.Attempts,
        CreatedAt = item.CreatedAt,
        DeadLetteredAt = now,
        ResultActivityId = item.ResultActivityId,
        ResultConversationId = item.ResultConversationId,
    };

    /// <summary>A fresh outbox item for the same delivery (an admin's retry): new id, attempts from zero; null when unreadable.</summary>
    public OutboxItem? Requeue(DateTimeOffset now) => Kind is { } kind
        ? OutboxItem.Create(kind, TicketNumber, now, AnswerId, Notice) with { ResultActivityId = ResultActivityId, ResultConversationId = ResultConversationId }
        : null;

    /// <summary>What is left of an item whose JSON could not be read: its key, for the admins.</summary>
    public static OutboxDeadLetter Unreadable(string id, DateTimeOffset now) => new()
    {
        Id = id,
        TicketNumber = "-",
        Reason = DeadLetterReason.Unreadable,
        CreatedAt = now,
        DeadLetteredAt = now,
    };
}
