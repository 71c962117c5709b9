using System.Text.Json.Nodes;
using ConsultBot.Cards;
using ConsultBot.Handoff.Outbox;
using ConsultBot.Handoff.Storage;
using ConsultBot.Handoff.Tests.Infrastructure;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Handoff.Tests;

/// <summary>
/// The outbox never stalls and never loses: failing items move out of the way of new ones, what cannot
/// succeed is dead-lettered with its reason and shown to consultants, a lease outlives the call it covers,
/// and cards too large for Teams are shortened. Real connector client against the HTTP FakeConnector.
/// </summary>
public sealed class OutboxPoisonTests : IAsyncLifetime
{
    private FakeConnector _fake = null!;
    private ServiceProvider _connectorServices = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeConnector.StartAsync(cancellationToken: Ct);
        _fake.SetMembers(new ChannelAccount { Id = HandoffHarness.Piotr.Id, Name = HandoffHarness.Piotr.Name });

        // The real ConnectorClient (anonymous), on the system clock so its own retries run.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:RetryBaseDelay"] = "00:00:00.010",
            ["Connector:MaxRetryDelay"] = "00:00:00.050",
            ["Connector:MaxRetryAfter"] = "00:00:00.050",
            ["Connector:CircuitBreakerMinimumThroughput"] = "100000",
            ["Connector:PacingEnabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotConnector(configuration);
        _connectorServices = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _connectorServices.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private HandoffHarness CreateHost(FakeTimeProvider? clock = null, Dictionary<string, string?>? settings = null)
    {
        clock ??= new FakeTimeProvider(HandoffHarness.Monday9);
        var values = new Dictionary<string, string?> { ["Handoff:ServiceUrl"] = _fake.ServiceUrl };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var host = HandoffHarness.Create(values, connector: _connectorServices.GetRequiredService<IConnectorClient>(), storage: new MemoryStorage(clock), clock: clock);
        host.ActivityServiceUrl = _fake.ServiceUrl;
        return host;
    }

    private static async Task EnqueueAsync(HandoffHarness h, OutboxItem item) =>
        await h.Storage.WriteAsync(HandoffKeys.Outbox(item.Id), item, HandoffJsonContext.Default.OutboxItem, StoreItem.CreateOnly, Ct);

    private bool ThreadPosted(string number) =>
        _fake.Requests.Any(r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded && r.Body.Contains(number, StringComparison.Ordinal));

    private static Task<IReadOnlyList<OutboxDeadLetter>> DeadLettersAsync(HandoffHarness h) => h.Get<OutboxDeadLetters>().ListAsync(Ct);

    [Fact]
    public async Task New_ticket_is_posted_in_the_same_pass_behind_300_failing_items()
    {
        await using var h = CreateHost();
        var first = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);
        Assert.True(ThreadPosted(first));

        // 300 notices into the first ticket's thread, queued before the new ticket, all answered 500.
        for (var i = 0; i < 300; i++)
        {
            await EnqueueAsync(h, OutboxItem.Create(OutboxKind.ThreadNotice, first, h.Clock.GetUtcNow(), notice: NoticeKind.FollowUp));
        }

        _fake.FailNext(FakeConnectorRoute.SendToConversation, 500, times: 300);
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = await h.SubmitTicketAsync(Ct, "Nowe pytanie za kolejką błędów?");

        await h.Maintenance.RunOnceAsync(Ct);

        Assert.True(ThreadPosted(fresh), "the new ticket is posted in the first pass");
        Assert.Equal(300, _fake.Requests.Count(r => r.Route == FakeConnectorRoute.SendToConversation));

        // The failing ones now back off in the retry lane: the next ticket goes out without a single retry of theirs.
        var next = await h.SubmitTicketAsync(Ct, "Jeszcze jedno pytanie?");
        await h.Maintenance.RunOnceAsync(Ct);

        Assert.True(ThreadPosted(next));
        Assert.Equal(300, _fake.Requests.Count(r => r.Route == FakeConnectorRoute.SendToConversation));
        Assert.Equal(300, await h.OutboxCountAsync(Ct));
    }

    [Theory]
    [InlineData(404, nameof(DeadLetterReason.ConversationNotFound))]
    [InlineData(403, nameof(DeadLetterReason.Forbidden))]
    [InlineData(400, nameof(DeadLetterReason.Rejected))]
    public async Task Thread_post_that_cannot_succeed_is_dead_lettered_at_once_with_its_reason(int status, string reason)
    {
        await using var h = CreateHost();
        _fake.FailNext(FakeConnectorRoute.CreateConversation, status, times: 100);
        var number = await h.SubmitTicketAsync(Ct);

        await h.Maintenance.RunOnceAsync(Ct);
        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.Maintenance.RunOnceAsync(Ct);

        Assert.Single(_fake.Requests, r => r.Route == FakeConnectorRoute.CreateConversation);
        var letter = Assert.Single(await DeadLettersAsync(h));
        Assert.Equal(number, letter.TicketNumber);
        Assert.Equal(OutboxKind.PostTicket, letter.Kind);
        Assert.Equal(reason, letter.Reason.ToString());
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), letter.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await h.OutboxCountAsync(Ct));
    }

    [Fact]
    public async Task Item_that_keeps_failing_is_dead_lettered_after_the_configured_attempts()
    {
        await using var h = CreateHost(settings: new() { ["Handoff:OutboxMaxAttempts"] = "3" });
        _fake.FailNext(FakeConnectorRoute.CreateConversation, 500, times: 100);
        var number = await h.SubmitTicketAsync(Ct);

        for (var i = 0; i < 6; i++)
        {
            await h.Maintenance.RunOnceAsync(Ct);
            h.Clock.Advance(TimeSpan.FromMinutes(11));
        }

        Assert.Equal(3, _fake.Requests.Count(r => r.Route == FakeConnectorRoute.CreateConversation));
        var letter = Assert.Single(await DeadLettersAsync(h));
        Assert.Equal((number, DeadLetterReason.TooManyAttempts, 3), (letter.TicketNumber, letter.Reason, letter.Attempts));
        Assert.Equal(0, await h.OutboxCountAsync(Ct));
    }

    [Fact]
    public async Task Item_still_failing_after_the_max_age_is_dead_lettered()
    {
        await using var h = CreateHost(settings: new() { ["Handoff:OutboxMaxAge"] = "00:30:00", ["Handoff:OutboxMaxBackoff"] = "00:10:00" });
        _fake.FailNext(FakeConnectorRoute.CreateConversation, 503, times: 1000);
        await h.SubmitTicketAsync(Ct);

        for (var i = 0; i < 8; i++)
        {
            await h.Maintenance.RunOnceAsync(Ct);
            h.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        var letter = Assert.Single(await DeadLettersAsync(h));
        Assert.Equal(DeadLetterReason.TooOld, letter.Reason);
        Assert.True(letter.Attempts < 10);
    }

    [Fact]
    public async Task Throttled_delivery_backs_off_and_arrives_without_being_dead_lettered()
    {
        await using var h = CreateHost();
        _fake.FailNext(FakeConnectorRoute.CreateConversation, 429, times: 6, retryAfter: TimeSpan.FromMilliseconds(10));
        var number = await h.SubmitTicketAsync(Ct);

        await h.Maintenance.RunOnceAsync(Ct); // the client's own retries use up 4 of the 429s
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        await h.Maintenance.RunOnceAsync(Ct); // 2 more 429s, then accepted

        Assert.True(ThreadPosted(number));
        Assert.Single(_fake.Requests, r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded);
        Assert.Empty(await DeadLettersAsync(h));
    }

    [Fact]
    public async Task Answer_to_a_chat_that_no_longer_exists_is_dead_lettered_and_the_thread_is_told()
    {
        await using var h = CreateHost();
        var number = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);
        await h.ConsultantAsync(HandoffVerbs.Answer, number, HandoffHarness.Piotr, Ct, new JsonObject { ["answer"] = "Tak, może." });
        _fake.FailNext(FakeConnectorRoute.SendToConversation, 404, times: 1);

        await h.Maintenance.RunOnceAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);

        var letter = Assert.Single(await DeadLettersAsync(h));
        Assert.Equal((OutboxKind.RelayAnswer, DeadLetterReason.ConversationNotFound), (letter.Kind, letter.Reason));
        Assert.True(Assert.Single((await h.TicketAsync(number, Ct)).Answers).Undeliverable);
        var ticket = await h.TicketAsync(number, Ct);
        Assert.Contains(_fake.Requests, r => r.ConversationId == ticket.ThreadConversationId && r.Succeeded && r.Activity?.Text?.Contains(number, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Tickets_in_the_channel_shows_the_dead_letters()
    {
        await using var h = CreateHost();
        _fake.FailNext(FakeConnectorRoute.CreateConversation, 404, times: 1);
        var number = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);

        await h.SendAsync(h.Message("tickets", HandoffHarness.Piotr, HandoffHarness.Channel, ConversationTypes.Channel), Ct);

        var note = Assert.Single(h.Adapter.Sent, a => a.Attachments is not { Count: > 0 }).Text!;
        Assert.Contains("Niedostarczone wiadomości: 1", note, StringComparison.Ordinal);
        Assert.Contains(number, note, StringComparison.Ordinal);
        Assert.Contains("404", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_letter_put_back_by_an_admin_is_delivered_once()
    {
        await using var h = CreateHost();
        _fake.FailNext(FakeConnectorRoute.CreateConversation, 403, times: 1);
        var number = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);
        var letter = Assert.Single(await DeadLettersAsync(h));

        Assert.True(await h.Get<OutboxDeadLetters>().RequeueAsync(letter.Id, Ct));
        Assert.False(await h.Get<OutboxDeadLetters>().RequeueAsync(letter.Id, Ct));
        await h.Maintenance.RunOnceAsync(Ct);

        Assert.True(ThreadPosted(number));
        Assert.Empty(await DeadLettersAsync(h));
        Assert.NotNull((await h.TicketAsync(number, Ct)).CardActivityId);
    }

    [Fact]
    public async Task Unreadable_item_is_dead_lettered_and_does_not_stop_the_others()
    {
        await using var h = CreateHost();
        await h.Storage.WriteAsync(new Dictionary<string, StoreItem> { [HandoffKeys.Outbox("0000000000000000001-broken")] = new("{\"kind\":\"NoSuchKind\"") }, Ct);
        var number = await h.SubmitTicketAsync(Ct);

        await h.Maintenance.RunOnceAsync(Ct);

        Assert.True(ThreadPosted(number));
        var letter = Assert.Single(await DeadLettersAsync(h));
        Assert.Equal(DeadLetterReason.Unreadable, letter.Reason);
        Assert.Null(letter.Requeue(h.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Oversized_ticket_card_is_shortened_with_a_pointer_to_the_ticket()
    {
        await using var h = CreateHost();
        var number = await h.SubmitTicketAsync(Ct);
        var huge = string.Concat(Enumerable.Repeat("Bardzo długie pytanie o współpracę z NGO i OPS. ", 1500));
        await h.Get<TicketStore>().MutateAsync(number, t => TicketDecision.Apply(t with { Question = huge }), null, Ct);

        await h.Maintenance.RunOnceAsync(Ct);

        var post = Assert.Single(_fake.Requests, r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded);
        var card = (JsonObject)post.ConversationParameters!.Activity!.Attachments![0].Content!;
        Assert.True(CardSize.Utf8Bytes(card) <= CardOptions.DefaultMaxCardBytes);
        Assert.Contains($"(pełna treść w zgłoszeniu {number})", HandoffHarness.AllText(card), StringComparison.Ordinal);
        Assert.Equal(huge, (await h.TicketAsync(number, Ct)).Question);
        Assert.Empty(await DeadLettersAsync(h));
    }

    [Fact]
    public async Task Card_that_stays_too_large_when_shortened_is_dead_lettered_without_a_call()
    {
        await using var h = CreateHost();
        var number = await h.SubmitTicketAsync(Ct);
        var now = h.Clock.GetUtcNow();
        var answers = Enumerable.Range(0, 400)
            .Select(i => new TicketAnswer($"a{i}", new TicketPerson(HandoffHarness.Piotr.Id!, HandoffHarness.Piotr.Name, null), new string('x', 5000), now))
            .ToList();
        await h.Get<TicketStore>().MutateAsync(number, t => TicketDecision.Apply(t with { Answers = answers }), null, Ct);

        await h.Maintenance.RunOnceAsync(Ct);

        Assert.DoesNotContain(_fake.Requests, r => r.Route == FakeConnectorRoute.CreateConversation);
        var letter = Assert.Single(await DeadLettersAsync(h));
        Assert.Equal(DeadLetterReason.CardTooLarge, letter.Reason);
    }

    [Fact]
    public void Shortened_text_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 150) + string.Concat(Enumerable.Repeat("😀", 100));
        for (var max = 160; max < 220; max++)
        {
            var shortened = OutboxCardFitting.Shorten(text, max, "KC-000001", "pl-PL");
            Assert.True(System.Text.Unicode.Utf8.FromUtf16(shortened, new byte[shortened.Length * 4], out _, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done);
            Assert.EndsWith("(pełna treść w zgłoszeniu KC-000001)", shortened, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Lease_is_derived_from_the_connectors_total_timeout()
    {
        await using var h = HandoffHarness.Create(configure: s => s.Configure<ConnectorOptions>(o => o.TotalTimeout = TimeSpan.FromMinutes(3)));

        Assert.Equal(TimeSpan.FromMinutes(3) + OutboxTiming.LeaseMargin, h.Get<OutboxProcessor>().LeaseDuration);
    }

    [Fact]
    public void Lease_shorter_than_the_longest_connector_call_fails_at_start()
    {
        var validator = new HandoffOptionsValidator(Options.Create(new ConnectorOptions { TotalTimeout = TimeSpan.FromSeconds(90) }));

        var tooShort = validator.Validate(null, new HandoffOptions { OutboxLease = TimeSpan.FromMinutes(1) });
        var enough = validator.Validate(null, new HandoffOptions { OutboxLease = TimeSpan.FromMinutes(2) });
        var badLimits = validator.Validate(null, new HandoffOptions { OutboxMaxAttempts = 0, OutboxMaxAge = TimeSpan.FromSeconds(5) });

        Assert.True(tooShort.Failed);
        Assert.Contains("Handoff:OutboxLease", tooShort.FailureMessage, StringComparison.Ordinal);
        Assert.True(enough.Succeeded);
        Assert.Contains("Handoff:OutboxMaxAttempts", badLimits.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Handoff:OutboxMaxAge", badLimits.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_about_to_outlive_its_lease_is_cut_off_before_another_instance_may_take_the_item()
    {
        var clock = new FakeTimeProvider(HandoffHarness.Monday9);
        await using var h = CreateHost(clock);
        var processor = h.Get<OutboxProcessor>();
        _fake.DelayNext(TimeSpan.FromSeconds(5), route: FakeConnectorRoute.CreateConversation);
        var number = await h.SubmitTicketAsync(Ct);

        var slow = processor.RunOnceAsync(Ct);
        await WaitUntilLeasedAsync(h);
        await _fake.WaitUntilHeldAsync(TimeSpan.FromSeconds(10), Ct);

        // While the call runs, a second pass (as another instance would) leaves the leased item alone.
        await processor.RunOnceAsync(Ct);
        Assert.DoesNotContain(_fake.Requests, r => r.Route == FakeConnectorRoute.CreateConversation);

        // Just before the lease ends the call is abandoned and the item, no longer leased, waits in the retry lane:
        // by the time anyone else may take it, nothing of this instance is still running.
        clock.Advance(processor.LeaseDuration - OutboxTiming.RecordMargin);
        await slow;
        await _fake.WaitForAsync(r => r.Route == FakeConnectorRoute.CreateConversation, TimeSpan.FromSeconds(10), Ct);
        var retry = Assert.Single(await h.Storage.ListAsync(OutboxKeys.RetryPrefix, HandoffJsonContext.Default.OutboxItem, Ct));
        Assert.Null(retry.Value.LeaseUntil);
        Assert.Equal(1, retry.Value.Attempts);
        Assert.Equal("cut off before the lease ran out", retry.Value.LastError);

        // The abandoned POST is as ambiguous as a timeout (the fake processed it); the retry posts and records.
        clock.Advance(TimeSpan.FromSeconds(6));
        await processor.RunOnceAsync(Ct);
        Assert.Equal(2, _fake.Requests.Count(r => r.Route == FakeConnectorRoute.CreateConversation));
        Assert.NotNull((await h.TicketAsync(number, Ct)).CardActivityId);
        Assert.Equal(0, await h.OutboxCountAsync(Ct));
    }

    private static async Task WaitUntilLeasedAsync(HandoffHarness h)
    {
        for (var i = 0; i < 200; i++)
        {
            var items = await h.Storage.ListAsync(OutboxKeys.FreshPrefix, HandoffJsonContext.Default.OutboxItem, Ct);
            if (items.Any(i => i.Value.LeaseUntil is not null))
            {
                await Task.Delay(200, Ct); // let the call reach the connector
                return;
            }

            await Task.Delay(10, Ct);
        }

        throw new TimeoutException("The delivery never took its lease.");
    }
}
