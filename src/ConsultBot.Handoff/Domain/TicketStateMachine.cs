namespace ConsultBot.Handoff;

/// <summary>Why an action on a ticket was refused.</summary>
public enum TicketRejection
{
    None,

    /// <summary>Someone else has claimed the ticket.</summary>
    ClaimedByOther,

    /// <summary>The action is not allowed in the ticket's current status.</summary>
    InvalidTransition,

    /// <summary>Only the asker may do this.</summary>
    NotAsker,

    /// <summary>An answer or follow-up without text.</summary>
    EmptyText,

    /// <summary>The ticket's personal data were anonymised; it is read-only.</summary>
    Anonymised,
}

/// <summary>The outcome of applying an action to a ticket.</summary>
public sealed record TicketDecision(Ticket Ticket, bool Changed, TicketRejection Rejection)
{
    public bool Accepted => Rejection == TicketRejection.None;

    public static TicketDecision Apply(Ticket ticket) => new(ticket, true, TicketRejection.None);

    /// <summary>Accepted, but nothing to write (the same consultant clicked Claim twice).</summary>
    public static TicketDecision Unchanged(Ticket ticket) => new(ticket, false, TicketRejection.None);

    public static TicketDecision Reject(Ticket ticket, TicketRejection rejection) => new(ticket, false, rejection);
}

/// <summary>
/// The only place a ticket changes status. Every move is checked against <see cref="CanMove"/> and
/// recorded in <see cref="Ticket.History"/> (who, when, from, to). The functions are pure: the store
/// applies them in an ETag read-modify-write loop, so a concurrent change is re-decided on fresh data.
/// </summary>
public static class TicketStateMachine
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Allowed = new()
    {
        [TicketStatus.Open] = [TicketStatus.Claimed, TicketStatus.Closed],
        [TicketStatus.Claimed] = [TicketStatus.Open, TicketStatus.Answered, TicketStatus.Closed],

        // Answered → Answered: the assignee adds to (or corrects) the answer.
        [TicketStatus.Answered] = [TicketStatus.Answered, TicketStatus.Reopened, TicketStatus.Closed],

        // Reopened keeps its assignee; Reopened → Reopened is a second follow-up before the answer.
        [TicketStatus.Reopened] = [TicketStatus.Open, TicketStatus.Claimed, TicketStatus.Answered, TicketStatus.Reopened, TicketStatus.Closed],
        [TicketStatus.Closed] = [TicketStatus.Reopened],
    };

    /// <summary>Whether the status may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(TicketStatus from, TicketStatus to) => Allowed[from].Contains(to);

    public static Ticket Create(Ticket draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft with
        {
            Status = TicketStatus.Open,
            CreatedAt = now,
            UpdatedAt = now,
            History = [new TicketTransition(TicketAction.Create, null, TicketStatus.Open, draft.Asker.UserId, draft.Asker.Name, now)],
        };
    }

    /// <summary>Assign to me. Loses with <see cref="TicketRejection.ClaimedByOther"/> when someone else has it.</summary>
    public static TicketDecision Claim(Ticket ticket, TicketPerson consultant, DateTimeOffset now)
    {
        if (GuardConsultant(ticket, consultant) is { } refused)
        {
            return refused;
        }

        if (ticket.Assignee is { } assignee)
        {
            return assignee.Is(consultant.UserId, consultant.AadObjectId)
                ? TicketDecision.Unchanged(ticket)
                : TicketDecision.Reject(ticket, TicketRejection.ClaimedByOther);
        }

        if (!CanMove(ticket.Status, TicketStatus.Claimed))
        {
            return TicketDecision.Reject(ticket, TicketRejection.InvalidTransition);
        }

        return TicketDecision.Apply(Move(ticket, TicketAction.Claim, TicketStatus.Claimed, consultant, now) with { Assignee = consultant });
    }

    /// <summary>Give the ticket back to the queue (only its assignee can).</summary>
    public static TicketDecision Unassign(Ticket ticket, TicketPerson consultant, DateTimeOffset now)
    {
        if (GuardConsultant(ticket, consultant) is { } refused)
        {
            return refused;
        }

        if (ticket.Assignee is not { } assignee)
        {
            return TicketDecision.Unchanged(ticket);
        }

        if (!assignee.Is(consultant.UserId, consultant.AadObjectId))
        {
            return TicketDecision.Reject(ticket, TicketRejection.ClaimedByOther);
        }

        if (!CanMove(ticket.Status, TicketStatus.Open))
        {
            return TicketDecision.Reject(ticket, TicketRejection.InvalidTransition);
        }

        return TicketDecision.Apply(Move(ticket, TicketAction.Unassign, TicketStatus.Open, consultant, now) with { Assignee = null });
    }

    /// <summary>
    /// Answer the asker. An unassigned ticket is claimed by the one who answers (recorded as its own
    /// transition); a ticket claimed by someone else is refused.
    /// </summary>
    public static TicketDecision Answer(Ticket ticket, TicketPerson consultant, string text, string answerId, DateTimeOffset now)
    {
        if (GuardConsultant(ticket, consultant) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return TicketDecision.Reject(ticket, TicketRejection.EmptyText);
        }

        if (ticket.Answers.Any(a => a.Id == answerId))
        {
            // The same answer submitted twice (a retried invoke): already recorded.
            return TicketDecision.Unchanged(ticket);
        }

        var current = ticket;
        if (current.Assignee is null)
        {
            var claimed = Claim(current, consultant, now);
            if (!claimed.Accepted)
            {
                return TicketDecision.Reject(ticket, claimed.Rejection);
            }

            current = claimed.Ticket;
        }
        else if (!current.Assignee.Is(consultant.UserId, consultant.AadObjectId))
        {
            return TicketDecision.Reject(ticket, TicketRejection.ClaimedByOther);
        }

        if (!CanMove(current.Status, TicketStatus.Answered))
        {
            return TicketDecision.Reject(ticket, TicketRejection.InvalidTransition);
        }

        var answered = Move(current, TicketAction.Answer, TicketStatus.Answered, consultant, now);
        return TicketDecision.Apply(answered with { Answers = [.. current.Answers, new TicketAnswer(answerId, consultant, text.Trim(), now)] });
    }

    /// <summary>Close the ticket: its assignee, or anyone while it is unassigned.</summary>
    public static TicketDecision Close(Ticket ticket, TicketPerson consultant, DateTimeOffset now)
    {
        if (GuardConsultant(ticket, consultant) is { } refused)
        {
            return refused;
        }

        if (ticket.Status == TicketStatus.Closed)
        {
            return TicketDecision.Unchanged(ticket);
        }

        if (ticket.Assignee is { } assignee && !assignee.Is(consultant.UserId, consultant.AadObjectId))
        {
            return TicketDecision.Reject(ticket, TicketRejection.ClaimedByOther);
        }

        return TicketDecision.Apply(Move(ticket, TicketAction.Close, TicketStatus.Closed, consultant, now) with { ClosedAt = now });
    }

    /// <summary>The asker says "thanks, solved".</summary>
    public static TicketDecision Resolve(Ticket ticket, TicketPerson asker, DateTimeOffset now)
    {
        if (GuardAsker(ticket, asker) is { } refused)
        {
            return refused;
        }

        if (ticket.Status == TicketStatus.Closed)
        {
            return TicketDecision.Unchanged(ticket);
        }

        if (ticket.Status is not (TicketStatus.Answered or TicketStatus.Reopened))
        {
            return TicketDecision.Reject(ticket, TicketRejection.InvalidTransition);
        }

        return TicketDecision.Apply(Move(ticket, TicketAction.Resolve, TicketStatus.Closed, asker, now) with { ClosedAt = now });
    }

    /// <summary>The asker has a further question: recorded, and an answered or closed ticket is reopened.</summary>
    public static TicketDecision FollowUp(Ticket ticket, TicketPerson asker, string text, DateTimeOffset now)
    {
        if (GuardAsker(ticket, asker) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return TicketDecision.Reject(ticket, TicketRejection.EmptyText);
        }

        var withFollowUp = ticket with { FollowUps = [.. ticket.FollowUps, new TicketFollowUp(text.Trim(), now)], UpdatedAt = now };
        if (ticket.Status is TicketStatus.Open or TicketStatus.Claimed)
        {
            // Still waiting for the first answer: the follow-up just adds to the question.
            return TicketDecision.Apply(withFollowUp);
        }

        return TicketDecision.Apply(Move(withFollowUp, TicketAction.FollowUp, TicketStatus.Reopened, asker, now) with { ClosedAt = null });
    }

    /// <summary>The asker rates the answer (1–5; thumbs up = 5, down = 1). Not a status change.</summary>
    public static TicketDecision Rate(Ticket ticket, TicketPerson asker, int score, DateTimeOffset now)
    {
        if (GuardAsker(ticket, asker) is { } refused)
        {
            return refused;
        }

        if (ticket.Answers.Count == 0 || score is < 1 or > 5)
        {
            return TicketDecision.Reject(ticket, TicketRejection.InvalidTransition);
        }

        return TicketDecision.Apply(ticket with { Rating = new AskerRating(score, now), UpdatedAt = now });
    }

    private static TicketDecision? Guard(Ticket ticket) =>
        ticket.AnonymisedAt is null ? null : TicketDecision.Reject(ticket, TicketRejection.Anonymised);

    /// <summary>The checks every consultant action starts with: arguments, then <see cref="Guard"/>.</summary>
    private static TicketDecision? GuardConsultant(Ticket ticket, TicketPerson consultant)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(consultant);
        return Guard(ticket);
    }

    /// <summary>The checks every asker action starts with: arguments, <see cref="Guard"/>, then that it is the ticket's asker.</summary>
    private static TicketDecision? GuardAsker(Ticket ticket, TicketPerson asker)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(asker);
        if (Guard(ticket) is { } anonymised)
        {
            return anonymised;
        }

        return ticket.Asker.Is(asker.UserId, asker.AadObjectId) ? null : TicketDecision.Reject(ticket, TicketRejection.NotAsker);
    }

    private static Ticket Move(Ticket ticket, TicketAction action, TicketStatus to, TicketPerson by, DateTimeOffset now)
    {
        if (!CanMove(ticket.Status, to))
        {
            throw new InvalidOperationException($"Ticket {ticket.Number}: {ticket.Status} → {to} is not an allowed transition.");
        }

        return ticket with
        {
            Status = to,
            UpdatedAt = now,
            History = [.. ticket.History, new TicketTransition(action, ticket.Status, to, by.UserId, by.Name, now)],
        };
    }
}
