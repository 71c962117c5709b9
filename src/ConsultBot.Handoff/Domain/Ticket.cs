using ConsultBot.Protocol.Schema;

namespace ConsultBot.Handoff;

/// <summary>
/// An escalation of a question to the Consultation Centre. Stored at <c>handoff/tickets/{Number}</c>;
/// changed only through <see cref="TicketStateMachine"/> and written back with its ETag.
/// </summary>
public sealed record Ticket
{
    public required string Number { get; init; }

    public required string Question { get; init; }

    public string? City { get; init; }

    public TicketTopic Topic { get; init; } = TicketTopic.Other;

    public TicketUrgency Urgency { get; init; } = TicketUrgency.Normal;

    public required TicketPerson Asker { get; init; }

    /// <summary>Where the asker asked: the answer is relayed there. Null once anonymised.</summary>
    public ConversationReference? AskerReference { get; init; }

    /// <summary>Language of the asker's chat ("pl-PL"/"en-US").</summary>
    public string Locale { get; init; } = "pl-PL";

    public bool ContextConsent { get; init; }

    /// <summary>The last turns of the chat, only when the asker consented.</summary>
    public IReadOnlyList<ContextTurn> Context { get; init; } = [];

    public IReadOnlyList<ConsideredEntry> Considered { get; init; } = [];

    public TicketStatus Status { get; init; } = TicketStatus.Open;

    public TicketPerson? Assignee { get; init; }

    public IReadOnlyList<TicketAnswer> Answers { get; init; } = [];

    public IReadOnlyList<TicketFollowUp> FollowUps { get; init; } = [];

    public AskerRating? Rating { get; init; }

    public IReadOnlyList<TicketTransition> History { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The root message of the ticket's thread in the consultants' channel (the card).</summary>
    public string? CardActivityId { get; init; }

    /// <summary>The thread's conversation id (<c>19:…;messageid=&lt;root&gt;</c>).</summary>
    public string? ThreadConversationId { get; init; }

    /// <summary>Set when the unclaimed ticket was re-announced after the claim SLA (once).</summary>
    public DateTimeOffset? SlaReminderSentAt { get; init; }

    public DateTimeOffset? AnonymisedAt { get; init; }

    /// <summary>The FAQ draft proposed from this ticket, once "Propose as FAQ" was used.</summary>
    public string? FaqDraftId { get; init; }

    /// <summary>The escalation form this ticket came from (a second click on Submit finds it).</summary>
    public string? FormId { get; init; }

    /// <summary>The ETag the ticket was read with (not stored; filled on read).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ETag { get; init; }

    /// <summary>True while nobody owns the ticket.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsUnassigned => Assignee is null;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsActive => Status is not TicketStatus.Closed;
}

/// <summary>A person on a ticket: Teams user id, display name, Entra object id.</summary>
public sealed record TicketPerson(string UserId, string? Name, string? AadObjectId)
{
    /// <summary>True when this is the given Teams user (by id, or by Entra object id).</summary>
    public bool Is(string? userId, string? aadObjectId) =>
        (userId is not null && string.Equals(UserId, userId, StringComparison.Ordinal))
        || (aadObjectId is not null && AadObjectId is not null && string.Equals(AadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One turn of the asker's chat with the bot, kept with consent.</summary>
public sealed record ContextTurn(ContextSpeaker Speaker, string Text, DateTimeOffset? Timestamp = null);

/// <summary>An answer of a consultant; <see cref="DeliveredActivityId"/> is set once the asker got it.</summary>
public sealed record TicketAnswer(string Id, TicketPerson By, string Text, DateTimeOffset At, string? DeliveredActivityId = null, bool Undeliverable = false);

/// <summary>A follow-up question of the asker that reopened the ticket.</summary>
public sealed record TicketFollowUp(string Text, DateTimeOffset At);

/// <summary>The asker's rating of the answer: thumbs (1 = 👎, 5 = 👍) or 1–5.</summary>
public sealed record AskerRating(int Score, DateTimeOffset At);

/// <summary>One move of the state machine: who, when, from, to, why.</summary>
public sealed record TicketTransition(TicketAction Action, TicketStatus? From, TicketStatus To, string ByUserId, string? ByName, DateTimeOffset At);
