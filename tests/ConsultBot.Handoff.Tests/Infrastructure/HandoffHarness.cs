using System.Text.Json.Nodes;
using ConsultBot.Cards;
using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using ConsultBot.Testing.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Handoff.Tests.Infrastructure;

/// <summary>
/// The handoff feature wired as the host would wire it (AddHandoff), on MemoryStorage, a fake clock, the
/// real card renderer and an in-memory connector; turns run through a <see cref="BotApplication"/> on the shared
/// <see cref="TestAdapter"/>.
/// </summary>
internal sealed class HandoffHarness : IAsyncDisposable
{
    public const string Channel = "19:consultants@thread.tacv2";
    public const string ServiceUrl = "https://smba.example.test/emea/";

    // Monday 23 Nov 2026, 09:00 in Warsaw (UTC+1).
    public static readonly DateTimeOffset Monday9 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static readonly ChannelAccount Anna = new() { Id = "29:anna", Name = "Anna Kowalska", AadObjectId = "aad-anna" };
    public static readonly ChannelAccount Piotr = new() { Id = "29:piotr", Name = "Piotr Nowak", AadObjectId = "aad-piotr" };
    public static readonly ChannelAccount Ewa = new() { Id = "29:ewa", Name = "Ewa Wiśniewska", AadObjectId = "aad-ewa" };
    public static readonly ChannelAccount Stranger = new() { Id = "29:stranger", Name = "Jan Obcy", AadObjectId = "aad-stranger" };

    private readonly ServiceProvider _services;
    private int _nextActivity;

    private HandoffHarness(ServiceProvider services, FakeTimeProvider clock, IStorage storage, IConnectorClient connector, ListLoggerProvider logs)
    {
        _services = services;
        Clock = clock;
        Storage = storage;
        Connector = connector;
        Logs = logs;
        Adapter = new TestAdapter { Storage = storage };
        App = new BotApplication();
        foreach (var feature in services.GetServices<IBotFeature>())
        {
            feature.Register(App);
        }
    }

    public FakeTimeProvider Clock { get; }

    public IStorage Storage { get; }

    public IConnectorClient Connector { get; }

    public RecordingConnector Recording => (RecordingConnector)Connector;

    public ListLoggerProvider Logs { get; }

    /// <summary>Records what the bot sends in turns (<see cref="TestAdapter.Sent"/>); proactive messages go through <see cref="Connector"/>.</summary>
    public TestAdapter Adapter { get; }

    public BotApplication App { get; }

    public IServiceProvider Services => _services;

    /// <summary>The service URL incoming activities carry (and so the asker's stored reference).</summary>
    public string ActivityServiceUrl { get; set; } = ServiceUrl;

    public IHandoffMaintenance Maintenance => _services.GetRequiredService<IHandoffMaintenance>();

    public static HandoffHarness Create(
        Dictionary<string, string?>? settings = null,
        IConnectorClient? connector = null,
        IStorage? storage = null,
        FakeTimeProvider? clock = null,
        bool channel = true,
        Action<IServiceCollection>? configure = null)
    {
        clock ??= new FakeTimeProvider(Monday9);
        storage ??= new MemoryStorage(clock);
        connector ??= new RecordingConnector { Members = { Piotr.Id!, Ewa.Id! } };
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (channel)
        {
            values["Handoff:ConsultantsConversationId"] = Channel;
            values["Handoff:ServiceUrl"] = ServiceUrl;
            values["Handoff:TenantId"] = "tenant-1";
        }

        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(storage);
        services.AddSingleton(connector);
        services.AddSingleton<ICardRenderer>(new CardRenderer(new CardOptions()));
        configure?.Invoke(services);
        services.AddHandoff(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _ = provider.GetRequiredService<IOptions<HandoffOptions>>().Value;
        return new HandoffHarness(provider, clock, storage, connector, logs);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public Activity Message(string text, ChannelAccount from, string? conversationId = null, string conversationType = ConversationTypes.Personal, string locale = "pl-PL") => new()
    {
        Type = ActivityTypes.Message,
        Id = $"act-{Interlocked.Increment(ref _nextActivity)}",
        Text = text,
        ChannelId = Channels.Msteams,
        ServiceUrl = ActivityServiceUrl,
        From = from,
        Recipient = new ChannelAccount { Id = "28:bot", Name = "ConsultBot" },
        Conversation = new ConversationAccount
        {
            Id = conversationId ?? $"a:personal-{from.Id}",
            ConversationType = conversationType,
            IsGroup = conversationType != ConversationTypes.Personal,
            TenantId = "tenant-1",
        },
        Locale = locale,
    };

    public Activity Invoke(string verb, JsonObject data, ChannelAccount from, string? conversationId = null, string conversationType = ConversationTypes.Personal, string locale = "pl-PL")
    {
        var activity = Message(string.Empty, from, conversationId, conversationType, locale);
        activity.Type = ActivityTypes.Invoke;
        activity.Text = null;
        activity.Name = InvokeNames.AdaptiveCardAction;
        activity.Value = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        return activity;
    }

    /// <summary>Runs a turn; returns the Action.Execute answer body (<c>{statusCode,type,value}</c>) for invokes.</summary>
    public async Task<JsonNode?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        var turn = await Adapter.ProcessActivityAsync(activity, App, cancellationToken);
        return turn.InvokeResponse?.Body;
    }

    /// <summary>Anna fills in and submits the escalation form; returns the new ticket's number.</summary>
    public async Task<string> SubmitTicketAsync(CancellationToken cancellationToken, string question = "Czy OPS może prowadzić punkt konsultacyjny bez NGO?",
        ChannelAccount? asker = null, bool consent = false, string urgency = "Normal")
    {
        var response = await SendAsync(Invoke(HandoffVerbs.Submit, new JsonObject
        {
            ["question"] = question,
            ["city"] = "Białystok",
            ["topic"] = "Cooperation",
            ["urgency"] = urgency,
            ["consent"] = consent ? "true" : "false",
            ["formId"] = Guid.NewGuid().ToString("N"),
            ["considered"] = "[{\"id\":\"faq-12\",\"question\":\"Kto prowadzi punkt konsultacyjny?\",\"score\":0.41}]",
        }, asker ?? Anna), cancellationToken);
        var number = FindText(response, "KC-") ?? throw new InvalidOperationException($"No ticket number in {response?.ToJsonString()}");
        return number;
    }

    /// <summary>A consultant clicks a button on the ticket card (in the ticket's thread).</summary>
    public Task<JsonNode?> ConsultantAsync(string verb, string number, ChannelAccount consultant, CancellationToken cancellationToken, JsonObject? inputs = null)
    {
        var data = inputs ?? [];
        data["ticket"] = number;
        return SendAsync(Invoke(verb, data, consultant, $"{Channel};messageid=1", ConversationTypes.Channel), cancellationToken);
    }

    /// <summary>The asker clicks a button on the answer card.</summary>
    public Task<JsonNode?> AskerAsync(string verb, string number, CancellationToken cancellationToken, JsonObject? inputs = null, ChannelAccount? asker = null)
    {
        var data = inputs ?? [];
        data["ticket"] = number;
        return SendAsync(Invoke(verb, data, asker ?? Anna), cancellationToken);
    }

    public async Task<Ticket> TicketAsync(string number, CancellationToken cancellationToken) =>
        await Get<TicketStore>().GetAsync(number, cancellationToken) ?? throw new InvalidOperationException($"No ticket {number}.");

    /// <summary>The first string in the JSON that contains <paramref name="fragment"/>, cut to the ticket number if it is one.</summary>
    public static string? FindText(JsonNode? node, string fragment)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var s) && s.Contains(fragment, StringComparison.Ordinal):
                var index = s.IndexOf(fragment, StringComparison.Ordinal);
                return fragment == "KC-" ? s.Substring(index, 9) : s;
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (FindText(child, fragment) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (FindText(child, fragment) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>All texts of a card (or invoke body) joined, for "contains" assertions.</summary>
    public static string AllText(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonObject obj => string.Join(" | ", obj.Select(kv => AllText(kv.Value)).Where(s => s.Length > 0)),
        JsonArray array => string.Join(" | ", array.Select(AllText).Where(s => s.Length > 0)),
        _ => string.Empty,
    };

    /// <summary>Pending deliveries, new and retrying (dead letters are not pending).</summary>
    public Task<int> OutboxCountAsync(CancellationToken cancellationToken) =>
        Get<Outbox.OutboxProcessor>().CountPendingAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
