using System.Text.Json.Nodes;
using ConsultBot.Assessment.Chat;
using ConsultBot.Assessment.Tests.Cards;
using ConsultBot.Cards;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using ConsultBot.Testing.InMemory;
using ConsultBot.Welcome;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultBot.Assessment.Tests.Chat;

/// <summary>A clock the tests move by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// One "host": the assessment feature registered by <c>AddAssessment</c> on a <see cref="BotApplication"/>, over a storage
/// that outlives it (a new harness on the same storage is a host restart). Turns run on the shared <see cref="TestAdapter"/>
/// as Teams activities of one user and conversation, and the states are saved at the end of each turn, as the host's
/// auto-save middleware does. A last-resort route answers "fallback: …" so tests can see what the assessment let through.
/// </summary>
internal sealed class ChatHarness
{
    public const string Fallback = "fallback: ";

    private readonly ServiceProvider _services;
    private readonly BotApplication _app = new();
    private readonly TestAdapter _adapter;

    public ChatHarness(MemoryStorage? storage = null, ManualClock? clock = null)
    {
        Storage = storage ?? new MemoryStorage();
        Clock = clock ?? new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IStorage>(Storage);
        services.AddSingleton(new UserState(Storage));
        services.AddSingleton(new ConversationState(Storage));
        services.AddSingleton<ICardRenderer>(CardTemplateTests.Renderer());
        services.AddWelcome();
        services.AddAssessment();
        services.AddAssessmentToWelcome();
        _services = services.BuildServiceProvider();
        _adapter = new TestAdapter { Storage = Storage }
            .Use(new AutoSaveStateMiddleware(_services.GetRequiredService<ConversationState>(), _services.GetRequiredService<UserState>()));
        foreach (var feature in _services.GetServices<IBotFeature>())
        {
            feature.Register(_app);
        }

        _app.OnMessage((turn, ct) => turn.SendActivityAsync(Fallback + turn.Activity.Text, ct), RouteRank.Last);
    }

    public MemoryStorage Storage { get; }

    public ManualClock Clock { get; }

    public string ConversationId { get; set; } = "a:personal-1";

    public string ConversationType { get; set; } = ConversationTypes.Personal;

    public string UserId { get; set; } = "29:user-anna";

    public string UserName { get; set; } = "Anna Kowalska";

    public string Locale { get; set; } = "pl-PL";

    /// <summary>Replies of the last turn.</summary>
    public List<Activity> Replies { get; } = [];

    /// <summary>The invoke response of the last turn, if any.</summary>
    public InvokeResponse? InvokeResponse { get; private set; }

    public T Service<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public Task<List<Activity>> SendAsync(string text) => RunAsync(new Activity { Type = ActivityTypes.Message, Text = text });

    /// <summary>An Action.Execute click: an <c>adaptiveCard/action</c> invoke.</summary>
    public async Task<JsonNode?> ExecuteAsync(string verb, JsonObject data)
    {
        var value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } };
        await RunAsync(new Activity { Type = ActivityTypes.Invoke, Name = InvokeNames.AdaptiveCardAction, Value = value, ReplyToId = "card-1" });
        Assert.NotNull(InvokeResponse);
        Assert.Equal(200, InvokeResponse!.Status);
        return InvokeResponse.Body;
    }

    public Task<List<Activity>> EventAsync(Activity activity) => RunAsync(activity);

    public async Task<List<Activity>> RunAsync(Activity activity)
    {
        Replies.Clear();
        InvokeResponse = null;

        // Read per turn: tests set ConversationId/ConversationType after construction.
        _adapter.Conversation = TestAdapter.CreateConversation(
            ConversationId,
            ConversationType,
            Channels.Msteams,
            new ChannelAccount { Id = UserId, Name = UserName },
            new ChannelAccount { Id = "28:consultbot", Name = "ConsultBot" },
            Locale,
            "https://smba.example/");
        var turn = await _adapter.ProcessActivityAsync(activity, _app, TestContext.Current.CancellationToken);
        Replies.AddRange(turn.Replies);
        InvokeResponse = turn.InvokeResponse;
        return [.. Replies];
    }
}

/// <summary>Reading what the bot sent.</summary>
internal static class Replies
{
    public static JsonObject? Card(this Activity reply) =>
        reply.Attachments?.FirstOrDefault(a => a.ContentType == ContentTypes.AdaptiveCard)?.Content as JsonObject;

    /// <summary>The message text, or all TextBlock texts of its card joined by newlines.</summary>
    public static string AllText(this Activity reply) =>
        reply.Card() is { } card ? string.Join('\n', Texts(card)) : reply.Text ?? string.Empty;

    public static IEnumerable<string> Texts(JsonNode node) => node switch
    {
        JsonObject o when (string?)o["type"] == "TextBlock" && o["text"] is JsonValue t => [t.ToString()],
        JsonObject o when (string?)o["type"] == "Input.Toggle" && o["title"] is JsonValue t => [t.ToString()],
        JsonObject o => o.Where(p => p.Value is not null && p.Key != "data").SelectMany(p => Texts(p.Value!)),
        JsonArray a => a.Where(i => i is not null).SelectMany(i => Texts(i!)),
        _ => [],
    };

    public static IEnumerable<JsonObject> Actions(JsonNode node) => node switch
    {
        JsonObject o when ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true => [o],
        JsonObject o => o.Where(p => p.Value is not null).SelectMany(p => Actions(p.Value!)),
        JsonArray a => a.Where(i => i is not null).SelectMany(i => Actions(i!)),
        _ => [],
    };

    /// <summary>The question card of a turn (the one with a step counter "n/9").</summary>
    public static JsonObject QuestionCard(this IEnumerable<Activity> replies) =>
        replies.Select(r => r.Card()).LastOrDefault(c => c is not null && Actions(c).Any(a => (string?)a["verb"] == AssessmentVerbs.Answer))
        ?? throw new Xunit.Sdk.XunitException("No question card in: " + string.Join(" | ", replies.Select(r => r.AllText())));

    /// <summary>"3/9" of a question card.</summary>
    public static string Step(this JsonObject questionCard) =>
        Texts(questionCard).First(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d+/\d+$"));

    public static JsonObject? CardWithVerb(this IEnumerable<Activity> replies, string verb) =>
        replies.Select(r => r.Card()).LastOrDefault(c => c is not null && Actions(c).Any(a => (string?)a["verb"] == verb));

    /// <summary>The recommendation card: the only one offering both the checklist and a new assessment.</summary>
    public static bool IsRecommendation(this Activity reply) =>
        reply.Card() is { } c && Actions(c).Any(a => (string?)a["verb"] == AssessmentVerbs.Checklist)
        && Actions(c).Any(a => (string?)a["verb"] == AssessmentVerbs.Restart);

    /// <summary>The Action.Execute data of the answer button titled "n. …" on a question card.</summary>
    public static JsonObject AnswerButton(this JsonObject questionCard, int number) =>
        (JsonObject)Actions(questionCard).First(a => (string?)a["verb"] == AssessmentVerbs.Answer && ((string?)a["title"])!.StartsWith($"{number}.", StringComparison.Ordinal))["data"]!.DeepClone();
}
