using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Assessment.Engine;
using ConsultBot.Protocol.Turn;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// The city scenarios (tests/ConsultBot.Assessment.Tests/Scenarios/city-scenarios.json) through the
/// HTTP API and through a whole conversation over /api/messages, answered as people type.
/// </summary>
public sealed class AssessmentEndToEndTests
{
    public static TheoryData<string> ScenarioIds => new(Scenarios().Select(s => s["id"]!.GetValue<string>()));

    private static IEnumerable<JsonObject> Scenarios()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ConsultBot.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        var file = Path.Combine(dir, "tests", "ConsultBot.Assessment.Tests", "Scenarios", "city-scenarios.json");
        return JsonNode.Parse(File.ReadAllText(file))!["scenarios"]!.AsArray().Select(s => s!.AsObject());
    }

    private static JsonObject Scenario(string id) => Scenarios().Single(s => s["id"]!.GetValue<string>() == id);

    [Fact]
    public async Task Assessment_api_ranks_all_four_models_and_rejects_unknown_factors_by_name()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        using var ok = await bot.Http.PostAsJsonAsync("/api/assessment", new JsonObject
        {
            ["answers"] = new JsonObject { ["ngoStrength"] = "strong", ["leaderCandidate"] = "ngo", ["timeHorizon"] = "quick-results" },
            ["locale"] = "pl",
        }, ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = JsonNode.Parse(await ok.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("operational", body["recommended"]!.GetValue<string>());
        Assert.Equal(4, body["ranking"]!.AsArray().Count);
        Assert.All(body["ranking"]!.AsArray(), r => Assert.NotNull(r!["leader"]));

        using var unknownFactor = await bot.Http.PostAsJsonAsync("/api/assessment", new JsonObject { ["answers"] = new JsonObject { ["budget"] = "big" } }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownFactor.StatusCode);
        Assert.Contains("budget", await unknownFactor.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var unknownValue = await bot.Http.PostAsJsonAsync("/api/assessment", new JsonObject { ["answers"] = new JsonObject { ["trustLevel"] = "enormous" } }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownValue.StatusCode);
        var problem = await unknownValue.Content.ReadAsStringAsync(ct);
        Assert.Contains("trustLevel", problem, StringComparison.Ordinal);
        Assert.Contains("moderate", problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public async Task City_scenario_gets_the_expected_model_through_the_api_and_a_typed_conversation(string scenarioId)
    {
        var ct = TestContext.Current.CancellationToken;
        var scenario = Scenario(scenarioId);
        var expected = scenario["expected"]!.GetValue<string>();
        var answers = scenario["answers"]!.AsObject();
        await using var bot = await TestBotHost.StartAsync(ct);

        using var api = await bot.Http.PostAsJsonAsync("/api/assessment", new JsonObject { ["answers"] = answers.DeepClone(), ["locale"] = "pl" }, ct);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(expected, JsonNode.Parse(await api.Content.ReadAsStringAsync(ct))!["recommended"]!.GetValue<string>());

        // The conversation: start in words, answer each question card by typing as people do.
        var chat = bot.PersonalChat();
        var replies = await chat.SendAsync("jaki model wspolpracy wybrac dla naszego miasta?", ct);
        var useNumbers = scenarioId.GetHashCode(StringComparison.Ordinal) % 2 == 0;
        for (var turn = 0; turn < 12; turn++)
        {
            var recommended = RecommendedModel(replies);
            if (recommended is not null)
            {
                Assert.Equal(expected, recommended);
                return;
            }

            var factorKey = CurrentFactor(replies) ?? throw new InvalidOperationException("no question card: " + replies.AllText());
            Assert.True(FactorCatalogue.TryGet(factorKey, out var factor));
            var value = answers[factorKey]?.GetValue<string>();
            string typed;
            if (value is null)
            {
                typed = "nie wiem";
            }
            else if (useNumbers)
            {
                typed = (factor.IndexOf(value) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                // The option's title, lower-case and without Polish letters, as typed on a phone.
                typed = TextMatching.Fold(factor.Options[factor.IndexOf(value)].Title.Pl);
            }

            replies = await chat.SendAsync(typed, ct);
        }

        Assert.Fail("no recommendation after all questions: " + replies.AllText());
    }

    [Fact]
    public async Task Starting_again_while_the_stop_question_is_open_sends_the_next_answer_to_the_assessment()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var anna = bot.PersonalChat();
        await anna.SendAsync("dobierz model", ct);
        var confirm = await anna.SendAsync("anuluj", ct);
        Assert.Contains("Czy na pewno przerwać?", confirm.AllText(), StringComparison.Ordinal);

        // The person changes their mind without answering the stop question: the question card is shown again...
        var again = await anna.SendAsync("dobierz model", ct);
        Assert.Contains("1/9", again.AllText(), StringComparison.Ordinal);

        // ...and "2" answers it (option 2), not the forgotten stop question (where 2 would mean "Nie").
        var answered = await anna.SendAsync("2", ct);
        Assert.Contains("2/9", answered.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("kontynuujemy", answered.AllText(), StringComparison.Ordinal);
    }

    private static string? CurrentFactor(IReadOnlyList<ConsultBot.Protocol.Schema.Activity> replies) =>
        replies.Reverse().Select(r => r.Attachments?.Select(a => a.Content).OfType<JsonNode>().SelectMany(c => c.Actions())
            .FirstOrDefault(a => a.Verb == "assessment.answer").Data?["factor"]?.GetValue<string>()).FirstOrDefault(f => f is not null);

    private static string? RecommendedModel(IReadOnlyList<ConsultBot.Protocol.Schema.Activity> replies) =>
        replies.SelectMany(r => r.Attachments ?? []).Select(a => a.Content).OfType<JsonNode>().SelectMany(c => c.Actions())
            .FirstOrDefault(a => a.Verb == "models.detail").Data?["model"]?.GetValue<string>();
}
