using System.Net;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

public sealed class MessagesEndpointTests
{
    private static Task<TestBotHost> StartWithTestFeatureAsync(CancellationToken ct, IDictionary<string, string?>? settings = null) =>
        TestBotHost.StartAsync(ct, settings, services: s => s.AddSingleton<IBotFeature, TestFeature>());

    [Fact]
    public async Task Get_on_messages_endpoint_is_405()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        using var response = await bot.Http.GetAsync(new Uri("/api/messages", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json", "not valid activity JSON")]
    [InlineData("{}", "'type'")]
    [InlineData("[1,2]", "not valid activity JSON")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"http://127.0.0.1:1/\"}", "'conversation.id'")]
    [InlineData("{\"type\":\"message\",\"conversation\":{\"id\":\"c1\"}}", "'serviceUrl'")]
    [InlineData("{\"type\":\"message\",\"conversation\":{\"id\":\"c1\"},\"serviceUrl\":\"ftp://x\"}", "serviceUrl")]
    [InlineData("", "empty")]
    public async Task Malformed_body_is_400_with_a_problem_naming_what_is_wrong(string body, string expectedDetail)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        using var response = await chat.PostRawAsync(body, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Contains(expectedDetail, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(bot.Connector.Requests);
    }

    [Fact]
    public async Task Oversize_body_is_413_and_nothing_is_processed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct, new Dictionary<string, string?> { ["Bot:MaxBodyBytes"] = "4096" });
        var chat = bot.PersonalChat();
        using var response = await chat.PostAsync(chat.NewMessage("test-echo " + new string('x', 5000)), ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(bot.Connector.Requests);
    }

    [Fact]
    public async Task Default_body_limit_is_256_KiB()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        using var response = await chat.PostAsync(chat.NewMessage(new string('x', 257 * 1024)), ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Request_without_token_is_401_when_an_app_id_is_configured()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["MicrosoftAppPassword"] = "not-a-real-secret",
        });
        var chat = bot.PersonalChat();
        using var response = await chat.PostAsync(chat.NewMessage("cześć"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        chat.Token = "not-a-jwt";
        using var withBadToken = await chat.PostAsync(chat.NewMessage("cześć"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, withBadToken.StatusCode);
        Assert.Empty(bot.Connector.Requests);
    }

    [Fact]
    public async Task Token_that_cannot_be_checked_because_signing_keys_are_unreachable_is_503_not_500()
    {
        var ct = TestContext.Current.CancellationToken;
        const string appId = "00000000-0000-0000-0000-000000000001";
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = appId,
            ["MicrosoftAppPassword"] = "not-a-real-secret",
            ["ChannelOpenIdMetadataUrl"] = "http://127.0.0.1:1/v1/.well-known/openidconfiguration",
        });
        var chat = bot.PersonalChat();
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var key = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa) { KeyId = "k1" };
        chat.Token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com",
            Audience = appId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = chat.ServiceUrl },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256),
        });
        using var response = await chat.PostAsync(chat.NewMessage("cześć"), ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(bot.Connector.Requests);
    }

    [Fact]
    public async Task Expect_replies_returns_the_replies_in_the_body_and_sends_nothing_to_the_connector()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct);
        var chat = bot.PersonalChat();
        var replies = await chat.SendAsync("test-echo dzień dobry", ct);
        var reply = Assert.Single(replies);
        Assert.Equal("echo: dzień dobry", reply.Text);
        Assert.Equal(chat.Bot.Id, reply.From?.Id);
        Assert.Equal(chat.User.Id, reply.Recipient?.Id);
        Assert.Empty(bot.Connector.Requests);
    }

    [Fact]
    public async Task Message_reply_is_posted_to_the_connector_as_a_reply_to_the_incoming_activity()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct);
        var chat = bot.PersonalChat();
        var message = chat.NewMessage("test-echo hello");
        using var response = await chat.PostAsync(message, ct);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(ct));

        var sent = await bot.Connector.WaitForAsync(r => r.Activity?.Text == "echo: hello", TimeSpan.FromSeconds(10), ct);
        Assert.Equal("POST", sent.Method);
        Assert.Equal(FakeConnectorRoute.ReplyToActivity, sent.Route);
        Assert.Equal(chat.Conversation.Id, sent.ConversationId);
        Assert.Equal(message.Id, sent.ActivityId);
        Assert.Equal(message.Id, sent.Activity!.ReplyToId);
        Assert.Null(sent.Activity.Id);
        Assert.Equal(chat.Bot.Id, sent.Activity.From?.Id);
        Assert.Equal(chat.User.Id, sent.Activity.Recipient?.Id);
        Assert.Null(sent.Authorization);
    }

    [Fact]
    public async Task The_same_activity_delivered_twice_is_processed_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct);
        var chat = bot.PersonalChat();
        var message = chat.NewMessage("test-echo once");
        using (var first = await chat.PostAsync(message, ct))
        using (var second = await chat.PostAsync(message, ct))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        await bot.Connector.WaitForAsync(r => r.Activity?.Text == "echo: once", TimeSpan.FromSeconds(10), ct);
        await Task.Delay(300, ct);
        Assert.Single(bot.Connector.Requests, r => r.Activity?.Text == "echo: once");
        Assert.Equal(1, bot.Services.GetServices<IBotFeature>().OfType<TestFeature>().Single().EchoCount);
    }

    [Fact]
    public async Task Duplicate_check_is_shared_by_two_hosts_on_one_store()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await StartWithTestFeatureAsync(ct);
        await using var second = await TestBotHost.StartAsync(ct, databasePath: first.DatabasePath, connector: first.Connector, services: s => s.AddSingleton<IBotFeature, TestFeature>());
        var chat = first.PersonalChat();
        var message = chat.NewMessage("test-echo shared");
        var secondChat = new ConversationDriver(second.Http, second.MessagesEndpoint, chat.ServiceUrl, chat.Conversation.Id!);
        using (await chat.PostAsync(message, ct))
        using (await secondChat.PostAsync(message, ct))
        {
        }

        await first.Connector.WaitForAsync(r => r.Activity?.Text == "echo: shared", TimeSpan.FromSeconds(10), ct);
        await Task.Delay(300, ct);
        Assert.Single(first.Connector.Requests, r => r.Activity?.Text == "echo: shared");
    }

    [Fact]
    public async Task Connector_answering_429_then_success_gets_the_message_delivered_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct);
        bot.Connector.FailNext(429, times: 2, retryAfter: TimeSpan.FromMilliseconds(100));
        var chat = bot.PersonalChat();
        using (await chat.PostAsync(chat.NewMessage("test-echo throttled"), ct))
        {
        }

        await bot.Connector.WaitForAsync(r => r.Activity?.Text == "echo: throttled" && r.Succeeded, TimeSpan.FromSeconds(15), ct);
        var attempts = bot.Connector.Requests.Where(r => r.Activity?.Text == "echo: throttled").ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts, a => a.Succeeded);
    }

    [Fact]
    public async Task Connector_answering_500_to_a_post_gets_no_duplicate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct);
        bot.Connector.FailNext(500, times: 1);
        var chat = bot.PersonalChat();
        using (await chat.PostAsync(chat.NewMessage("test-echo fragile"), ct))
        {
        }

        await bot.Connector.WaitForAsync(r => r.Activity?.Text == "echo: fragile", TimeSpan.FromSeconds(10), ct);
        await Task.Delay(500, ct);
        Assert.Single(bot.Connector.Requests, r => r.Activity?.Text == "echo: fragile");
    }

    [Fact]
    public async Task Turn_that_throws_answers_with_a_friendly_polish_message_and_a_well_formed_response()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct);
        var chat = bot.PersonalChat();
        var replies = await chat.SendAsync("test-throw", ct);
        var reply = Assert.Single(replies);
        Assert.Contains("coś poszło nie tak", reply.Text, StringComparison.Ordinal);

        // The conversation goes on normally afterwards.
        var next = await chat.SendAsync("test-echo still here", ct);
        Assert.Equal("echo: still here", Assert.Single(next).Text);
    }

    [Fact]
    public async Task Turn_that_throws_answers_in_english_for_an_english_user()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct);
        var chat = bot.PersonalChat(locale: "en-US");
        var replies = await chat.SendAsync("test-throw", ct);
        Assert.Contains("something went wrong", Assert.Single(replies).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_turn_is_acknowledged_while_it_still_runs_and_its_reply_arrives_through_the_connector()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct, new Dictionary<string, string?>
        {
            ["Bot:AcknowledgeAfter"] = "00:00:00.300",
            ["Bot:TypingDelay"] = "00:00:00.100",
        });
        var feature = bot.Services.GetServices<IBotFeature>().OfType<TestFeature>().Single();
        var chat = bot.PersonalChat();

        // The turn cannot finish before the gate opens, so a 202 here is the early acknowledge, whatever the machine's load.
        using var response = await chat.PostAsync(chat.NewMessage("test-gated"), ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.DoesNotContain(bot.Connector.Requests, r => r.Activity?.Text == "gated done");

        // Still thinking after the typing delay: the user sees typing, then the reply through the connector.
        await bot.Connector.WaitForAsync(r => r.Activity?.Type == ActivityTypes.Typing, TimeSpan.FromSeconds(10), ct);
        feature.Gate.SetResult();
        await bot.Connector.WaitForAsync(r => r.Activity?.Text == "gated done", TimeSpan.FromSeconds(10), ct);
    }

    [Fact]
    public async Task Bot_mention_is_stripped_before_routing_in_a_channel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartWithTestFeatureAsync(ct);
        var chat = bot.SharedChat(ConversationTypes.Channel);
        var message = chat.NewMessage("<at>ConsultBot</at> test-echo z kanału");
        message.Entities =
        [
            new Entity
            {
                Type = "mention",
                Properties = new()
                {
                    ["mentioned"] = System.Text.Json.JsonSerializer.SerializeToElement(new JsonObject { ["id"] = chat.Bot.Id, ["name"] = "ConsultBot" }),
                    ["text"] = System.Text.Json.JsonSerializer.SerializeToElement("<at>ConsultBot</at>"),
                },
            },
        ];
        var replies = await chat.ExchangeAsync(message, ct);
        Assert.Equal("echo: z kanału", Assert.Single(replies).Text);
    }

    [Fact]
    public async Task Protocol_invoke_nobody_handles_is_501()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var invoke = chat.NewActivity(ActivityTypes.Invoke);
        invoke.Name = "tab/fetch";
        using var response = await chat.PostAsync(invoke, ct);
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task Invoke_with_a_name_outside_the_protocol_is_400_with_a_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var invoke = chat.NewActivity(ActivityTypes.Invoke);
        invoke.Name = "some/unknownInvoke";
        using var response = await chat.PostAsync(invoke, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("some/unknownInvoke", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_action_without_value_is_400_with_an_error_body()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var invoke = chat.NewActivity(ActivityTypes.Invoke);
        invoke.Name = InvokeNames.AdaptiveCardAction;
        using var response = await chat.PostAsync(invoke, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(ContentTypes.Error, body["type"]!.GetValue<string>());
        Assert.Equal("BadRequest", body["value"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Card_action_of_type_submit_is_400_not_supported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var invoke = chat.NewActivity(ActivityTypes.Invoke);
        invoke.Name = InvokeNames.AdaptiveCardAction;
        invoke.Value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Submit", ["verb"] = "x" } };
        using var response = await chat.PostAsync(invoke, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("NotSupported", body["value"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_card_verb_gets_a_clear_message_not_a_500()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var (status, body) = await chat.ExecuteAsync("no-such-verb", new JsonObject { ["x"] = 1 }, ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ContentTypes.Message, body!["type"]!.GetValue<string>());
        Assert.Contains("nieaktualna", body["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_conversation_update_event_is_200_with_no_reply()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.SharedChat(ConversationTypes.Channel);
        var update = chat.NewActivity(ActivityTypes.ConversationUpdate);
        update.ChannelData = new JsonObject { ["eventType"] = "somethingNewFromTeams", ["tenant"] = new JsonObject { ["id"] = "t" } };
        var replies = await chat.ExchangeAsync(update, ct);
        Assert.Empty(replies);
    }

    [Fact]
    public async Task Health_is_ok_and_ready_reports_the_store()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        using var health = await bot.Http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var ready = await bot.Http.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", JsonNode.Parse(await ready.Content.ReadAsStringAsync(ct))!["status"]!.GetValue<string>());
    }
}
