namespace ConsultBot.Handoff.Tests;

public sealed class TicketStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly TicketPerson Asker = new("29:anna", "Anna", "aad-anna");
    private static readonly TicketPerson Piotr = new("29:piotr", "Piotr", "aad-piotr");
    private static readonly TicketPerson Ewa = new("29:ewa", "Ewa", "aad-ewa");

    private static Ticket NewTicket() => TicketStateMachine.Create(new Ticket
    {
        Number = "KC-000001",
        Question = "Pytanie?",
        Asker = Asker,
        CreatedAt = Now,
    }, Now);

    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.Claimed, true)]
    [InlineData(TicketStatus.Open, TicketStatus.Closed, true)]
    [InlineData(TicketStatus.Open, TicketStatus.Answered, false)]
    [InlineData(TicketStatus.Open, TicketStatus.Reopened, false)]
    [InlineData(TicketStatus.Claimed, TicketStatus.Open, true)]
    [InlineData(TicketStatus.Claimed, TicketStatus.Answered, true)]
    [InlineData(TicketStatus.Claimed, TicketStatus.Reopened, false)]
    [InlineData(TicketStatus.Answered, TicketStatus.Reopened, true)]
    [InlineData(TicketStatus.Answered, TicketStatus.Claimed, false)]
    [InlineData(TicketStatus.Closed, TicketStatus.Reopened, true)]
    [InlineData(TicketStatus.Closed, TicketStatus.Open, false)]
    [InlineData(TicketStatus.Closed, TicketStatus.Answered, false)]
    [InlineData(TicketStatus.Reopened, TicketStatus.Answered, true)]
    public void Allowed_transitions_are_explicit(TicketStatus from, TicketStatus to, bool allowed) =>
        Assert.Equal(allowed, TicketStateMachine.CanMove(from, to));

    [Fact]
    public void Claim_by_second_consultant_is_rejected_and_names_the_owner()
    {
        var claimed = TicketStateMachine.Claim(NewTicket(), Piotr, Now).Ticket;

        var second = TicketStateMachine.Claim(claimed, Ewa, Now);

        Assert.Equal(TicketRejection.ClaimedByOther, second.Rejection);
        Assert.Equal("Piotr", second.Ticket.Assignee?.Name);
    }

    [Fact]
    public void Claiming_again_by_the_owner_changes_nothing()
    {
        var claimed = TicketStateMachine.Claim(NewTicket(), Piotr, Now).Ticket;

        var again = TicketStateMachine.Claim(claimed, Piotr with { UserId = "other-id" }, Now);

        Assert.True(again.Accepted);
        Assert.False(again.Changed);
    }

    [Fact]
    public void Answering_an_unclaimed_ticket_claims_it_and_records_both_transitions()
    {
        var decision = TicketStateMachine.Answer(NewTicket(), Piotr, " Tak. ", "a-1", Now.AddMinutes(5));

        Assert.True(decision.Accepted);
        var ticket = decision.Ticket;
        Assert.Equal(TicketStatus.Answered, ticket.Status);
        Assert.Equal("Tak.", Assert.Single(ticket.Answers).Text);
        Assert.Equal(
            [(TicketAction.Create, (TicketStatus?)null, TicketStatus.Open), (TicketAction.Claim, TicketStatus.Open, TicketStatus.Claimed), (TicketAction.Answer, TicketStatus.Claimed, TicketStatus.Answered)],
            ticket.History.Select(h => (h.Action, h.From, h.To)).ToList());
        Assert.All(ticket.History.Skip(1), h => Assert.Equal("29:piotr", h.ByUserId));
    }

    [Fact]
    public void Same_answer_twice_is_recorded_once()
    {
        var answered = TicketStateMachine.Answer(NewTicket(), Piotr, "Tak", "a-1", Now).Ticket;

        var again = TicketStateMachine.Answer(answered, Piotr, "Tak", "a-1", Now);

        Assert.False(again.Changed);
        Assert.Single(again.Ticket.Answers);
    }

    [Fact]
    public void Empty_answer_is_refused()
    {
        Assert.Equal(TicketRejection.EmptyText, TicketStateMachine.Answer(NewTicket(), Piotr, "  ", "a-1", Now).Rejection);
    }

    [Fact]
    public void Follow_up_reopens_an_answered_ticket_and_keeps_the_assignee()
    {
        var answered = TicketStateMachine.Answer(NewTicket(), Piotr, "Tak", "a-1", Now).Ticket;

        var reopened = TicketStateMachine.FollowUp(answered, Asker, "A co z kosztami?", Now.AddHours(1));

        Assert.Equal(TicketStatus.Reopened, reopened.Ticket.Status);
        Assert.Equal("A co z kosztami?", Assert.Single(reopened.Ticket.FollowUps).Text);
        Assert.Equal("29:piotr", reopened.Ticket.Assignee?.UserId);
        Assert.Equal(TicketAction.FollowUp, reopened.Ticket.History[^1].Action);
    }

    [Fact]
    public void Follow_up_from_someone_else_is_refused()
    {
        var answered = TicketStateMachine.Answer(NewTicket(), Piotr, "Tak", "a-1", Now).Ticket;

        Assert.Equal(TicketRejection.NotAsker, TicketStateMachine.FollowUp(answered, Ewa, "?", Now).Rejection);
    }

    [Fact]
    public void Close_by_a_consultant_who_does_not_own_the_ticket_is_refused()
    {
        var claimed = TicketStateMachine.Claim(NewTicket(), Piotr, Now).Ticket;

        Assert.Equal(TicketRejection.ClaimedByOther, TicketStateMachine.Close(claimed, Ewa, Now).Rejection);
        Assert.Equal(TicketStatus.Closed, TicketStateMachine.Close(claimed, Piotr, Now).Ticket.Status);
    }

    [Fact]
    public void Only_the_assignee_can_unassign()
    {
        var claimed = TicketStateMachine.Claim(NewTicket(), Piotr, Now).Ticket;

        Assert.Equal(TicketRejection.ClaimedByOther, TicketStateMachine.Unassign(claimed, Ewa, Now).Rejection);
        var unassigned = TicketStateMachine.Unassign(claimed, Piotr, Now).Ticket;
        Assert.Equal(TicketStatus.Open, unassigned.Status);
        Assert.Null(unassigned.Assignee);
    }

    [Fact]
    public void Resolve_closes_and_rating_is_kept()
    {
        var answered = TicketStateMachine.Answer(NewTicket(), Piotr, "Tak", "a-1", Now).Ticket;

        var resolved = TicketStateMachine.Resolve(answered, Asker, Now).Ticket;
        var rated = TicketStateMachine.Rate(resolved, Asker, 5, Now).Ticket;

        Assert.Equal(TicketStatus.Closed, rated.Status);
        Assert.Equal(Now, rated.ClosedAt);
        Assert.Equal(5, rated.Rating?.Score);
    }

    [Fact]
    public void Anonymised_ticket_is_read_only()
    {
        var closed = TicketStateMachine.Close(NewTicket(), Piotr, Now).Ticket with { AnonymisedAt = Now };

        Assert.Equal(TicketRejection.Anonymised, TicketStateMachine.FollowUp(closed, Asker, "?", Now).Rejection);
        Assert.Equal(TicketRejection.Anonymised, TicketStateMachine.Claim(closed, Piotr, Now).Rejection);
    }
}
