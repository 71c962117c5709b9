using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConsultBot.Cards;
using ConsultBot.Handoff;
using ConsultBot.Knowledge.Analysis;
using ConsultBot.Knowledge.Chat;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Knowledge.Tests.Chat;

/// <summary>Stands in for the handoff feature: records offers, builds ask data like the real one.</summary>
internal sealed class RecordingHandoff : IHandoffStarter
{
    public ConcurrentQueue<(string Question, IReadOnlyList<ConsideredEntry> Considered)> Offers { get; } = new();

    public Task OfferAsync(ITurnContext turnContext, string question, IReadOnlyList<ConsideredEntry> considered, CancellationToken cancellationToken)
    {
        Offers.Enqueue((question, considered));
        return turnContext.SendActivityAsync("[handoff offer]", cancellationToken);
    }

    public Task ShowFormAsync(ITurnContext turnContext, string? question, IReadOnlyList<ConsideredEntry> considered, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public JsonObject CreateAskData(string? question, IReadOnlyList<ConsideredEntry> considered) => new()
    {
        ["verb"] = HandoffVerbs.Ask,
        ["question"] = question ?? string.Empty,
        ["considered"] = string.Join(",", considered.Select(c => c.Id)),
    };
}

/// <summary>The knowledge feature wired as the host wires it (DI, store, sync), over MemoryStorage, on the shared <see cref="TestAdapter"/>.</summary>
internal sealed class KnowledgeHarness : IAsyncDisposable
{
    private int _nextActivity;

    private KnowledgeHarness(ServiceProvider services, MemoryStorage storage, FakeTimeProvider time)
    {
        Services = services;
        Storage = storage;
        Time = time;
        App = new BotApplication();
        foreach (var feature in services.GetServices<IBotFeature>())
        {
            feature.Register(App);
        }

        // Saves conversation state at the end of each turn, as the host's auto-save middleware does.
        Adapter = new TestAdapter { Storage = storage }.Use(new AutoSaveStateMiddleware(services.GetRequiredService<ConversationState>()));
    }

    public ServiceProvider Services { get; }

    public MemoryStorage Storage { get; }

    public FakeTimeProvider Time { get; }

    public BotApplication App { get; }

    public TestAdapter Adapter { get; }

    public RecordingHandoff Handoff => (RecordingHandoff)Services.GetRequiredService<IHandoffStarter>();

    public IFaqStore Store => Services.GetRequiredService<IFaqStore>();

    public static async Task<KnowledgeHarness> CreateAsync(KnowledgeLanguageData languageData, MemoryStorage? storage = null, FakeTimeProvider? time = null, Dictionary<string, string?>? settings = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2025, 9, 1, 8, 0, 0, TimeSpan.Zero));
        storage ??= new MemoryStorage(time);
        var services = new ServiceCollection();
        AddServices(services, languageData, storage, time, settings);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.PrepareKnowledgeAsync(CancellationToken.None);
        return new KnowledgeHarness(provider, storage, time);
    }

    /// <summary>What the host registers for the feature, with test doubles for storage, time and handoff.</summary>
    public static void AddServices(IServiceCollection services, KnowledgeLanguageData languageData, MemoryStorage storage, TimeProvider time, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cards:TemplatesPath"] = Path.Combine(RepoPaths.Root, "cards"),
        }.Concat(settings ?? [])).Build();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton<IStorage>(storage);
        services.AddSingleton(languageData);
        services.AddSingleton<IHandoffStarter, RecordingHandoff>();
        services.AddCards(configuration);
        services.AddKnowledge(configuration).AddKnowledgeToHandoff();
    }

    public Activity Message(string text, string locale = "pl-PL", string conversationType = ConversationTypes.Personal) =>
        Base(ActivityTypes.Message, locale, conversationType, a => a.Text = text);

    public Activity CardAction(string verb, JsonObject data, string locale = "pl-PL") =>
        Base(ActivityTypes.Invoke, locale, ConversationTypes.Personal, a =>
        {
            a.Name = InvokeNames.AdaptiveCardAction;
            a.Value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } };
        });

    public Activity Invoke(string name, JsonNode value, string locale = "pl-PL") =>
        Base(ActivityTypes.Invoke, locale, ConversationTypes.Personal, a =>
        {
            a.Name = name;
            a.Value = value;
        });

    /// <summary>Runs a turn (conversation state is saved at its end); returns its context and what it sent.</summary>
    public async Task<(TurnContext Context, IReadOnlyList<Activity> Sent)> RunAsync(Activity activity)
    {
        var turn = await Adapter.ProcessActivityAsync(activity, App, CancellationToken.None);
        return (turn.Context, turn.Replies);
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();

    private Activity Base(string type, string locale, string conversationType, Action<Activity> configure)
    {
        var activity = new Activity
        {
            Type = type,
            Id = "in-" + Interlocked.Increment(ref _nextActivity),
            ChannelId = "msteams",
            ServiceUrl = "https://smba.example.test/",
            Locale = locale,
            From = new ChannelAccount { Id = "29:user-anna", Name = "Anna" },
            Recipient = new ChannelAccount { Id = "28:consultbot", Name = "ConsultBot" },
            Conversation = new ConversationAccount { Id = "conv-" + conversationType, ConversationType = conversationType, IsGroup = conversationType != ConversationTypes.Personal },
        };
        configure(activity);
        return activity;
    }
}

internal static class CardJson
{
    public static JsonObject Card(Activity activity) =>
        activity.Attachments?.FirstOrDefault(a => a.ContentType == ContentTypes.AdaptiveCard)?.Content as JsonObject
            ?? throw new Xunit.Sdk.XunitException("Expected an Adaptive Card, got: " + activity.Text);

    /// <summary>Every Action.Execute in the card (actions, action sets and selectActions), depth first.</summary>
    public static IEnumerable<JsonObject> Actions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"]?.GetValue<string>() == "Action.Execute")
                {
                    yield return o;
                }

                foreach (var (_, child) in o)
                {
                    foreach (var a in Actions(child))
                    {
                        yield return a;
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var a in Actions(child))
                    {
                        yield return a;
                    }
                }

                break;
        }
    }

    public static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "TextBlock" => [o["text"]!.GetValue<string>()],
        JsonObject o => o.SelectMany(kv => Texts(kv.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };
}
