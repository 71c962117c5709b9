namespace ConsultBot.Handoff.Cards;

// Data of the cards/handoff-*.json templates (serialized camelCase). Display texts are already escaped
// with CardText.Escape; input values (what the user edits) are not, since inputs do not render markdown.

/// <summary>
/// The data of a "Zapytaj konsultanta" button on another feature's card (<see cref="IHandoffStarter.CreateAskData"/>);
/// it carries the verb too, so the same data works on an Action.Submit.
/// </summary>
internal sealed record AskActionData(string Verb, string Question, string Considered);

/// <summary>cards/handoff-offer.json: "I have no answer — ask a consultant?"</summary>
internal sealed record OfferCardData(string Question, string QuestionText, string Considered, bool Shared);

/// <summary>cards/handoff-form.json: the escalation form.</summary>
internal sealed record FormCardData(string FormId, string Question, string City, string Topic, string Urgency, bool Consent, string Considered, string? Error);

/// <summary>cards/handoff-submitted.json: confirmation that replaces the form.</summary>
internal sealed record SubmittedCardData(string Number, string Question, string Urgency, bool ChannelConfigured);

/// <summary>cards/handoff-ticket.json: the consultants' card at the root of the ticket's thread.</summary>
internal sealed record TicketCardData
{
    public required string Number { get; init; }
    public required string Question { get; init; }
    public required string City { get; init; }
    public required string Topic { get; init; }
    public required string Urgency { get; init; }
    public required string Status { get; init; }
    public required string Asker { get; init; }
    public required string Created { get; init; }
    public required string Age { get; init; }
    public string? Assignee { get; init; }
    public bool Overdue { get; init; }
    public bool Anonymised { get; init; }
    public bool ContextConsent { get; init; }
    public IReadOnlyList<CardContextTurn> Context { get; init; } = [];
    public IReadOnlyList<CardConsidered> Considered { get; init; } = [];
    public IReadOnlyList<CardAnswer> Answers { get; init; } = [];
    public IReadOnlyList<CardFollowUp> FollowUps { get; init; } = [];
    public string? Rating { get; init; }
    public bool CanClaim { get; init; }
    public bool CanUnassign { get; init; }
    public bool CanAnswer { get; init; }
    public bool CanClose { get; init; }
    public bool CanPropose { get; init; }

    /// <summary>A line for the one who clicked (e.g. "already claimed by X"), shown above the card.</summary>
    public string? Notice { get; init; }
}

internal sealed record CardContextTurn(string Speaker, string Text);

internal sealed record CardConsidered(string Question, string Score);

internal sealed record CardAnswer(string By, string At, string Text);

internal sealed record CardFollowUp(string At, string Text);

/// <summary>cards/handoff-answer.json: the consultant's answer in the asker's chat.</summary>
internal sealed record AnswerCardData
{
    public required string Number { get; init; }
    public required string Question { get; init; }
    public required string Answer { get; init; }
    public required string Consultant { get; init; }
    public required string AnswerId { get; init; }

    /// <summary>"open" (buttons shown), "resolved", "followUp" (follow-up sent) or "closed".</summary>
    public required string State { get; init; }
    public string? Rating { get; init; }
    public string? Notice { get; init; }
}

/// <summary>cards/handoff-list.json: "moje zgłoszenia" (mine) or "tickets" in the channel (queue).</summary>
internal sealed record TicketListCardData(bool Queue, IReadOnlyList<TicketListItem> Items);

internal sealed record TicketListItem(string Number, string Question, string Status, string Urgency, string Age, string City, string? Assignee);
