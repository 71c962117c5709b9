using ConsultBot.Assessment.Engine;

namespace ConsultBot.Assessment.Api;

/// <summary>The answer of <c>POST /api/assessment</c>: the recommended model and the whole ranking, texts in the asked locale.</summary>
internal sealed record AssessmentResponse(
    string Recommended,
    string Locale,
    IReadOnlyList<RankingEntry> Ranking,
    NearTieEntry? NearTie,
    int Answered,
    IReadOnlyList<string> Unanswered);

internal sealed record RankingEntry(
    string Model,
    string Name,
    int Score,
    string Leader,
    string LeaderName,
    IReadOnlyList<ReasonEntry> Reasons,
    IReadOnlyList<ReasonEntry> Cautions);

internal sealed record ReasonEntry(string Code, string Factor, string Value, int Points, CriterionSource Source, string Text);

internal sealed record NearTieEntry(string RunnerUp, int Gap, string Explanation, IReadOnlyList<string> OpenFactors);

/// <summary>RFC 9457 problem details, written with our own JSON context (no reflection).</summary>
internal sealed record AssessmentProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string? Field = null,
    string? Value = null,
    IReadOnlyList<string>? Allowed = null);

internal static class AssessmentResponses
{
    public static AssessmentResponse From(AssessmentResult result, string locale) => new(
        CooperationModels.Key(result.Recommended),
        locale,
        [.. result.Ranking.Select(s => new RankingEntry(
            CooperationModels.Key(s.Model),
            CooperationModels.Name(s.Model).Get(locale),
            s.Score,
            LeaderKey(s.Leader),
            CooperationModels.LeaderName(s.Leader).Get(locale),
            [.. s.Reasons.Select(r => Entry(r, locale))],
            [.. s.Cautions.Select(r => Entry(r, locale))]))],
        result.NearTie is { } tie
            ? new NearTieEntry(CooperationModels.Key(tie.RunnerUp), tie.Gap, tie.Explanation.Get(locale), [.. tie.OpenFactors.Select(static f => FactorCatalogue.Get(f).Key)])
            : null,
        result.AnsweredCount,
        [.. result.Unanswered.Select(static f => FactorCatalogue.Get(f).Key)]);

    public static string LeaderKey(ModelLeader leader) => leader switch
    {
        ModelLeader.City => "city",
        ModelLeader.Ngo => "ngo",
        ModelLeader.Institution => "institution",
        _ => "residents",
    };

    private static ReasonEntry Entry(AssessmentReason r, string locale) =>
        new(r.Code, FactorCatalogue.Get(r.Factor).Key, r.Value, r.Points, r.Source, r.Text.Get(locale));
}
