using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using CsCheck;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Host.Tests;

/// <summary>
/// Mutated activities of every kind, from a fixed seed: the endpoint answers only 2xx/4xx, no turn ends in
/// an exception, and the host still answers an ordinary question afterwards.
/// <c>CONSULTBOT_FUZZ_COUNT</c> runs a longer round than the default 10,000.
/// </summary>
public sealed class HostileInputFuzzTests
{
    private static readonly string[] NastyStrings =
    [
        string.Empty, " ", "<at></at>", "<at>ConsultBot</at>", "\u0000", "ąęśćżź", "😀", new string('x', 5000),
        "KC-000001", "null", "{}", "'; DROP TABLE items; --", "\u202Eabc", "dobierz model", "anuluj", "usuń moje dane",
    ];

    private static readonly string[] Verbs =
    [
        "handoff.refresh", "handoff.claim", "handoff.answer", "handoff.close", "handoff.submit", "handoff.followUp", "handoff.rate",
        "assessment.answer", "assessment.result", "checklist.save", "partnerMap.save", "faq.show", "faq.feedback", "privacy.erase", "nonexistent",
    ];

    [Fact]
    public async Task Mutated_activities_get_only_2xx_or_4xx_no_turn_throws_and_rejected_ones_leave_no_state()
    {
        var ct = TestContext.Current.CancellationToken;
        var failures = new TurnFailureCounter();
        await using var bot = await TestBotHost.StartAsync(
            ct,
            new Dictionary<string, string?>
            {
                // The fuzz measures robustness, not Teams' pacing: outgoing limits per conversation would make it wait.
                ["Bot:RateLimitPermits"] = "100000",
                ["Connector:PerConversationBurstLimit"] = "10000",
                ["Connector:PerConversationWindowLimit"] = "100000",
                ["Connector:TenantLimit"] = "100000",
                ["Logging:LogLevel:Default"] = "Error",
            },
            services: s => s.AddSingleton<ILoggerProvider>(failures));
        var count = int.TryParse(Environment.GetEnvironmentVariable("CONSULTBOT_FUZZ_COUNT"), out var n) ? n : 10_000;

        // CsCheck's PCG from a fixed seed: the same 10,000 activities on every run and machine.
        var random = new PCG(1, 20261205);
        var statuses = new ConcurrentDictionary<int, int>();
        var rejected = new ConcurrentDictionary<string, string>();
        string? firstServerError = null;
        var bases = Bases(bot);

        for (var i = 0; i < count; i += Parallelism)
        {
            var batch = Enumerable.Range(i, Math.Min(Parallelism, count - i)).Select(index =>
            {
                var activity = bases[Next(random, bases.Count)].DeepClone().AsObject();
                var marker = $"fuzzconv{index}x";
                ((JsonObject)activity["conversation"]!)["id"] = $"a:{marker}";
                return (Marker: marker, Body: Mutate(activity, random, index));
            }).ToList();
            await Task.WhenAll(batch.Select(async item =>
            {
                using var response = await bot.PersonalChat().PostRawAsync(item.Body, ct);
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                if (status >= 500)
                {
                    firstServerError ??= item.Body + " => " + await response.Content.ReadAsStringAsync(ct);
                }

                // Refused before a turn ran: nothing of it may be stored. (An unknown invoke name is refused after its turn.)
                if (status is >= 400 and < 500 && status != 429 && !(await response.Content.ReadAsStringAsync(ct)).Contains("Unknown invoke", StringComparison.Ordinal))
                {
                    rejected[item.Marker] = $"{status} {item.Body}";
                }
            }));

            if (i % 2_000 == 0)
            {
                await AssertStillAnswersAsync(bot, ct);
            }
        }

        var summary = string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}"));
        TestContext.Current.SendDiagnosticMessage($"fuzz: {count} activities, statuses {summary}, turns that threw {failures.Count}, rejected {rejected.Count}");
        Assert.True(firstServerError is null, $"statuses {summary}; first server error: {firstServerError}");
        Assert.True(failures.Count == 0, $"{failures.Count} turns threw; first: {failures.First}");
        Assert.True(rejected.Count > count / 10, $"only {rejected.Count} of {count} were refused: the mutations are too tame");
        var stored = await StoredTextAsync(bot.DatabasePath!, ct);
        var leaked = rejected.Keys.Where(marker => stored.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(
            leaked.Count == 0,
            $"state was written for {leaked.Count} refused activities; the first: {(leaked.Count > 0 ? rejected[leaked[0]] : null)}; stored: {(leaked.Count > 0 ? string.Join(" | ", stored.Split('\n').Where(l => l.Contains(leaked[0], StringComparison.Ordinal))) : null)}");
        await AssertStillAnswersAsync(bot, ct);
    }

    private const int Parallelism = 8;

    private static async Task AssertStillAnswersAsync(TestBotHost bot, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var replies = await bot.PersonalChat().SendAsync("jak zaczac wspolprace z ngo", ct);
        Assert.NotEmpty(replies);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"an ordinary question took {watch.Elapsed} during the fuzz");
    }

    private static async Task<string> StoredTextAsync(string databasePath, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key || ' ' || json FROM items";
        var text = new System.Text.StringBuilder();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            text.AppendLine(reader.GetString(0));
        }

        return text.ToString();
    }

    private static int Next(PCG random, int max) => (int)random.Next((uint)max);

    private static List<JsonObject> Bases(TestBotHost bot)
    {
        var personal = bot.PersonalChat();
        var channel = bot.SharedChat(ConversationTypes.Channel);
        var list = new List<JsonObject>
        {
            ToJson(personal.NewMessage("kto jest liderem w modelu operacyjnym")),
            ToJson(channel.NewMessage("tickets")),
            ToJson(personal.NewActivity(ActivityTypes.ConversationUpdate)),
            ToJson(personal.NewActivity(ActivityTypes.InstallationUpdate)),
            ToJson(personal.NewActivity(ActivityTypes.MessageReaction)),
        };
        list[2]["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:someone" }, new JsonObject { ["id"] = personal.Bot.Id });
        list[3]["action"] = "add";
        foreach (var verb in Verbs)
        {
            var invoke = ToJson(personal.NewActivity(ActivityTypes.Invoke));
            invoke["name"] = "adaptiveCard/action";
            invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject { ["ticket"] = "KC-000001", ["value"] = "x" } } };
            list.Add(invoke);
        }

        var query = ToJson(personal.NewActivity(ActivityTypes.Invoke));
        query["name"] = "composeExtension/query";
        query["value"] = new JsonObject { ["commandId"] = "searchFaq", ["parameters"] = new JsonArray(new JsonObject { ["name"] = "query", ["value"] = "ngo" }) };
        list.Add(query);
        return list;
    }

    private static JsonObject ToJson(Activity activity) => JsonSerializer.SerializeToNode(activity, ProtocolJsonContext.Default.Activity)!.AsObject();

    private static string Mutate(JsonObject activity, PCG random, int index)
    {
        activity["id"] = $"fuzz-{index}-{random.Next()}";
        var mutations = 1 + Next(random, 4);
        for (var m = 0; m < mutations; m++)
        {
            var target = PickObject(activity, random);
            var keys = target.Select(kv => kv.Key).ToList();
            var key = keys.Count > 0 && Next(random, 4) > 0 ? keys[Next(random, keys.Count)] : "extra" + Next(random, 3);
            switch (Next(random, 8))
            {
                case 0: target.Remove(key); break;
                case 1: target[key] = null; break;
                case 2: target[key] = NastyStrings[Next(random, NastyStrings.Length)]; break;
                case 3: target[key] = Next(random, 10) - 5; break;
                case 4: target[key] = new JsonArray(null, new JsonObject(), JsonValue.Create(NastyStrings[Next(random, NastyStrings.Length)])); break;
                case 7: target[key] = Gen.String.Generate(random, null, out _); break;
                case 5: target[key] = new JsonObject { ["id"] = null, ["text"] = string.Empty, ["type"] = "mention" }; break;
                default: target["entities"] = new JsonArray(new JsonObject { ["type"] = "mention", ["text"] = NastyStrings[Next(random, NastyStrings.Length)], ["mentioned"] = new JsonObject { ["id"] = (activity["recipient"] as JsonObject)?["id"]?.DeepClone() } }); break;
            }
        }

        return activity.ToJsonString();
    }

    private static JsonObject PickObject(JsonObject root, PCG random)
    {
        var current = root;
        while (Next(random, 3) == 0)
        {
            var children = current.Select(kv => kv.Value).OfType<JsonObject>().ToList();
            if (children.Count == 0)
            {
                break;
            }

            current = children[Next(random, children.Count)];
        }

        return current;
    }

    /// <summary>Counts "turn failed" (1003) and "error handler failed" (1006) log events of the turn runner.</summary>
    private sealed class TurnFailureCounter : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public string? First { get; private set; }

        public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("ConsultBot.Protocol.Hosting", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is 1003 or 1006)
            {
                if (Interlocked.Increment(ref _count) == 1)
                {
                    First = exception?.ToString() ?? formatter(state, exception);
                }
            }
        }

        public void Dispose()
        {
        }
    }
}
