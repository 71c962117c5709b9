using System.Text.Json.Nodes;
using ConsultBot.Handoff.Storage;
using ConsultBot.Handoff.Tests.Infrastructure;
using ConsultBot.Protocol.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultBot.Handoff.Tests;

public sealed class AskerFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("konsultant")]
    [InlineData("Consultant")]
    [InlineData("Zapytaj konsultanta!")]
    public async Task Typed_command_shows_the_escalation_form(string text)
    {
        await using var h = HandoffHarness.Create();

        await h.SendAsync(h.Message(text, HandoffHarness.Anna), Ct);

        var sent = Assert.Single(h.Adapter.Sent);
        var card = sent.Attachments![0].Content!;
        Assert.Contains("Pytanie do konsultanta", HandoffHarness.AllText(card), StringComparison.Ordinal);
        Assert.Contains("handoff.submit", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_button_replaces_the_card_with_a_prefilled_form()
    {
        await using var h = HandoffHarness.Create();
        var starter = h.Get<IHandoffStarter>();
        var data = starter.CreateAskData("Jak rozliczyć tłumacza?", [new ConsideredEntry("faq-1", "Koszty projektu", 0.3)]);

        var response = await h.SendAsync(h.Invoke(HandoffVerbs.Ask, data, HandoffHarness.Anna), Ct);

        Assert.Equal(ContentTypes.AdaptiveCard, response?["type"]?.GetValue<string>());
        var question = FindInput(response!["value"]!, "question");
        Assert.Equal("Jak rozliczyć tłumacza?", question?["value"]?.GetValue<string>());
    }

    [Fact]
    public async Task Submit_stores_the_ticket_before_posting_and_confirms_with_the_number()
    {
        var connector = new RecordingConnector { Failure = new ConsultBot.Protocol.Connector.ConnectorException(503, null, "down") };
        await using var h = HandoffHarness.Create(connector: connector);

        var number = await h.SubmitTicketAsync(Ct);

        Assert.Equal("KC-000001", number);
        var ticket = await h.TicketAsync(number, Ct);
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal("Białystok", ticket.City);
        Assert.Equal(TicketTopic.Cooperation, ticket.Topic);
        Assert.Equal("29:anna", ticket.Asker.UserId);
        Assert.Equal("a:personal-29:anna", ticket.AskerReference?.Conversation?.Id);
        Assert.Equal("faq-12", Assert.Single(ticket.Considered).Id);
        Assert.Empty(connector.Created);
        Assert.Equal(1, await h.OutboxCountAsync(Ct));
    }

    [Fact]
    public async Task Same_form_submitted_twice_creates_one_ticket()
    {
        await using var h = HandoffHarness.Create();
        var data = new JsonObject { ["question"] = "Pytanie o granty?", ["formId"] = "form-1", ["urgency"] = "High" };

        var first = await h.SendAsync(h.Invoke(HandoffVerbs.Submit, (JsonObject)data.DeepClone(), HandoffHarness.Anna), Ct);
        var second = await h.SendAsync(h.Invoke(HandoffVerbs.Submit, (JsonObject)data.DeepClone(), HandoffHarness.Anna), Ct);

        Assert.Equal(HandoffHarness.FindText(first, "KC-"), HandoffHarness.FindText(second, "KC-"));
        Assert.Single(await h.Get<TicketStore>().ListByAskerAsync("29:anna", Ct));
    }

    [Fact]
    public async Task Submit_without_question_shows_the_form_again_with_an_error()
    {
        await using var h = HandoffHarness.Create();

        var response = await h.SendAsync(h.Invoke(HandoffVerbs.Submit, new JsonObject { ["question"] = " " }, HandoffHarness.Anna), Ct);

        Assert.Contains("Wpisz pytanie", HandoffHarness.AllText(response), StringComparison.Ordinal);
        Assert.Empty(await h.Get<TicketStore>().ListByAskerAsync("29:anna", Ct));
    }

    [Fact]
    public async Task Consented_context_goes_with_the_ticket_and_refused_context_does_not()
    {
        await using var h = HandoffHarness.Create(configure: s => s.AddSingleton<IConversationContextProvider>(new FixedContext()));

        var withConsent = await h.TicketAsync(await h.SubmitTicketAsync(Ct, consent: true), Ct);
        var without = await h.TicketAsync(await h.SubmitTicketAsync(Ct, consent: false), Ct);

        Assert.Equal(["Jak zorganizować punkt?", "Punkt prowadzi urząd."], withConsent.Context.Select(c => c.Text));
        Assert.Empty(without.Context);
    }

    [Fact]
    public async Task My_tickets_lists_the_askers_tickets_with_status()
    {
        await using var h = HandoffHarness.Create();
        var first = await h.SubmitTicketAsync(Ct, "Pierwsze pytanie o współpracę?");
        await h.SubmitTicketAsync(Ct, "Pytanie Ewy?", asker: HandoffHarness.Ewa);
        await h.ConsultantAsync(HandoffVerbs.Claim, first, HandoffHarness.Piotr, Ct);

        await h.SendAsync(h.Message("moje zgłoszenia", HandoffHarness.Anna), Ct);

        var text = HandoffHarness.AllText(Assert.Single(h.Adapter.Sent).Attachments![0].Content);
        Assert.Contains(first, text, StringComparison.Ordinal);
        Assert.Contains("Przejęte", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Pytanie Ewy", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("moje zgłoszenia")]
    [InlineData("konsultant")]
    public async Task Personal_commands_in_a_group_chat_continue_in_personal_chat(string command)
    {
        await using var h = HandoffHarness.Create();
        await h.SubmitTicketAsync(Ct);

        await h.SendAsync(h.Message(command, HandoffHarness.Anna, "19:group@thread.v2", ConversationTypes.GroupChat), Ct);

        var reply = Assert.Single(h.Adapter.Sent);
        Assert.Contains("czacie prywatnym", reply.Text, StringComparison.Ordinal);
        Assert.Null(reply.Attachments?.FirstOrDefault());
    }

    [Fact]
    public async Task Offer_in_personal_chat_has_the_ask_button()
    {
        await using var h = HandoffHarness.Create();
        var turn = h.Message("jakieś pytanie", HandoffHarness.Anna);
        var context = new ConsultBot.Protocol.Turn.TurnContext(h.Adapter, turn, new System.Security.Claims.ClaimsIdentity());

        await h.Get<IHandoffStarter>().OfferAsync(context, "Jak rozliczyć tłumacza?", [new ConsideredEntry("faq-1", "Koszty", 0.2)], Ct);

        var card = Assert.Single(h.Adapter.Sent).Attachments![0].Content!.ToJsonString();
        Assert.Contains("handoff.ask", card, StringComparison.Ordinal);
        Assert.Contains("faq-1", card, StringComparison.Ordinal);
    }

    private static JsonNode? FindInput(JsonNode card, string id) => card switch
    {
        JsonObject o when o["id"]?.GetValue<string>() == id => o,
        JsonObject o => o.Select(kv => kv.Value is null ? null : FindInput(kv.Value, id)).FirstOrDefault(n => n is not null),
        JsonArray a => a.Select(n => n is null ? null : FindInput(n, id)).FirstOrDefault(n => n is not null),
        _ => null,
    };

    private sealed class FixedContext : IConversationContextProvider
    {
        public Task<IReadOnlyList<ContextTurn>> GetRecentTurnsAsync(ConsultBot.Protocol.Turn.ITurnContext turnContext, int maxTurns, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ContextTurn>>([new(ContextSpeaker.User, "Jak zorganizować punkt?"), new(ContextSpeaker.Bot, "Punkt prowadzi urząd.")]);
    }
}
