using System.Text.Json;
using System.Text.Json.Serialization;
using ConsultBot.Assessment.Engine;

namespace ConsultBot.Assessment.Tests;

public sealed class ScenarioTests
{
    public static TheoryData<string> ScenarioIds => [.. Load().Select(static s => s.Id)];

    [Fact]
    public void File_holds_at_least_24_cases_covering_every_model()
    {
        var scenarios = Load();

        Assert.True(scenarios.Count >= 24);
        Assert.Equal(scenarios.Count, scenarios.Select(static s => s.Id).Distinct().Count());
        Assert.All(CooperationModels.All, m => Assert.True(scenarios.Count(s => s.Expected == CooperationModels.Key(m)) >= 4, $"fewer than 4 cases expect {m}"));
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void Scenario_picks_the_expected_model(string id)
    {
        // Arrange
        var scenario = Load().Single(s => s.Id == id);
        var answers = Answers.From(scenario.Answers);

        // Act
        var result = AssessmentEngine.Recommend(answers);

        // Assert
        var ranking = string.Join(", ", result.Ranking.Select(static r => $"{CooperationModels.Key(r.Model)} {r.Score}"));
        Assert.True(CooperationModels.Key(result.Recommended) == scenario.Expected, $"{id}: expected {scenario.Expected}, got {ranking}. Why expected: {scenario.Why}");
        if (scenario.NearTie == true)
        {
            Assert.True(result.NearTie is not null, $"{id}: expected a near tie, got {ranking}");
        }
    }

    private static List<Scenario> Load()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", "city-scenarios.json"));
        return JsonSerializer.Deserialize(json, ScenarioJsonContext.Default.ScenarioFile)!.Scenarios;
    }
}

internal sealed record ScenarioFile(List<Scenario> Scenarios);

internal sealed record Scenario(string Id, string Description, Dictionary<string, string> Answers, string Expected, string Why, bool? NearTie);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScenarioFile))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;
