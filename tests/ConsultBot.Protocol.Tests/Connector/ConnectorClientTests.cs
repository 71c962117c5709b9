using ConsultBot.Protocol.Authentication;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Xunit;

namespace ConsultBot.Protocol.Tests.Connector;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string ConversationId = "a:1Xyz";
    private FakeConnector _fake = null!;
    private ServiceProvider? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fake = await FakeConnector.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Throttled_twice_then_created_delivers_once_after_three_attempts_respecting_retry_after()
    {
        var client = CreateClient(trust: true);
        _fake.FailNext(FakeConnectorRoute.SendToConversation, 429, times: 2, retryAfter: TimeSpan.FromSeconds(1));

        var response = await client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message("hi"), Ct);

        Assert.Equal("1", response.Id);
        var attempts = _fake.Requests;
        Assert.Equal([429, 429, 201], attempts.Select(r => r.StatusCode));
        Assert.Single(_fake.DeliveredActivities);
        Assert.True(attempts[1].ReceivedAt - attempts[0].ReceivedAt >= TimeSpan.FromMilliseconds(950));
        Assert.True(attempts[2].ReceivedAt - attempts[1].ReceivedAt >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task Get_answered_503_is_retried_with_backoff_when_there_is_no_retry_after()
    {
        var client = CreateClient(settings: new() { ["Connector:RetryBaseDelay"] = "00:00:00.1", ["Connector:MaxRetryDelay"] = "00:00:01" });
        _fake.FailNext(FakeConnectorRoute.GetPagedMembers, 503, times: 3);

        await client.GetPagedMembersAsync(_fake.ServiceUrl, ConversationId, null, null, Ct);

        // Exponential back-off with jitter: the gaps vary, so only bound the total.
        var requests = _fake.Requests;
        Assert.Equal([503, 503, 503, 200], requests.Select(r => r.StatusCode));
        Assert.True(requests[^1].ReceivedAt - requests[0].ReceivedAt < TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Post_answered_500_is_not_retried()
    {
        var client = CreateClient();
        _fake.FailNext(500, times: 5);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message("once"), Ct));

        Assert.Equal(500, ex.StatusCode);
        Assert.Single(_fake.Requests);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Post_answered_502_or_504_is_retried_at_most_once(int status)
    {
        var client = CreateClient();
        _fake.FailNext(status, times: 5);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => client.ReplyToActivityAsync(_fake.ServiceUrl, ConversationId, "7", Message("reply"), Ct));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task Post_that_times_out_is_retried_at_most_once()
    {
        var client = CreateClient(settings: new() { ["Connector:AttemptTimeout"] = "00:00:00.3" });
        _fake.DelayNext(TimeSpan.FromSeconds(1), times: 5, FakeConnectorRoute.SendToConversation);

        await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message("slow"), Ct));

        await _fake.WaitForAsync(r => r.Sequence == 2, TimeSpan.FromSeconds(5), Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(1200), Ct);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task Get_members_answered_504_is_retried()
    {
        _fake.SetMembers(new ChannelAccount { Id = "29:a", Name = "Ann" }, new ChannelAccount { Id = "29:b", Name = "Bo" });
        var client = CreateClient();
        _fake.FailNext(FakeConnectorRoute.GetPagedMembers, 504, times: 2);

        var page = await client.GetPagedMembersAsync(_fake.ServiceUrl, ConversationId, 1, null, Ct);

        Assert.Equal("29:a", Assert.Single(page.Members).Id);
        Assert.Equal("1", page.ContinuationToken);
        Assert.Equal([504, 504, 200], _fake.Requests.Select(r => r.StatusCode));
        Assert.Equal("pageSize=1", _fake.Requests[^1].Query);

        var next = await client.GetPagedMembersAsync(_fake.ServiceUrl, ConversationId, 1, page.ContinuationToken, Ct);
        Assert.Equal("29:b", Assert.Single(next.Members).Id);
        Assert.Null(next.ContinuationToken);
    }

    [Fact]
    public async Task Get_that_times_out_is_retried()
    {
        var client = CreateClient(settings: new() { ["Connector:AttemptTimeout"] = "00:00:00.3" });
        _fake.SetMembers(new ChannelAccount { Id = "29:a" });
        _fake.DelayNext(TimeSpan.FromSeconds(1), times: 2, FakeConnectorRoute.GetMember);

        var member = await client.GetMemberAsync(_fake.ServiceUrl, ConversationId, "29:a", Ct);

        Assert.Equal("29:a", member?.Id);
    }

    [Fact]
    public async Task Put_answered_503_is_retried_up_to_three_times()
    {
        var client = CreateClient();
        _fake.FailNext(FakeConnectorRoute.UpdateActivity, 503, times: 10);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => client.UpdateActivityAsync(_fake.ServiceUrl, ConversationId, "5", Message("edit"), Ct));

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(4, _fake.Requests.Count);
    }

    [Fact]
    public async Task Message_writes_blocked_marks_the_conversation_unreachable_and_refuses_further_sends()
    {
        var client = CreateClient();
        var unreachable = _services!.GetRequiredService<IUnreachableConversations>();
        _fake.FailNext(403, times: 1, errorCode: "MessageWritesBlocked");

        var ex = await Assert.ThrowsAsync<ConversationUnreachableException>(() => client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message("hello?"), Ct));

        Assert.Equal(ConversationId, ex.ConversationId);
        Assert.Equal(403, ex.StatusCode);
        Assert.True(await unreachable.IsUnreachableAsync(ConversationId, Ct));
        Assert.Single(_fake.Requests);

        await Assert.ThrowsAsync<ConversationUnreachableException>(() => client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message("again"), Ct));
        Assert.Single(_fake.Requests);

        await unreachable.MarkReachableAsync(ConversationId, Ct);
        await client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message("reinstalled"), Ct);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task Other_errors_surface_code_and_status()
    {
        var client = CreateClient();
        _fake.FailNext(FakeConnectorRoute.UpdateActivity, 404, errorCode: "ActivityNotFound");

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => client.UpdateActivityAsync(_fake.ServiceUrl, ConversationId, "9", Message("x"), Ct));

        Assert.IsNotType<ConversationUnreachableException>(ex);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("ActivityNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task Token_goes_only_to_trusted_service_urls()
    {
        var client = CreateClient(trust: false);
        var trusted = _services!.GetRequiredService<ITrustedServiceUrls>();

        await client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message("untrusted"), Ct);
        trusted.Trust(_fake.ServiceUrl);
        await client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message("trusted"), Ct);

        Assert.Null(_fake.Requests[0].Authorization);
        Assert.Equal("Bearer test-token", _fake.Requests[1].Authorization);
    }

    [Fact]
    public async Task No_token_is_sent_when_no_app_id_is_configured()
    {
        var client = CreateClient(trust: true, settings: new() { ["MicrosoftAppId"] = string.Empty, ["MicrosoftAppPassword"] = string.Empty }, tokens: null);

        await client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message("dev"), Ct);

        Assert.Null(_fake.Requests[0].Authorization);
    }

    [Fact]
    public async Task Requests_carry_bot_framework_headers_and_escaped_paths_under_the_service_url_path()
    {
        var client = CreateClient();
        const string threadId = "19:abc@thread.tacv2;messageid=123";

        // Teams service URLs have a path (/amer/) and may lack the trailing slash.
        await client.ReplyToActivityAsync(_fake.ServiceUrl + "amer", threadId, "1/2", Message("escaped"), Ct);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D123/activities/1%2F2", request.RawPath);
        Assert.Equal(FakeConnectorRoute.ReplyToActivity, request.Route);
        Assert.Equal(threadId, request.ConversationId);
        Assert.Contains("Microsoft-BotFramework/3.1", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Contains("ConsultBot", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Null(request.Header("Expect"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("escaped", request.Activity?.Text);
    }

    [Fact]
    public async Task Create_conversation_returns_the_new_ids()
    {
        var client = CreateClient();
        var parameters = new ConversationParameters
        {
            IsGroup = true,
            TenantId = "tenant-1",
            Activity = Message("new thread"),
            ChannelData = System.Text.Json.Nodes.JsonNode.Parse("""{"channel":{"id":"19:channel@thread.skype"}}"""),
        };

        var created = await client.CreateConversationAsync(_fake.ServiceUrl, parameters, Ct);

        Assert.Equal("19:channel@thread.skype;messageid=1", created.Id); // a channel thread is named after its root message, as Teams does
        Assert.Equal("1", created.ActivityId);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("/v3/conversations", request.RawPath);
        Assert.Equal("19:channel@thread.skype", request.ConversationParameters?.ChannelData?["channel"]?["id"]?.GetValue<string>());
    }

    [Fact]
    public async Task Get_member_returns_null_for_a_non_member_and_delete_works()
    {
        _fake.SetMembers(new ChannelAccount { Id = "29:a", Name = "Ann" });
        var client = CreateClient();

        Assert.Equal("Ann", (await client.GetMemberAsync(_fake.ServiceUrl, ConversationId, "29:a", Ct))?.Name);
        Assert.Null(await client.GetMemberAsync(_fake.ServiceUrl, ConversationId, "29:zz", Ct));
        await client.DeleteActivityAsync(_fake.ServiceUrl, ConversationId, "3", Ct);
        Assert.Equal(FakeConnectorRoute.DeleteActivity, _fake.Requests[^1].Route);
    }

    [Fact]
    public async Task A_burst_to_one_conversation_is_paced_not_failed()
    {
        var client = CreateClient(settings: new()
        {
            ["Connector:PerConversationBurstLimit"] = "5",
            ["Connector:PerConversationBurstPeriod"] = "00:00:00.2",
        });

        var sends = Enumerable.Range(0, 20).Select(i => client.SendToConversationAsync(_fake.ServiceUrl, ConversationId, Message($"m{i}"), Ct));
        var responses = await Task.WhenAll(sends);

        Assert.Equal(20, responses.Select(r => r.Id).Distinct().Count());
        Assert.Equal(20, _fake.DeliveredActivities.Count);
        Assert.All(_fake.Requests, r => Assert.Equal(201, r.StatusCode));
        var requests = _fake.Requests;
        var spread = requests[^1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(spread >= TimeSpan.FromMilliseconds(450), $"20 sends spread over {spread}");

        // Other conversations are not held up by this one's bucket.
        var other = await client.SendToConversationAsync(_fake.ServiceUrl, "a:other", Message("other"), Ct);
        Assert.NotNull(other.Id);
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_server_failures()
    {
        var client = CreateClient(settings: new()
        {
            ["Connector:CircuitBreakerMinimumThroughput"] = "2",
            ["Connector:CircuitBreakerFailureRatio"] = "0.5",
            ["Connector:CircuitBreakerBreakDuration"] = "00:00:30",
        });
        _fake.FailNext(FakeConnectorRoute.GetMember, 500, times: 10);

        await Assert.ThrowsAsync<ConnectorException>(() => client.GetMemberAsync(_fake.ServiceUrl, ConversationId, "29:a", Ct));
        await Assert.ThrowsAsync<ConnectorException>(() => client.GetMemberAsync(_fake.ServiceUrl, ConversationId, "29:a", Ct));
        var ex = await Assert.ThrowsAsync<ConnectorException>(() => client.GetMemberAsync(_fake.ServiceUrl, ConversationId, "29:a", Ct));

        Assert.Equal(0, ex.StatusCode);
        Assert.IsType<BrokenCircuitException>(ex.InnerException, exactMatch: false);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public void Invalid_connector_options_fail_validation()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            CreateClient(settings: new() { ["Connector:AttemptTimeout"] = "00:00:00", ["Connector:MaxRetryAttempts"] = "99" }));
        Assert.Contains(ex.Failures, f => f.Contains("AttemptTimeout", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxRetryAttempts", StringComparison.Ordinal));
    }

    private IConnectorClient CreateClient(bool trust = true, Dictionary<string, string?>? settings = null, IAccessTokenProvider? tokens = null, bool useTokenProvider = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555",
            ["MicrosoftAppPassword"] = "secret",
            ["Connector:RetryBaseDelay"] = "00:00:00.02",
            ["Connector:MaxRetryDelay"] = "00:00:00.1",
            ["Connector:AttemptTimeout"] = "00:00:05",
            ["Connector:TotalTimeout"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddBotConnector(configuration);
        if (useTokenProvider && !string.IsNullOrEmpty(values["MicrosoftAppId"]))
        {
            services.AddSingleton(tokens ?? new StaticTokenProvider("test-token"));
        }

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        if (trust)
        {
            _services.GetRequiredService<ITrustedServiceUrls>().Trust(_fake.ServiceUrl);
        }

        return _services.GetRequiredService<IConnectorClient>();
    }

    private static Activity Message(string text) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Conversation = new ConversationAccount { Id = ConversationId, TenantId = "tenant-1" },
    };

    private sealed class StaticTokenProvider(string token) : IAccessTokenProvider
    {
        public Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(token);
    }
}
