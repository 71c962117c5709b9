using System.Text.Json.Nodes;
using ConsultBot.Handoff.Tests.Infrastructure;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.State;
using ConsultBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Handoff.Tests;

/// <summary>
/// The outbox against the real connector client and the HTTP FakeConnector: nothing is lost while the
/// connector is down or across a restart, and nothing is delivered twice.
/// </summary>
public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private FakeConnector _fake = null!;
    private ServiceProvider _connectorServices = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeConnector.StartAsync(cancellationToken: Ct);
        _fake.SetMembers(new ConsultBot.Protocol.Schema.ChannelAccount { Id = HandoffHarness.Piotr.Id, Name = HandoffHarness.Piotr.Name });

        // The real ConnectorClient (anonymous: no AppId), on the system clock so its own retries run.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:RetryBaseDelay"] = "00:00:00.010",
            ["Connector:MaxRetryDelay"] = "00:00:00.050",
            ["Connector:CircuitBreakerMinimumThroughput"] = "1000",
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

    private HandoffHarness CreateHost(IStorage storage, FakeTimeProvider clock)
    {
        var host = HandoffHarness.Create(
            new() { ["Handoff:ServiceUrl"] = _fake.ServiceUrl },
            connector: _connectorServices.GetRequiredService<IConnectorClient>(),
            storage: storage,
            clock: clock);
        host.ActivityServiceUrl = _fake.ServiceUrl;
        return host;
    }

    [Fact]
    public async Task Connector_down_is_retried_with_backoff_and_delivered_once_after_recovery()
    {
        var clock = new FakeTimeProvider(HandoffHarness.Monday9);
        await using var h = CreateHost(new MemoryStorage(clock), clock);
        _fake.FailNext(FakeConnectorRoute.CreateConversation, 500, times: 3);
        var number = await h.SubmitTicketAsync(Ct);

        await h.Maintenance.RunOnceAsync(Ct); // attempt 1: 500
        await h.Maintenance.RunOnceAsync(Ct); // not due yet: backoff
        Assert.Equal(1, Creates());

        clock.Advance(TimeSpan.FromSeconds(6));
        await h.Maintenance.RunOnceAsync(Ct); // attempt 2: 500
        clock.Advance(TimeSpan.FromSeconds(6));
        await h.Maintenance.RunOnceAsync(Ct); // still backing off (10 s after attempt 2)
        Assert.Equal(2, Creates());

        clock.Advance(TimeSpan.FromSeconds(5));
        await h.Maintenance.RunOnceAsync(Ct); // attempt 3: 500
        clock.Advance(TimeSpan.FromSeconds(21));
        await h.Maintenance.RunOnceAsync(Ct); // attempt 4: connector is back
        clock.Advance(TimeSpan.FromMinutes(30));
        await h.Maintenance.RunOnceAsync(Ct);

        Assert.Equal(4, Creates());
        Assert.Single(_fake.Requests, r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded);
        var ticket = await h.TicketAsync(number, Ct);
        Assert.NotNull(ticket.CardActivityId);
        Assert.Equal(0, await h.OutboxCountAsync(Ct));
    }

    [Fact]
    public async Task A_new_instance_on_the_same_store_delivers_what_was_pending()
    {
        var clock = new FakeTimeProvider(HandoffHarness.Monday9);
        var storage = new MemoryStorage(clock);
        string number;
        await using (var first = CreateHost(storage, clock))
        {
            _fake.FailNext(FakeConnectorRoute.CreateConversation, 502, times: 10);
            number = await first.SubmitTicketAsync(Ct);
            await first.Maintenance.RunOnceAsync(Ct);
        }

        _fake.Reset();
        clock.Advance(TimeSpan.FromMinutes(1));
        await using var second = CreateHost(storage, clock);
        await second.Maintenance.RunOnceAsync(Ct);

        var post = Assert.Single(_fake.Requests, r => r.Route == FakeConnectorRoute.CreateConversation);
        Assert.True(post.Succeeded);
        Assert.Equal(HandoffHarness.Channel, post.ConversationParameters?.ChannelData?["channel"]?["id"]?.GetValue<string>());
        Assert.True(post.ConversationParameters?.IsGroup);
        Assert.NotNull((await second.TicketAsync(number, Ct)).CardActivityId);
    }

    [Fact]
    public async Task Answer_relay_survives_a_connector_outage_and_reaches_the_asker_once()
    {
        var clock = new FakeTimeProvider(HandoffHarness.Monday9);
        await using var h = CreateHost(new MemoryStorage(clock), clock);
        var number = await h.SubmitTicketAsync(Ct);
        await h.Maintenance.RunOnceAsync(Ct);
        await h.ConsultantAsync(HandoffVerbs.Answer, number, HandoffHarness.Piotr, Ct, new JsonObject { ["answer"] = "Tak." });

        _fake.FailNext(FakeConnectorRoute.SendToConversation, 500, times: 1);
        _fake.FailNext(FakeConnectorRoute.UpdateActivity, 500, times: 1);
        await h.Maintenance.RunOnceAsync(Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        await h.Maintenance.RunOnceAsync(Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        await h.Maintenance.RunOnceAsync(Ct);

        var relays = _fake.Requests.Where(r => r.ConversationId == "a:personal-29:anna" && r.Route == FakeConnectorRoute.SendToConversation).ToList();
        Assert.Equal(2, relays.Count);
        Assert.Single(relays, r => r.Succeeded);
        Assert.NotNull(Assert.Single((await h.TicketAsync(number, Ct)).Answers).DeliveredActivityId);
        Assert.Equal(0, await h.OutboxCountAsync(Ct));
    }

    [Fact]
    public async Task Membership_is_checked_with_the_connector()
    {
        var clock = new FakeTimeProvider(HandoffHarness.Monday9);
        await using var h = CreateHost(new MemoryStorage(clock), clock);
        var number = await h.SubmitTicketAsync(Ct);

        await h.ConsultantAsync(HandoffVerbs.Claim, number, HandoffHarness.Ewa, Ct);
        await h.ConsultantAsync(HandoffVerbs.Claim, number, HandoffHarness.Piotr, Ct);

        Assert.Equal("29:piotr", (await h.TicketAsync(number, Ct)).Assignee?.UserId);
        Assert.Contains(_fake.Requests, r => r.Route == FakeConnectorRoute.GetMember && r.StatusCode == 404);
    }

    [Fact]
    public async Task Background_service_delivers_on_its_own_timer()
    {
        var clock = new FakeTimeProvider(HandoffHarness.Monday9);
        await using var h = CreateHost(new MemoryStorage(clock), clock);
        var service = h.Services.GetServices<IHostedService>().OfType<BackgroundService>().Single();
        _fake.FailNext(FakeConnectorRoute.CreateConversation, 500, times: 1);
        await service.StartAsync(Ct);
        try
        {
            await h.SubmitTicketAsync(Ct);
            await _fake.WaitForAsync(r => r.Route == FakeConnectorRoute.CreateConversation, TimeSpan.FromSeconds(10), Ct);

            // The retry is due after the backoff; the service's poll runs on the fake clock.
            for (var i = 0; i < 50 && !_fake.Requests.Any(r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded); i++)
            {
                clock.Advance(TimeSpan.FromSeconds(15));
                await Task.Delay(50, Ct);
            }

            Assert.Single(_fake.Requests, r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private int Creates() => _fake.Requests.Count(r => r.Route == FakeConnectorRoute.CreateConversation);
}
