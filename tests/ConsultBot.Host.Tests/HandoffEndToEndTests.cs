using System.Net;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// The whole consultant story over /api/messages with the fake Teams connector, on both stores:
/// escalation form, ticket thread in the consultants' channel, a claim race, the answer relayed to
/// the asker, a follow-up that reopens, close, and "propose as FAQ".
/// </summary>
public sealed class HandoffEndToEndTests
{
    private const string ConsultantsChannel = "19:consultants@thread.tacv2";
    private static readonly ChannelAccount Ewa = new() { Id = "29:consultant-ewa", Name = "Ewa Nowak" };
    private static readonly ChannelAccount Piotr = new() { Id = "29:consultant-piotr", Name = "Piotr Wiśniewski" };

    private static async Task<TestBotHost> StartAsync(string provider, CancellationToken ct, FakeConnector? connector = null, string? databasePath = null,
        IDictionary<string, string?>? storeSettings = null, TimeProvider? clock = null)
    {
        connector ??= await FakeConnector.StartAsync(cancellationToken: ct);
        connector.SetMembers(Ewa, Piotr, new ChannelAccount { Id = "29:user-anna", Name = "Anna Kowalska" });
        var settings = storeSettings is null ? await StoreProviders.SettingsAsync(provider, ct) : new Dictionary<string, string?>(storeSettings);
        settings["Handoff:ConsultantsConversationId"] = ConsultantsChannel;
        settings["Handoff:ServiceUrl"] = connector.ServiceUrl;
        settings["Handoff:PollInterval"] = "00:00:00.200";
        settings["Handoff:OutboxBaseBackoff"] = "00:00:00.100";
        settings["Handoff:OutboxMaxBackoff"] = "00:00:00.500";
        settings["Handoff:WorkingHours:Enabled"] = "false";
        // Short connector timeouts keep the derived outbox lease short (Connector:TotalTimeout + 30 s).
        settings["Connector:AttemptTimeout"] = "00:00:02";
        settings["Connector:TotalTimeout"] = "00:00:05";
        return await TestBotHost.StartAsync(ct, settings, databasePath, connector, clock);
    }

    /// <summary>Every string in an invoke answer (card texts, message), unescaped.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o => string.Join(" ", o.Select(kv => Text(kv.Value))),
        JsonArray a => string.Join(" ", a.Select(Text)),
        _ => string.Empty,
    };

    private static ConversationDriver Consultant(TestBotHost bot, ChannelAccount who, string threadId) =>
        new(bot.Http, bot.MessagesEndpoint, bot.Connector.ServiceUrl, threadId, who.Id!, who.Name!, ConversationTypes.Channel);

    /// <summary>Escalates a question through the form card and returns the ticket number shown to the asker.</summary>
    private static async Task<string> EscalateAsync(ConversationDriver asker, string question, CancellationToken ct)
    {
        var replies = await asker.SendAsync("konsultant", ct);
        var form = replies.FirstCard() ?? throw new InvalidOperationException("no form card: " + replies.AllText());
        var submit = form.Actions().Single(a => a.Verb == "handoff.submit");
        var data = submit.Data;
        data["question"] = question;
        data["city"] = "Kalisz";
        data["topic"] = "partnership";
        data["urgency"] = "high";
        data["consent"] = "true";
        var (status, body) = await asker.ExecuteAsync("handoff.submit", data, ct);
        Assert.Equal(HttpStatusCode.OK, status);
        var text = body!.ToJsonString();
        var match = System.Text.RegularExpressions.Regex.Match(text, "KC-\\d{6}");
        Assert.True(match.Success, "the confirmation names the ticket number: " + text);
        return match.Value;
    }

    private static async Task<(string ThreadId, RecordedRequest Post)> WaitForTicketThreadAsync(FakeConnector connector, string number, CancellationToken ct)
    {
        var post = await connector.WaitForAsync(
            r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded && r.Body.Contains(number, StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), ct);
        var threadId = JsonNode.Parse(post.ResponseBody!)!["id"]!.GetValue<string>();
        return (threadId, post);
    }

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Whole_consultant_story_from_escalation_to_faq_proposal(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartAsync(provider, ct);
        var asker = bot.PersonalChat();

        // The asker escalates; the ticket is confirmed with its number.
        var number = await EscalateAsync(asker, "Czy OPS może prowadzić punkt konsultacyjny dla migrantów bez NGO?", ct);

        // The ticket card opens a new thread in the consultants' channel.
        var (threadId, post) = await WaitForTicketThreadAsync(bot.Connector, number, ct);
        Assert.Equal(true, post.ConversationParameters!.IsGroup);
        Assert.Equal(ConsultantsChannel, post.ConversationParameters.ChannelData!["channel"]!["id"]!.GetValue<string>());
        Assert.Contains("Kalisz", post.Body, StringComparison.Ordinal);
        Assert.Contains("OPS", post.Body, StringComparison.Ordinal);

        // Two consultants claim at the same moment: exactly one wins, the other sees who has it.
        var ewa = Consultant(bot, Ewa, threadId);
        var piotr = Consultant(bot, Piotr, threadId);
        var claims = await Task.WhenAll(
            ewa.ExecuteAsync("handoff.claim", new JsonObject { ["ticket"] = number }, ct),
            piotr.ExecuteAsync("handoff.claim", new JsonObject { ["ticket"] = number }, ct));
        Assert.All(claims, c => Assert.Equal(HttpStatusCode.OK, c.Status));
        var claimTexts = claims.Select(c => Text(c.Body)).ToArray();
        var ewaWon = claimTexts[1].Contains("Ewa Nowak", StringComparison.Ordinal);
        var winner = ewaWon ? ewa : piotr;
        var loserText = ewaWon ? claimTexts[1] : claimTexts[0];
        Assert.Contains(ewaWon ? "Ewa Nowak" : "Piotr Wiśniewski", loserText, StringComparison.Ordinal);

        // The winner answers; the answer is relayed to the asker's chat proactively.
        var answer = "Tak — OPS może prowadzić punkt samodzielnie, ale warto zaprosić NGO jako partnera.";
        var (answerStatus, _) = await winner.ExecuteAsync("handoff.answer", new JsonObject { ["ticket"] = number, ["answer"] = answer }, ct);
        Assert.Equal(HttpStatusCode.OK, answerStatus);
        var relayed = await bot.Connector.WaitForAsync(
            r => r.ConversationId == asker.Conversation.Id && r.Succeeded && r.Activity is not null && r.Activity.AllText().Contains("warto zaprosić NGO", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), ct);
        var answerCard = relayed.Activity!.Attachments!.Single().Content!;
        var followUp = answerCard.Actions().Single(a => a.Verb == "handoff.followUp");
        Assert.Contains(answerCard.Actions(), a => a.Verb == "handoff.resolved");

        // A follow-up question reopens the ticket and reaches the channel thread.
        var followUpData = followUp.Data;
        followUpData["followUp"] = "A czy potrzebna jest umowa partnerska?";
        var (followStatus, _) = await asker.ExecuteAsync("handoff.followUp", followUpData, ct);
        Assert.Equal(HttpStatusCode.OK, followStatus);
        await bot.Connector.WaitForAsync(
            r => r.ConversationId is not null && r.ConversationId.StartsWith(ConsultantsChannel, StringComparison.Ordinal) && r.Activity is not null && r.Activity.AllText().Contains("umowa partnerska", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), ct);

        // Close, then propose the exchange as a FAQ draft.
        var (closeStatus, closeBody) = await winner.ExecuteAsync("handoff.close", new JsonObject { ["ticket"] = number }, ct);
        Assert.Equal(HttpStatusCode.OK, closeStatus);
        Assert.Equal(ContentTypes.AdaptiveCard, closeBody!["type"]!.GetValue<string>());
        var (proposeStatus, proposeBody) = await winner.ExecuteAsync("handoff.proposeFaq", new JsonObject { ["ticket"] = number }, ct);
        Assert.Equal(HttpStatusCode.OK, proposeStatus);
        Assert.NotNull(proposeBody);

        // The asker's "my tickets" shows the ticket and its status.
        var mine = await asker.SendAsync("moje zgłoszenia", ct);
        Assert.Contains(number, mine.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Ticket_posted_while_the_connector_is_down_is_delivered_once_after_it_recovers(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartAsync(provider, ct);
        bot.Connector.FailNext(FakeConnectorRoute.CreateConversation, 503, times: 4);
        var number = await EscalateAsync(bot.PersonalChat(), "Jak założyć partnerstwo z fundacją?", ct);

        await WaitForTicketThreadAsync(bot.Connector, number, ct);
        await Task.Delay(800, ct);
        Assert.Single(bot.Connector.Requests, r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded && r.Body.Contains(number, StringComparison.Ordinal));
        Assert.True(bot.Connector.Requests.Count(r => r.Route == FakeConnectorRoute.CreateConversation) >= 3, "failed attempts were retried");
    }

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Ticket_still_in_the_outbox_at_shutdown_is_delivered_by_the_next_instance(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connector = await FakeConnector.StartAsync(cancellationToken: ct);
        var settings = await StoreProviders.SettingsAsync(provider, ct);
        string number;
        await using (var first = await StartAsync(provider, ct, connector, storeSettings: settings))
        {
            connector.FailNext(FakeConnectorRoute.CreateConversation, 503, times: 1000);
            number = await EscalateAsync(first.PersonalChat(), "Kto prowadzi model relacyjny?", ct);
            await connector.WaitForAsync(r => r.Route == FakeConnectorRoute.CreateConversation, TimeSpan.FromSeconds(10), ct);
        }

        connector.Reset();
        connector.SetMembers(Ewa, Piotr);
        await using var second = await StartAsync(provider, ct, connector, storeSettings: settings);
        await WaitForTicketThreadAsync(connector, number, ct);
    }

    [Fact]
    public async Task Unclaimed_ticket_is_re_announced_once_after_the_claim_sla()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T09:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture));
        await using var bot = await StartAsync("sqlite", ct, clock: clock);
        var number = await EscalateAsync(bot.PersonalChat(), "Gdzie znajdę nagrania webinarów?", ct);
        var maintenance = bot.Services.GetRequiredService<ConsultBot.Handoff.IHandoffMaintenance>();
        await maintenance.RunOnceAsync(ct);
        var (threadId, _) = await WaitForTicketThreadAsync(bot.Connector, number, ct);

        // Let the delivery that posted the thread record its result before fake hours pass: jumping
        // the clock past the outbox lease mid-delivery would (rightly) let another pass retry it.
        await Task.Delay(1000, ct);
        var before = bot.Connector.Requests.Count(r => r.ConversationId == threadId);

        clock.Advance(TimeSpan.FromHours(3));
        await maintenance.RunOnceAsync(ct);
        Assert.Equal(before, bot.Connector.Requests.Count(r => r.ConversationId == threadId && r.Method == "POST"));

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));
        await maintenance.RunOnceAsync(ct);
        await maintenance.RunOnceAsync(ct);

        // The background pass woken by the same change may be the one delivering it: wait for it, then
        // make sure nothing else follows.
        await bot.Connector.WaitForAsync(r => r.ConversationId == threadId && r.Method == "POST", TimeSpan.FromSeconds(10), ct);
        await maintenance.RunOnceAsync(ct);
        await Task.Delay(500, ct);
        var reminders = bot.Connector.Requests.Where(r => r.ConversationId == threadId && r.Method == "POST").ToList();
        Assert.True(reminders.Count == 1, "exactly one reminder; connector saw: " + string.Join(", ", bot.Connector.Requests));
    }

    [Fact]
    public async Task Someone_outside_the_consultants_channel_cannot_claim_a_ticket()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartAsync("sqlite", ct);
        var number = await EscalateAsync(bot.PersonalChat(), "Czy są szablony umów partnerskich?", ct);
        var (threadId, _) = await WaitForTicketThreadAsync(bot.Connector, number, ct);
        var stranger = new ConversationDriver(bot.Http, bot.MessagesEndpoint, bot.Connector.ServiceUrl, threadId, "29:stranger", "Obcy Użytkownik", ConversationTypes.Channel);
        var (status, body) = await stranger.ExecuteAsync("handoff.claim", new JsonObject { ["ticket"] = number }, ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("canAnswer", body!.ToJsonString(), StringComparison.Ordinal);
        Assert.NotEqual(ContentTypes.AdaptiveCard, body["type"]!.GetValue<string>());
    }
}
