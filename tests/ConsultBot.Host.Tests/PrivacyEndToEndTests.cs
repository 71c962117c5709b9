using System.Net;
using System.Text.Json.Nodes;
using ConsultBot.Handoff;
using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// "moje dane" and "usuń moje dane" over /api/messages on both stores: Anna's ticket (answered by a consultant),
/// assessment and unanswered question are listed, then erased after the confirmation; the ticket stays only as an
/// anonymous count and the consultants' card no longer shows its texts.
/// </summary>
public sealed class PrivacyEndToEndTests
{
    private const string ConsultantsChannel = "19:consultants@thread.tacv2";
    private const string Question = "Czy tłumacz PRV4417 może pracować w punkcie konsultacyjnym?";
    private const string City = "Przemyśl";
    private static readonly ChannelAccount Ewa = new() { Id = "29:consultant-ewa", Name = "Ewa Nowak" };

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task My_data_lists_what_is_kept_and_delete_my_data_erases_it_after_confirmation(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connector = await FakeConnector.StartAsync(cancellationToken: ct);
        connector.SetMembers(Ewa);
        var settings = await StoreProviders.SettingsAsync(provider, ct);
        settings["Handoff:ConsultantsConversationId"] = ConsultantsChannel;
        settings["Handoff:ServiceUrl"] = connector.ServiceUrl;
        settings["Handoff:PollInterval"] = "00:00:00.200";
        settings["Handoff:WorkingHours:Enabled"] = "false";
        await using var bot = await TestBotHost.StartAsync(ct, settings, connector: connector);
        var anna = bot.PersonalChat();

        // Anna's data: an unanswered question, a consented ticket answered by Ewa, an assessment.
        await anna.SendAsync("Czy ZQW9921 obejmuje nasz urząd?", ct);
        var form = (await anna.SendAsync("konsultant", ct)).FirstCard()!;
        var consent = FindInput(form, "consent")!;
        Assert.Equal("false", consent["value"]!.GetValue<string>());
        Assert.Contains("kanału konsultantów", consent["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var data = form.Actions().Single(a => a.Verb == HandoffVerbs.Submit).Data;
        data["question"] = Question;
        data["city"] = City;
        data["consent"] = "true";
        var (_, submitted) = await anna.ExecuteAsync(HandoffVerbs.Submit, data, ct);
        var number = System.Text.RegularExpressions.Regex.Match(submitted!.ToJsonString(), "KC-\\d{6}").Value;
        var post = await connector.WaitForAsync(r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded && r.Body.Contains(number, StringComparison.Ordinal), TimeSpan.FromSeconds(20), ct);
        var threadId = JsonNode.Parse(post.ResponseBody!)!["id"]!.GetValue<string>();
        var ewa = new ConversationDriver(bot.Http, bot.MessagesEndpoint, connector.ServiceUrl, threadId, Ewa.Id!, Ewa.Name!, ConversationTypes.Channel);
        await ewa.ExecuteAsync(HandoffVerbs.Claim, new JsonObject { ["ticket"] = number }, ct);
        await ewa.ExecuteAsync(HandoffVerbs.Answer, new JsonObject { ["ticket"] = number, ["answer"] = "Tak, ODP3318." }, ct);
        await connector.WaitForAsync(r => r.ConversationId == anna.Conversation.Id && r.Succeeded && r.Body.Contains("ODP3318", StringComparison.Ordinal), TimeSpan.FromSeconds(20), ct);
        await anna.ExecuteAsync("assessment.submitForm", new JsonObject { ["ngoStrength"] = "strong", ["leaderCandidate"] = "ngo" }, ct);

        // Art. 15: everything kept, in one card, only to her.
        var shown = (await anna.SendAsync("moje dane", ct)).AllText();
        Assert.Contains(number, shown, StringComparison.Ordinal);
        Assert.Contains("operational", shown, StringComparison.Ordinal);
        Assert.Contains("ZQW9921", shown, StringComparison.Ordinal);
        Assert.Contains("Jak długo", shown, StringComparison.Ordinal);
        var inGroup = await bot.SharedChat(ConversationTypes.GroupChat).SendAsync("moje dane", ct);
        Assert.DoesNotContain(number, inGroup.AllText(), StringComparison.Ordinal);

        // Art. 17: a confirmation first; "keep" erases nothing.
        var confirm = (await anna.SendAsync("usuń moje dane", ct)).FirstCard()!;
        var erase = confirm.Actions().Single(a => a.Verb == "privacy.erase");
        var (_, kept) = await anna.ExecuteAsync("privacy.keep", new JsonObject(), ct);
        Assert.Contains("niczego nie usunąłem", CardActionAuthorizationTests.Flatten(kept), StringComparison.Ordinal);
        Assert.Null((await bot.Services.GetRequiredService<TicketStore>().GetAsync(number, ct))!.AnonymisedAt);

        var (status, erased) = await anna.ExecuteAsync("privacy.erase", erase.Data, ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Usunąłem Twoje dane", CardActionAuthorizationTests.Flatten(erased), StringComparison.Ordinal);

        // The ticket remains only as a count: no asker, no texts, closed.
        var ticket = (await bot.Services.GetRequiredService<TicketStore>().GetAsync(number, ct))!;
        Assert.NotNull(ticket.AnonymisedAt);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Empty(ticket.Question);
        Assert.Null(ticket.City);
        Assert.Empty(ticket.Context);
        Assert.All(ticket.Answers, a => Assert.Empty(a.Text));
        Assert.Equal("anonymised", ticket.Asker.UserId);

        // The consultants' card no longer shows the texts: neither on refresh nor in the channel's updated card.
        var (_, refreshed) = await ewa.ExecuteAsync(HandoffVerbs.Refresh, new JsonObject { ["ticket"] = number }, ct);
        var card = CardActionAuthorizationTests.Flatten(refreshed);
        Assert.Contains(number, card, StringComparison.Ordinal);
        foreach (var secret in new[] { "PRV4417", City, "Kowalska", "ODP3318", "ZQW9921" })
        {
            Assert.DoesNotContain(secret, card, StringComparison.Ordinal);
        }

        var update = await connector.WaitForAsync(
            r => r.Method == "PUT" && r.Succeeded && r.Body.Contains(number, StringComparison.Ordinal) && !r.Body.Contains("PRV4417", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), ct);
        Assert.DoesNotContain(City, CardActionAuthorizationTests.Flatten(JsonNode.Parse(update.Body)), StringComparison.Ordinal);

        // Her state, feedback log entries and references are gone.
        var storage = bot.Services.GetRequiredService<IStorage>();
        var keys = new[] { $"msteams/users/{anna.User.Id}", $"msteams/conversations/{anna.Conversation.Id}", $"conversation-references/msteams/users/{anna.User.Id}" };
        Assert.Empty(await storage.ReadAsync(keys, ct));
        var unanswered = await storage.ListAsync("knowledge/unanswered/", 1000, ct);
        Assert.DoesNotContain(unanswered, u => u.Value.Json.Contains(anna.User.Id!, StringComparison.Ordinal));

        // And "moje dane" now lists none of it.
        var after = (await anna.SendAsync("moje dane", ct)).AllText();
        Assert.DoesNotContain(number, after, StringComparison.Ordinal);
        Assert.DoesNotContain("ZQW9921", after, StringComparison.Ordinal);
        Assert.DoesNotContain("operational", after, StringComparison.Ordinal);
    }

    private static JsonObject? FindInput(JsonNode? node, string id) => node switch
    {
        JsonObject o when o["id"]?.GetValue<string>() == id => o,
        JsonObject o => o.Select(kv => FindInput(kv.Value, id)).FirstOrDefault(x => x is not null),
        JsonArray a => a.Select(n => FindInput(n, id)).FirstOrDefault(x => x is not null),
        _ => null,
    };
}
