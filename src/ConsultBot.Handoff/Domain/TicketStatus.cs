namespace ConsultBot.Handoff;

/// <summary>Lifecycle of an escalation ticket; the allowed moves are in <see cref="TicketStateMachine"/>.</summary>
public enum TicketStatus
{
    Open,
    Claimed,
    Answered,
    Closed,
    Reopened,
}

/// <summary>How soon the asker needs an answer.</summary>
public enum TicketUrgency
{
    Low,
    Normal,
    High,
}

/// <summary>What the question is about (the choices of the escalation form).</summary>
public enum TicketTopic
{
    Cooperation,
    Integration,
    Funding,
    Legal,
    Programme,
    Other,
}

/// <summary>Who wrote a turn of the conversation context.</summary>
public enum ContextSpeaker
{
    User,
    Bot,
}

/// <summary>What a ticket transition was caused by.</summary>
public enum TicketAction
{
    Create,
    Claim,
    Unassign,
    Answer,
    Close,
    Resolve,
    FollowUp,
}
