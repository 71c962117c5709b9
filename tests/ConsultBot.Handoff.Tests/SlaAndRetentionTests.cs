using ConsultBot.Handoff.Tests.Infrastructure;
using ConsultBot.Protocol.Schema;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Handoff.Tests;

public sealed class SlaAndRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<string> Reminders(HandoffHarness h) =>
        h.Recording.Sent.Where(s => s.Activity.Text?.Contains("czeka na konsultanta", StringComparison.Ordinal) == true).Select(s => s.ConversationId);

    [Fact]
    public async Task Unclaimed_ticket_is_re_announced_once_after_the_claim_sla()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);

        h.Clock.Advance(TimeSpan.FromHours(3.9));
        await h.Maintenance.RunOnceAsync(Ct);
        Assert.Empty(Reminders(h));

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        await h.Maintenance.RunOnceAsync(Ct);
        h.Clock.Advance(TimeSpan.FromHours(30));
        await h.Maintenance.RunOnceAsync(Ct);

        var ticket = await h.TicketAsync(number, Ct);
        Assert.Equal(ticket.ThreadConversationId, Assert.Single(Reminders(h)));
        Assert.NotNull(ticket.SlaReminderSentAt);
    }

    [Fact]
    public async Task Claimed_ticket_is_not_re_announced()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        await h.ConsultantAsync(HandoffVerbs.Claim, number, HandoffHarness.Piotr, Ct);

        h.Clock.Advance(TimeSpan.FromDays(3));
        await h.Maintenance.RunOnceAsync(Ct);

        Assert.Empty(Reminders(h));
    }

    [Fact]
    public async Task Time_outside_working_hours_does_not_count()
    {
        // Friday 27 Nov 2026, 15:00 Warsaw: one working hour left that day.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero));
        await using var h = HandoffHarness.Create(clock: clock);
        await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);

        clock.Advance(TimeSpan.FromDays(2)); // Sunday 15:00: 1 working hour
        await h.Maintenance.RunOnceAsync(Ct);
        clock.Advance(TimeSpan.FromHours(19)); // Monday 10:00: 3 working hours
        await h.Maintenance.RunOnceAsync(Ct);
        Assert.Empty(Reminders(h));

        clock.Advance(TimeSpan.FromHours(1.1)); // Monday 11:06: past 4 h
        await h.Maintenance.RunOnceAsync(Ct);
        Assert.Single(Reminders(h));
    }

    [Fact]
    public async Task Closed_ticket_is_anonymised_after_the_retention()
    {
        await using var h = HandoffHarness.Create(new() { ["Handoff:RetentionDays"] = "30" });
        var number = await h.SubmitTicketAsync(Ct, consent: true);
        await h.ConsultantAsync(HandoffVerbs.Answer, number, HandoffHarness.Piotr, Ct, new System.Text.Json.Nodes.JsonObject { ["answer"] = "Tak." });
        await h.AskerAsync(HandoffVerbs.Resolved, number, Ct);

        h.Clock.Advance(TimeSpan.FromDays(29));
        await h.Maintenance.RunOnceAsync(Ct);
        Assert.Null((await h.TicketAsync(number, Ct)).AnonymisedAt);

        h.Clock.Advance(TimeSpan.FromDays(2));
        await h.Maintenance.RunOnceAsync(Ct);

        var ticket = await h.TicketAsync(number, Ct);
        Assert.NotNull(ticket.AnonymisedAt);
        Assert.Equal("anonymised", ticket.Asker.UserId);
        Assert.Null(ticket.Asker.Name);
        Assert.Null(ticket.AskerReference);
        Assert.Empty(ticket.Context);
        Assert.DoesNotContain(ticket.History, t => t.ByUserId == "29:anna" || t.ByName == "Anna Kowalska");
        Assert.Empty(ticket.Question);
        Assert.Null(ticket.City);

        // The answer stays as a count, without its text.
        Assert.Equal(string.Empty, Assert.Single(ticket.Answers).Text);

        // The asker's list no longer shows it, and nothing can change it.
        await h.SendAsync(h.Message("my tickets", HandoffHarness.Anna), Ct);
        Assert.DoesNotContain(number, HandoffHarness.AllText(h.Adapter.Sent.Last().Attachments![0].Content), StringComparison.Ordinal);
        var refused = await h.AskerAsync(HandoffVerbs.FollowUp, number, Ct, new() { ["followUp"] = "?" });
        Assert.Equal(ContentTypes.Message, refused?["type"]?.GetValue<string>());
    }

    [Fact]
    public async Task Open_tickets_are_kept_for_the_open_retention_then_closed_and_anonymised()
    {
        await using var h = HandoffHarness.Create(new() { ["Handoff:OpenRetentionDays"] = "365" });
        var number = await h.SubmitTicketAsync(Ct);

        h.Clock.Advance(TimeSpan.FromDays(364));
        await h.Maintenance.RunOnceAsync(Ct);
        Assert.Null((await h.TicketAsync(number, Ct)).AnonymisedAt);

        h.Clock.Advance(TimeSpan.FromDays(2));
        await h.Maintenance.RunOnceAsync(Ct);

        var ticket = await h.TicketAsync(number, Ct);
        Assert.NotNull(ticket.AnonymisedAt);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Empty(ticket.Question);
        Assert.Equal("anonymised", ticket.Asker.UserId);
    }
}
