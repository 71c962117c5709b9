using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// Issue "Trustworthy turns": a second message sent before the first reply is back is applied after the
/// first, on one host and on two hosts sharing PostgreSQL; hostile shapes are answered, not thrown on;
/// Production without an app id does not serve.
/// </summary>
public sealed class TrustworthyTurnTests
{
    private const string ConcurrentChangeText = "zmieniła się w międzyczasie";
    private const string CancelConfirmText = "Czy na pewno przerwać";

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Second_message_sent_before_the_first_reply_is_applied_after_the_first(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await StoreProviders.SettingsAsync(provider, ct);
        await using var bot = await TestBotHost.StartAsync(ct, settings);

        // Warm, as in service: a cold host's first request spends its first 100+ ms in JIT before it reaches the queue.
        await bot.PersonalChat(userId: "29:warm").SendAsync("pomoc", ct);

        for (var i = 0; i < 5; i++)
        {
            var chat = bot.PersonalChat(userId: $"29:fast-{i}");
            await AssertAppliedInOrderAsync(bot.Connector, chat, chat, ct);
        }
    }

    [Fact]
    public async Task Two_hosts_on_one_postgresql_taking_alternate_messages_apply_them_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await StoreProviders.SettingsAsync("postgres", ct);
        await using var first = await TestBotHost.StartAsync(ct, settings);
        await using var second = await TestBotHost.StartAsync(ct, settings, connector: first.Connector);

        // Both hosts warm (JIT, connection pools), as in service: what is compared is arrival order, not a cold start.
        await first.PersonalChat(userId: "29:warm-a").SendAsync("pomoc", ct);
        await second.PersonalChat(userId: "29:warm-b").SendAsync("pomoc", ct);

        for (var i = 0; i < 5; i++)
        {
            var conversationId = $"a:two-hosts-{Guid.NewGuid():N}";
            var viaFirst = first.PersonalChat(userId: $"29:two-hosts-{i}", conversationId: conversationId);
            var viaSecond = second.PersonalChat(userId: $"29:two-hosts-{i}", conversationId: conversationId);
            await AssertAppliedInOrderAsync(first.Connector, viaFirst, viaSecond, ct);
        }
    }

    [Fact]
    public async Task A_message_arriving_while_a_slow_turn_runs_waits_for_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct, services: s => s.AddSingleton<Protocol.Turn.IBotFeature, TestFeature>());
        var chat = bot.PersonalChat();
        var slow = chat.NewMessage("test-slow");
        var quick = chat.NewMessage("test-echo after");

        var slowPost = chat.PostAsync(slow, ct);
        await Task.Delay(200, ct);
        using (var b = await chat.PostAsync(quick, ct))
        using (var a = await slowPost)
        {
            Assert.True(a.IsSuccessStatusCode && b.IsSuccessStatusCode);
        }

        await bot.Connector.WaitForAsync(r => r.Succeeded && r.Activity?.ReplyToId == quick.Id, TimeSpan.FromSeconds(20), ct);
        var order = bot.Connector.Requests.Where(r => r.Succeeded && r.Activity?.ReplyToId is { } id && (id == slow.Id || id == quick.Id)).Select(r => r.Activity!.ReplyToId).ToList();
        Assert.Equal(slow.Id, order[0]);
        Assert.Equal(quick.Id, order[^1]);
    }

    [Fact]
    public async Task A_mention_with_empty_text_is_answered_in_time()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.SharedChat(ConversationTypes.GroupChat);
        var message = JsonSerializer.SerializeToNode(chat.NewMessage("pomoc"), ProtocolJsonContext.Default.Activity)!.AsObject();
        message["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = string.Empty,
            ["mentioned"] = new JsonObject { ["id"] = chat.Bot.Id, ["name"] = chat.Bot.Name },
        });

        var watch = Stopwatch.StartNew();
        using var response = await chat.PostRawAsync(message.ToJsonString(), ct);

        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Unpaired_surrogate_and_invalid_utf8_are_refused_with_400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var json = JsonSerializer.Serialize(chat.NewMessage("PLACEHOLDER"), ProtocolJsonContext.Default.Activity);

        using var lone = await chat.PostRawAsync(json.Replace("PLACEHOLDER", "ab\\ud800cd", StringComparison.Ordinal), ct);
        Assert.Equal(HttpStatusCode.BadRequest, lone.StatusCode);
        Assert.Contains("surrogate", await lone.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var paired = await chat.PostRawAsync(json.Replace("PLACEHOLDER", "emoji \\ud83d\\ude00", StringComparison.Ordinal), ct);
        Assert.True(paired.IsSuccessStatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, bot.MessagesEndpoint)
        {
            Content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(json.Replace("PLACEHOLDER", "x", StringComparison.Ordinal))[..^2], 0xC3, 0x28, (byte)'"', (byte)'}']),
        };
        request.Content.Headers.ContentType = new("application/json");
        using var invalid = await bot.Http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Null_and_id_less_members_are_ignored_without_a_failed_turn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        var update = chat.NewActivity(ActivityTypes.ConversationUpdate);
        var json = JsonSerializer.Serialize(update, ProtocolJsonContext.Default.Activity);
        var body = json[..^1] + ",\"membersAdded\":[null,{\"name\":\"no id\"},{\"id\":\"\"}]}";

        using var response = await chat.PostRawAsync(body, ct);

        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
        Assert.DoesNotContain(bot.Connector.DeliveredActivities, a => a.AllText().Contains("coś poszło nie tak", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_without_an_app_id_does_not_start_unless_explicitly_allowed()
    {
        var ct = TestContext.Current.CancellationToken;
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => TestBotHost.StartAsync(ct, new Dictionary<string, string?> { ["environment"] = "Production", ["MicrosoftAppId"] = string.Empty }));
        Assert.Contains("MicrosoftAppId is not set", ex.ToString(), StringComparison.Ordinal);

        await using var open = await TestBotHost.StartAsync(ct, new Dictionary<string, string?> { ["environment"] = "Production", ["MicrosoftAppId"] = string.Empty, ["Bot:AllowUnauthenticated"] = "true" });
        var replies = await open.PersonalChat().SendAsync("pomoc", ct);
        Assert.NotEmpty(replies);
    }

    [Fact]
    public async Task Production_with_an_app_id_refuses_unauthenticated_activities()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?> { ["environment"] = "Production", ["MicrosoftAppId"] = "00000000-0000-0000-0000-00000000abcd", ["MicrosoftAppPassword"] = "secret" });
        var chat = bot.PersonalChat();

        using var response = await chat.PostAsync(chat.NewMessage("pomoc"), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Connector.Requests);
    }

    /// <summary>"dobierz model", then "anuluj" fired at once without waiting: "anuluj" must meet the started assessment.</summary>
    private static async Task AssertAppliedInOrderAsync(FakeConnector connector, ConversationDriver firstSender, ConversationDriver secondSender, CancellationToken ct)
    {
        var start = firstSender.NewMessage("dobierz model");
        var cancel = secondSender.NewMessage("anuluj");
        // 30 ms: a message typed or clicked right after the first, long before its reply (a turn here takes
        // 50-150 ms). Order is arrival order at the adapter; two posts a few ms apart can swap on the way in.
        var firstPost = firstSender.PostAsync(start, ct);
        await Task.Delay(30, ct);
        var secondPost = secondSender.PostAsync(cancel, ct);
        using (var a = await firstPost)
        using (var b = await secondPost)
        {
            Assert.True(a.IsSuccessStatusCode && b.IsSuccessStatusCode, $"{(int)a.StatusCode} {(int)b.StatusCode}");
        }

        await connector.WaitForAsync(r => r.Succeeded && r.Activity?.ReplyToId == cancel.Id, TimeSpan.FromSeconds(20), ct);
        var replies = connector.Requests.Where(r => r.Succeeded && r.Activity is not null && (r.Activity.ReplyToId == start.Id || r.Activity.ReplyToId == cancel.Id)).ToList();
        Assert.DoesNotContain(replies, r => r.Activity!.AllText().Contains(ConcurrentChangeText, StringComparison.Ordinal));
        var lastOfFirst = replies.FindLastIndex(r => r.Activity!.ReplyToId == start.Id);
        var firstOfSecond = replies.FindIndex(r => r.Activity!.ReplyToId == cancel.Id);
        Assert.True(lastOfFirst >= 0 && lastOfFirst < firstOfSecond, "the replies to the first message come before those to the second: " +
            string.Join(" | ", replies.Select(r => (r.Activity!.ReplyToId == start.Id ? "1:" : "2:") + r.Activity.AllText()[..Math.Min(60, r.Activity.AllText().Length)])));
        Assert.Contains(replies, r => r.Activity!.ReplyToId == cancel.Id && r.Activity.AllText().Contains(CancelConfirmText, StringComparison.Ordinal));
    }
}
