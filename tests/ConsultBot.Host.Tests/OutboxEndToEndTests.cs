using System.Net;
using System.Text.Json.Nodes;
using ConsultBot.Handoff.Outbox;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// The outbox across real hosts and stores: two instances on one store racing for leases post every ticket
/// exactly once, and admins see and retry dead letters over <c>/api/handoff/dead-letters</c>.
/// </summary>
public sealed class OutboxEndToEndTests
{
    private const string ConsultantsChannel = "19:consultants@thread.tacv2";
    private const string AdminKey = "outbox-admin-key-0123456789";
    private static readonly ChannelAccount Ewa = new() { Id = "29:consultant-ewa", Name = "Ewa Nowak" };

    private static async Task<TestBotHost> StartAsync(FakeConnector connector, Dictionary<string, string?> storeSettings, CancellationToken ct)
    {
        var settings = new Dictionary<string, string?>(storeSettings)
        {
            ["Handoff:ConsultantsConversationId"] = ConsultantsChannel,
            ["Handoff:ServiceUrl"] = connector.ServiceUrl,
            ["Handoff:PollInterval"] = "00:00:00.100",
            ["Handoff:OutboxBaseBackoff"] = "00:00:00.100",
            ["Handoff:OutboxMaxBackoff"] = "00:00:00.500",
            ["Handoff:WorkingHours:Enabled"] = "false",
            ["Knowledge:AdminApiKey"] = AdminKey,
        };
        return await TestBotHost.StartAsync(ct, settings, connector: connector);
    }

    /// <summary>Escalates a question through the form card; returns the ticket number the asker is shown.</summary>
    private static async Task<string> EscalateAsync(ConversationDriver asker, string question, CancellationToken ct)
    {
        var replies = await asker.SendAsync("konsultant", ct);
        var form = replies.FirstCard() ?? throw new InvalidOperationException("no form card: " + replies.AllText());
        var data = form.Actions().Single(a => a.Verb == "handoff.submit").Data;
        data["question"] = question;
        data["city"] = "Płock";
        data["topic"] = "partnership";
        data["urgency"] = "normal";
        data["consent"] = "false";
        var (status, body) = await asker.ExecuteAsync("handoff.submit", data, ct);
        Assert.Equal(HttpStatusCode.OK, status);
        var match = System.Text.RegularExpressions.Regex.Match(body!.ToJsonString(), "KC-\\d{6}");
        Assert.True(match.Success, "the confirmation names the ticket number: " + body.ToJsonString());
        return match.Value;
    }

    private static int Posts(FakeConnector connector, string number) =>
        connector.Requests.Count(r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded && r.Body.Contains(number, StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Two_hosts_on_one_store_race_for_leases_and_post_each_ticket_once(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connector = await FakeConnector.StartAsync(cancellationToken: ct);
        connector.SetMembers(Ewa);
        var settings = await StoreProviders.SettingsAsync(provider, ct);
        await using var first = await StartAsync(connector, settings, ct);
        await using var second = await StartAsync(connector, settings, ct);

        // Slow posts keep deliveries in flight while the other instance's passes look at the same items.
        connector.DelayNext(TimeSpan.FromMilliseconds(150), times: 12, route: FakeConnectorRoute.CreateConversation);
        var numbers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var host = i % 2 == 0 ? first : second;
            numbers.Add(await EscalateAsync(host.PersonalChat(), $"Pytanie numer {i} o partnerstwo z NGO?", ct));
        }

        // Besides both background services, both instances' processors race pass against pass.
        var processors = new[] { first, second }.Select(h => h.Services.GetRequiredService<OutboxProcessor>()).ToArray();
        for (var round = 0; round < 20 && numbers.Any(n => Posts(connector, n) == 0); round++)
        {
            await Task.WhenAll(processors.Select(p => p.RunOnceAsync(ct)));
            await Task.Delay(50, ct);
        }

        foreach (var number in numbers)
        {
            await connector.WaitForAsync(r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded && r.Body.Contains(number, StringComparison.Ordinal), TimeSpan.FromSeconds(20), ct);
        }

        await Task.WhenAll(processors.Select(p => p.RunOnceAsync(ct)));
        await Task.Delay(500, ct);
        Assert.All(numbers, n => Assert.Equal(1, Posts(connector, n)));
        Assert.Equal(0, await processors[0].CountPendingAsync(ct));
    }

    [Fact]
    public async Task Dead_letters_are_listed_for_admins_and_retried_over_the_handoff_api()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connector = await FakeConnector.StartAsync(cancellationToken: ct);
        connector.SetMembers(Ewa);
        await using var bot = await StartAsync(connector, await StoreProviders.SettingsAsync("sqlite", ct), ct);
        connector.FailNext(FakeConnectorRoute.CreateConversation, 404, times: 1);
        var number = await EscalateAsync(bot.PersonalChat(), "Czy kanał konsultantów istnieje?", ct);

        var list = new Uri(bot.BaseAddress, "/api/handoff/dead-letters");
        JsonArray letters = [];
        for (var i = 0; i < 100 && letters.Count == 0; i++)
        {
            await Task.Delay(100, ct);
            using var request = new HttpRequestMessage(HttpMethod.Get, list);
            request.Headers.Add("X-Admin-Key", AdminKey);
            using var response = await bot.Http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            letters = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsArray();
        }

        var letter = Assert.Single(letters)!;
        Assert.Equal(number, letter["ticketNumber"]!.GetValue<string>());
        Assert.Equal("ConversationNotFound", letter["reason"]!.GetValue<string>());
        Assert.Equal("PostTicket", letter["kind"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Http.GetAsync(list, ct)).StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, list))
        {
            wrong.Headers.Add("X-Admin-Key", "not-the-admin-key-at-all");
            Assert.Equal(HttpStatusCode.Forbidden, (await bot.Http.SendAsync(wrong, ct)).StatusCode);
        }

        using var retry = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, $"/api/handoff/dead-letters/{letter["id"]!.GetValue<string>()}/retry"));
        retry.Headers.Add("X-Admin-Key", AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, (await bot.Http.SendAsync(retry, ct)).StatusCode);

        await connector.WaitForAsync(r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded && r.Body.Contains(number, StringComparison.Ordinal), TimeSpan.FromSeconds(20), ct);
        Assert.Equal(1, Posts(connector, number));
    }
}
