namespace ConsultBot.Handoff.Outbox;

/// <summary>What a pending delivery does.</summary>
internal enum OutboxKind
{
    /// <summary>Start the ticket's thread in the consultants' channel with its card.</summary>
    PostTicket,

    /// <summary>Re-render the card at the root of the ticket's thread.</summary>
    UpdateCard,

    /// <summary>Send a consultant's answer to the asker's chat.</summary>
    RelayAnswer,

    /// <summary>Post a notice into the ticket's thread.</summary>
    ThreadNotice,
}

/// <summary>The notices posted into a ticket's thread.</summary>
internal enum NoticeKind
{
    SlaReminder,
    FollowUp,
    Undeliverable,
}

/// <summary>
/// A pending delivery at <c>handoff/outbox/{Id}</c>, written in the same atomic store write as the
/// ticket change that caused it, and deleted only after the delivery's result was recorded.
/// Texts are rendered at delivery time from the ticket, so no message text sits in the outbox.
/// </summary>
internal sealed record OutboxItem
{
    public required string Id { get; init; }

    public required OutboxKind Kind { get; init; }

    public required string TicketNumber { get; init; }

    public string? AnswerId { get; init; }

    public NoticeKind? Notice { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>An instance is delivering it until then; others leave it alone.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>Set right after the connector accepted the activity: a retry only records, never re-sends.</summary>
    public string? ResultActivityId { get; init; }

    public string? ResultConversationId { get; init; }

    public string? LastError { get; init; }

    public static OutboxItem Create(OutboxKind kind, string ticketNumber, DateTimeOffset now, string? answerId = null, NoticeKind? notice = null) => new()
    {
        // Time-ordered ids: listing the prefix yields oldest first.
        Id = $"{now.UtcTicks:D19}-{Guid.NewGuid():N}",
        Kind = kind,
        TicketNumber = ticketNumber,
        AnswerId = answerId,
        Notice = notice,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
