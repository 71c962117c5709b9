using System.Text.Json.Nodes;
using ConsultBot.Handoff.Tests.Infrastructure;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;

namespace ConsultBot.Handoff.Tests;

public sealed class ConsultantFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ticket_card_starts_a_new_thread_in_the_consultants_channel()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);

        await h.Maintenance.RunOnceAsync(Ct);

        var created = Assert.Single(h.Recording.Created);
        Assert.True(created.IsGroup);
        Assert.Equal(HandoffHarness.Channel, created.ChannelData?["channel"]?["id"]?.GetValue<string>());
        Assert.Equal("tenant-1", created.TenantId);
        var card = created.Activity!.Attachments![0].Content!;
        var text = HandoffHarness.AllText(card);
        Assert.Contains(number, text, StringComparison.Ordinal);
        Assert.Contains("Czy OPS może prowadzić punkt konsultacyjny bez NGO?", text, StringComparison.Ordinal);
        Assert.Contains("Anna Kowalska", text, StringComparison.Ordinal);
        Assert.Contains("Kto prowadzi punkt konsultacyjny?", text, StringComparison.Ordinal);
        Assert.Equal("handoff.refresh", card["refresh"]?["action"]?["verb"]?.GetValue<string>());
        Assert.Null(card["refresh"]?["userIds"]);

        var ticket = await h.TicketAsync(number, Ct);
        Assert.Equal($"{HandoffHarness.Channel};messageid={ticket.CardActivityId}", ticket.ThreadConversationId);
        Assert.Equal(0, await h.OutboxCountAsync(Ct));
    }

    [Fact]
    public async Task Two_consultants_claiming_at_once_one_wins_and_the_other_sees_who()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);

        var responses = await Task.WhenAll(
            Task.Run(() => h.ConsultantAsync(HandoffVerbs.Claim, number, HandoffHarness.Piotr, Ct), Ct),
            Task.Run(() => h.ConsultantAsync(HandoffVerbs.Claim, number, HandoffHarness.Ewa, Ct), Ct));

        var ticket = await h.TicketAsync(number, Ct);
        Assert.Equal(TicketStatus.Claimed, ticket.Status);
        var winner = ticket.Assignee!;
        Assert.Single(ticket.History, t => t.Action == TicketAction.Claim);
        var loserText = HandoffHarness.AllText(responses.Single(r => !HandoffHarness.AllText(r).Contains("Przejęto", StringComparison.Ordinal)));
        Assert.Contains($"już przejął(-ęła) {winner.Name}", loserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_concurrent_claims_leave_exactly_one_owner()
    {
        var members = Enumerable.Range(0, 12).Select(i => $"29:c{i}").ToList();
        var connector = new RecordingConnector();
        members.ForEach(m => connector.Members.Add(m));
        await using var h = HandoffHarness.Create(connector: connector);
        var number = await h.SubmitTicketAsync(Ct);

        await Task.WhenAll(members.Select(m => Task.Run(() => h.ConsultantAsync(HandoffVerbs.Claim, number, new ChannelAccount { Id = m, Name = m }, Ct), Ct)));

        var ticket = await h.TicketAsync(number, Ct);
        Assert.Single(ticket.History, t => t.Action == TicketAction.Claim);
        Assert.Contains(ticket.Assignee!.UserId, members);
    }

    [Fact]
    public async Task Answer_is_relayed_to_the_askers_chat_with_the_follow_up_buttons()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);
        await h.ConsultantAsync(HandoffVerbs.Claim, number, HandoffHarness.Piotr, Ct);

        var response = await h.ConsultantAsync(HandoffVerbs.Answer, number, HandoffHarness.Piotr, Ct, new JsonObject { ["answer"] = "Tak, jeśli rada miasta powierzy mu zadanie." });
        await h.Maintenance.RunOnceAsync(Ct);

        Assert.Contains("Z odpowiedzią", HandoffHarness.AllText(response), StringComparison.Ordinal);
        var relayed = Assert.Single(h.Recording.Sent, s => s.ConversationId == "a:personal-29:anna");
        var card = HandoffHarness.AllText(relayed.Activity.Attachments![0].Content);
        Assert.Contains("Tak, jeśli rada miasta powierzy mu zadanie.", card, StringComparison.Ordinal);
        Assert.Contains("Dziękuję, rozwiązane", card, StringComparison.Ordinal);
        Assert.Contains("Mam dodatkowe pytanie", card, StringComparison.Ordinal);
        Assert.Equal("29:anna", relayed.Activity.Recipient?.Id);
        var ticket = await h.TicketAsync(number, Ct);
        Assert.NotNull(Assert.Single(ticket.Answers).DeliveredActivityId);

        // The card at the root of the thread was updated too.
        Assert.Contains(h.Recording.Updated, u => u.ActivityId == ticket.CardActivityId);
    }

    [Fact]
    public async Task Follow_up_reopens_the_ticket_and_tells_the_thread()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);
        await h.ConsultantAsync(HandoffVerbs.Answer, number, HandoffHarness.Piotr, Ct, new JsonObject { ["answer"] = "Tak." });

        var response = await h.AskerAsync(HandoffVerbs.FollowUp, number, Ct, new JsonObject { ["followUp"] = "A co z kosztami tłumacza?" });
        await h.Maintenance.RunOnceAsync(Ct);

        Assert.Contains("Przekazałem Twoje dodatkowe pytanie", HandoffHarness.AllText(response), StringComparison.Ordinal);
        var ticket = await h.TicketAsync(number, Ct);
        Assert.Equal(TicketStatus.Reopened, ticket.Status);
        Assert.Equal("A co z kosztami tłumacza?", Assert.Single(ticket.FollowUps).Text);
        Assert.Contains(h.Recording.Sent, s => s.ConversationId == ticket.ThreadConversationId && s.Activity.Text!.Contains("A co z kosztami tłumacza?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolved_closes_and_rating_is_kept()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        await h.ConsultantAsync(HandoffVerbs.Answer, number, HandoffHarness.Piotr, Ct, new JsonObject { ["answer"] = "Tak." });

        await h.AskerAsync(HandoffVerbs.Resolved, number, Ct);
        var rated = await h.AskerAsync(HandoffVerbs.Rate, number, Ct, new JsonObject { ["rating"] = "up" });

        var ticket = await h.TicketAsync(number, Ct);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(TicketAction.Resolve, ticket.History[^1].Action);
        Assert.Equal(5, ticket.Rating?.Score);
        Assert.Contains("Dziękuję za ocenę", HandoffHarness.AllText(rated), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_else_cannot_use_the_askers_buttons()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        await h.ConsultantAsync(HandoffVerbs.Answer, number, HandoffHarness.Piotr, Ct, new JsonObject { ["answer"] = "Tak." });

        var response = await h.AskerAsync(HandoffVerbs.Resolved, number, Ct, asker: HandoffHarness.Stranger);

        Assert.Contains("tylko osoba, która je wysłała", HandoffHarness.AllText(response), StringComparison.Ordinal);
        Assert.Equal(TicketStatus.Answered, (await h.TicketAsync(number, Ct)).Status);
    }

    [Fact]
    public async Task Close_by_the_assignee_closes_and_records_who()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        await h.ConsultantAsync(HandoffVerbs.Claim, number, HandoffHarness.Piotr, Ct);

        var refused = await h.ConsultantAsync(HandoffVerbs.Close, number, HandoffHarness.Ewa, Ct);
        await h.ConsultantAsync(HandoffVerbs.Close, number, HandoffHarness.Piotr, Ct);

        Assert.Contains("Piotr Nowak", HandoffHarness.AllText(refused), StringComparison.Ordinal);
        var ticket = await h.TicketAsync(number, Ct);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(("29:piotr", TicketStatus.Claimed, TicketStatus.Closed), (ticket.History[^1].ByUserId, ticket.History[^1].From!.Value, ticket.History[^1].To));
    }

    [Fact]
    public async Task Propose_as_faq_stores_a_draft_once()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        var early = await h.ConsultantAsync(HandoffVerbs.ProposeFaq, number, HandoffHarness.Piotr, Ct);
        await h.ConsultantAsync(HandoffVerbs.Answer, number, HandoffHarness.Piotr, Ct, new JsonObject { ["answer"] = "Tak, z uchwałą rady." });

        await h.ConsultantAsync(HandoffVerbs.ProposeFaq, number, HandoffHarness.Piotr, Ct);
        await h.ConsultantAsync(HandoffVerbs.ProposeFaq, number, HandoffHarness.Piotr, Ct);

        Assert.Contains("Najpierw odpowiedz", HandoffHarness.AllText(early), StringComparison.Ordinal);
        var drafts = await h.Storage.ListAsync("handoff/faq-proposals/", HandoffJsonContextAccess.FaqProposal, Ct);
        var draft = Assert.Single(drafts).Value;
        Assert.Equal("Czy OPS może prowadzić punkt konsultacyjny bez NGO?", draft.Question);
        Assert.Equal("Tak, z uchwałą rady.", draft.Answer);
        Assert.Equal("Piotr Nowak", draft.ProposedBy);
        Assert.Equal(draft.Id, (await h.TicketAsync(number, Ct)).FaqDraftId);
    }

    [Fact]
    public async Task Non_consultant_is_refused_and_logged()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);

        var response = await h.ConsultantAsync(HandoffVerbs.Claim, number, HandoffHarness.Stranger, Ct);

        Assert.Equal(ContentTypes.Message, response?["type"]?.GetValue<string>());
        Assert.Contains("Tylko konsultanci", HandoffHarness.AllText(response), StringComparison.Ordinal);
        Assert.Null((await h.TicketAsync(number, Ct)).Assignee);
        Assert.Contains(h.Logs.Entries, e => e.Id.Id == 8020 && e.Message.Contains("29:stranger", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configured_consultant_ids_act_without_membership_and_lookups_are_cached()
    {
        var connector = new RecordingConnector();
        await using var h = HandoffHarness.Create(new() { ["Handoff:ConsultantIds:0"] = "aad-stranger" }, connector: connector);
        var number = await h.SubmitTicketAsync(Ct);

        await h.ConsultantAsync(HandoffVerbs.Claim, number, HandoffHarness.Stranger, Ct);
        await h.ConsultantAsync(HandoffVerbs.Refresh, number, HandoffHarness.Piotr, Ct);
        await h.ConsultantAsync(HandoffVerbs.Close, number, HandoffHarness.Piotr, Ct);
        await h.ConsultantAsync(HandoffVerbs.Close, number, HandoffHarness.Piotr, Ct);

        Assert.Equal("29:stranger", (await h.TicketAsync(number, Ct)).Assignee?.UserId);
        Assert.Equal(1, connector.MemberLookups);
    }

    [Fact]
    public async Task Reply_in_the_ticket_thread_is_relayed_as_the_answer()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);
        var ticket = await h.TicketAsync(number, Ct);

        await h.SendAsync(h.Message("Tak — wystarczy uchwała rady.", HandoffHarness.Piotr, ticket.ThreadConversationId, ConversationTypes.Channel), Ct);
        await h.Maintenance.RunOnceAsync(Ct);

        ticket = await h.TicketAsync(number, Ct);
        Assert.Equal(TicketStatus.Answered, ticket.Status);
        Assert.Equal("29:piotr", ticket.Assignee?.UserId);
        Assert.Contains("Przekazano odpowiedź", Assert.Single(h.Adapter.Sent).Text, StringComparison.Ordinal);
        Assert.Contains(h.Recording.Sent, s => s.ConversationId == "a:personal-29:anna"
            && HandoffHarness.AllText(s.Activity.Attachments![0].Content).Contains("wystarczy uchwała rady", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thread_reply_from_a_non_consultant_is_refused()
    {
        await using var h = HandoffHarness.Create();
        var number = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);
        var ticket = await h.TicketAsync(number, Ct);

        await h.SendAsync(h.Message("Ja odpowiem!", HandoffHarness.Stranger, ticket.ThreadConversationId, ConversationTypes.Channel), Ct);

        Assert.Equal(TicketStatus.Open, (await h.TicketAsync(number, Ct)).Status);
        Assert.Contains("Tylko konsultanci", Assert.Single(h.Adapter.Sent).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tickets_in_the_channel_lists_open_tickets_oldest_first()
    {
        await using var h = HandoffHarness.Create();
        var older = await h.SubmitTicketAsync(Ct, "Starsze pytanie o granty?");
        h.Clock.Advance(TimeSpan.FromMinutes(30));
        var newer = await h.SubmitTicketAsync(Ct, "Nowsze pytanie o tłumacza?");
        var closed = await h.SubmitTicketAsync(Ct, "Zamknięte pytanie?");
        await h.ConsultantAsync(HandoffVerbs.Close, closed, HandoffHarness.Piotr, Ct);

        await h.SendAsync(h.Message("tickets", HandoffHarness.Piotr, HandoffHarness.Channel, ConversationTypes.Channel), Ct);

        var text = HandoffHarness.AllText(Assert.Single(h.Adapter.Sent).Attachments![0].Content);
        Assert.True(text.IndexOf(older, StringComparison.Ordinal) < text.IndexOf(newer, StringComparison.Ordinal));
        Assert.DoesNotContain(closed, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_channel_the_ticket_is_saved_and_the_asker_is_told()
    {
        await using var h = HandoffHarness.Create(channel: false);

        var response = await h.SendAsync(h.Invoke(HandoffVerbs.Submit, new JsonObject { ["question"] = "Pytanie bez kanału?" }, HandoffHarness.Anna), Ct);
        await h.Maintenance.RunOnceAsync(Ct);

        Assert.Contains("konsultant Centrum skontaktuje się z Tobą", HandoffHarness.AllText(response), StringComparison.Ordinal);
        Assert.Empty(h.Recording.Created);
        Assert.Equal(0, await h.OutboxCountAsync(Ct));
    }
}

/// <summary>Typed access to stored proposals for assertions.</summary>
internal static class HandoffJsonContextAccess
{
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<FaqProposal> FaqProposal => ConsultBot.Handoff.Storage.HandoffJsonContext.Default.FaqProposal;
}
