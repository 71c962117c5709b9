using System.Net;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>Questions over /api/messages and the FAQ HTTP contract, on the real host and store.</summary>
public sealed class KnowledgeEndToEndTests
{
    [Fact]
    public async Task Question_without_diacritics_is_answered_with_a_card_that_offers_follow_ups_and_feedback()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var replies = await chat.SendAsync("kto jest liderem w modelu operacyjnym", ct);
        var card = replies.FirstCard() ?? throw new InvalidOperationException("expected an answer card: " + replies.AllText());
        var text = replies.AllText();
        Assert.Contains("organizacj", text, StringComparison.OrdinalIgnoreCase);
        var actions = card.Actions();
        Assert.Contains(actions, a => a.Verb == "faq.feedback");
        Assert.Contains(actions, a => a.Verb == "handoff.ask");
        var followUp = actions.First(a => a.Verb == "faq.show");

        // Clicking a follow-up shows that entry (the card is replaced in place).
        var (status, body) = await chat.ExecuteAsync("faq.show", followUp.Data, ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ContentTypes.AdaptiveCard, body!["type"]!.GetValue<string>());
        Assert.NotEqual(card.ToJsonString(), body["value"]!.ToJsonString());
    }

    [Fact]
    public async Task Thumbs_down_is_recorded_and_offers_a_consultant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var card = (await chat.SendAsync("czy dostane zaswiadczenie za udzial w webinarach", ct)).FirstCard()!;
        var down = card.Actions().First(a => a.Verb == "faq.feedback" && a.Data["helpful"]?.GetValue<bool>() == false);
        using var response = await chat.PostAsync(NewInvoke(chat, "faq.feedback", down.Data), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unanswered = await bot.Services.GetRequiredService<ConsultBot.Protocol.State.IStorage>().ListAsync("knowledge/unanswered/", 10, ct);
        Assert.Single(unanswered);
        await bot.Connector.WaitForAsync(r => r.Activity?.AllText().Contains("konsultant", StringComparison.OrdinalIgnoreCase) == true, TimeSpan.FromSeconds(10), ct);
    }

    [Theory]
    [InlineData("jaka bedzie jutro pogoda w Kaliszu?")]
    [InlineData("przepis na pierogi ruskie")]
    [InlineData("ile kosztuje euro w kantorze")]
    [InlineData("jak wyrobic dowod osobisty")]
    public async Task Out_of_domain_question_gets_an_honest_answer_and_a_consultant_offer_not_a_wrong_answer(string question)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var replies = await chat.SendAsync(question, ct);
        var text = replies.AllText();
        Assert.Contains("Nie znalazłem", text, StringComparison.Ordinal);
        Assert.DoesNotContain(replies.SelectMany(r => r.Attachments ?? []).Select(a => a.Content!).SelectMany(c => c.Actions()), a => a.Verb == "faq.feedback");
        Assert.Contains(replies.Where(r => r.Attachments is not null).SelectMany(r => r.Attachments!).SelectMany(a => a.Content!.Actions()), a => a.Verb == "handoff.ask");
    }

    [Fact]
    public async Task Unanswered_question_escalates_to_a_ticket_with_the_question_prefilled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        const string question = "czy mozemy zatrudnic tlumacza jezyka ukrainskiego z budzetu programu?";
        var replies = await chat.SendAsync(question, ct);
        var ask = replies.Where(r => r.Attachments is not null).SelectMany(r => r.Attachments!).SelectMany(a => a.Content!.Actions()).First(a => a.Verb == "handoff.ask");
        var (status, body) = await chat.ExecuteAsync("handoff.ask", ask.Data, ct);
        Assert.Equal(HttpStatusCode.OK, status);
        var form = body!["value"]!;
        Assert.Contains("tlumacza", form.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_api_answers_with_the_contract_shape()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        using var response = await bot.Http.GetAsync(new Uri("/api/faq/search?q=kto%20prowadzi%20model%20relacyjny&top=3&locale=pl", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsObject();
        Assert.Equal(["decision", "results"], json.Select(kv => kv.Key).ToArray());
        Assert.Contains(json["decision"]!.GetValue<string>(), new[] { "answer", "suggest", "none" });
        var first = json["results"]!.AsArray()[0]!.AsObject();
        Assert.Equal(["id", "question", "answer", "score", "confidence"], first.Select(kv => kv.Key).ToArray());

        using var missing = await bot.Http.GetAsync(new Uri("/api/faq/search?top=3", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Message_extension_search_returns_shareable_answer_cards()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.SharedChat(ConversationTypes.GroupChat);
        var invoke = chat.NewActivity(ActivityTypes.Invoke);
        invoke.Name = InvokeNames.ComposeExtensionQuery;
        invoke.Value = new JsonObject
        {
            ["commandId"] = "searchFaq",
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "q", ["value"] = "bariery wspolpracy" }),
            ["queryOptions"] = new JsonObject { ["skip"] = 0, ["count"] = 10 },
        };
        using var response = await chat.PostAsync(invoke, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        var result = body["composeExtension"]!;
        Assert.Equal("result", result["type"]!.GetValue<string>());
        var attachment = result["attachments"]!.AsArray()[0]!;
        Assert.Equal(ContentTypes.AdaptiveCard, attachment["contentType"]!.GetValue<string>());
        Assert.NotNull(attachment["preview"]);
        Assert.DoesNotContain(attachment["content"]!.Actions(), a => a.Verb is "faq.feedback");
    }

    private static Activity NewInvoke(ConversationDriver chat, string verb, JsonObject data)
    {
        var invoke = chat.NewActivity(ActivityTypes.Invoke);
        invoke.Name = InvokeNames.AdaptiveCardAction;
        invoke.Value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } };
        return invoke;
    }
}
