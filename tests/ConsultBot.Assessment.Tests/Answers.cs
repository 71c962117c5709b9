using ConsultBot.Assessment.Engine;

namespace ConsultBot.Assessment.Tests;

/// <summary>Builds answers from wire ids, the way the API and the scenario file spell them.</summary>
internal static class Answers
{
    public static AssessmentAnswers From(params (string Factor, string Value)[] pairs)
    {
        var answers = AssessmentAnswers.Empty;
        foreach (var (factor, value) in pairs)
        {
            Assert.True(answers.TryWith(factor, value, out answers), $"{factor}={value} is not in the catalogue");
        }

        return answers;
    }

    public static AssessmentAnswers From(IReadOnlyDictionary<string, string> pairs) =>
        From([.. pairs.Select(static p => (p.Key, p.Value))]);

    public static AssessmentAnswers StrategicTextbook { get; } = From(
        ("migrantScale", "large"), ("migrationNovelty", "established"), ("adminCapacity", "strong"),
        ("ngoStrength", "moderate"), ("communityActivity", "moderate"), ("trustLevel", "moderate"),
        ("problemScope", "whole-policy"), ("timeHorizon", "long-term"), ("leaderCandidate", "city"));

    public static AssessmentAnswers OperationalTextbook { get; } = From(
        ("migrantScale", "medium"), ("migrationNovelty", "established"), ("adminCapacity", "limited"),
        ("ngoStrength", "strong"), ("communityActivity", "moderate"), ("trustLevel", "moderate"),
        ("problemScope", "several-areas"), ("timeHorizon", "quick-results"), ("leaderCandidate", "ngo"));

    public static AssessmentAnswers FunctionalTextbook { get; } = From(
        ("migrantScale", "medium"), ("migrationNovelty", "established"), ("adminCapacity", "moderate"),
        ("ngoStrength", "moderate"), ("communityActivity", "moderate"), ("trustLevel", "moderate"),
        ("problemScope", "single-area"), ("timeHorizon", "quick-results"), ("leaderCandidate", "institution"));

    public static AssessmentAnswers RelationalTextbook { get; } = From(
        ("migrantScale", "small"), ("migrationNovelty", "new"), ("adminCapacity", "moderate"),
        ("ngoStrength", "weak"), ("communityActivity", "high"), ("trustLevel", "high"),
        ("problemScope", "several-areas"), ("timeHorizon", "long-term"), ("leaderCandidate", "residents"));
}
