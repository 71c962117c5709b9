namespace ConsultBot.Assessment.Engine;

/// <summary>The engine's answer: the ranking (best first), the near tie if any, and what was left unanswered.</summary>
public sealed record AssessmentResult(
    CooperationModel Recommended,
    IReadOnlyList<ModelScore> Ranking,
    NearTie? NearTie,
    int AnsweredCount,
    IReadOnlyList<FactorId> Unanswered)
{
    /// <summary>The score of one model.</summary>
    public ModelScore ScoreOf(CooperationModel model) => Ranking.First(s => s.Model == model);

    /// <summary>The second model of the ranking.</summary>
    public ModelScore RunnerUp => Ranking[1];
}

/// <summary>One model's place: points, leader, reasons for it and cautions against it (strongest first).</summary>
public sealed record ModelScore(
    CooperationModel Model,
    int Score,
    ModelLeader Leader,
    IReadOnlyList<AssessmentReason> Reasons,
    IReadOnlyList<AssessmentReason> Cautions);

/// <summary>One answer's effect on one model, traceable to the seed by <see cref="Code"/> and <see cref="Source"/>.</summary>
public sealed record AssessmentReason(
    string Code,
    FactorId Factor,
    string Value,
    int Points,
    CriterionSource Source,
    LocalizedText Text);

/// <summary>The runner-up is within <see cref="Gap"/> points of the winner: why, and what could still tip it.</summary>
public sealed record NearTie(
    CooperationModel Winner,
    CooperationModel RunnerUp,
    int Gap,
    IReadOnlyList<AssessmentReason> RunnerUpStrengths,
    IReadOnlyList<FactorId> OpenFactors,
    LocalizedText Explanation);
