namespace ConsultBot.Assessment.Engine;

/// <summary>
/// THE weights of the assessment, in one table (documented in WEIGHTS.md; keep both in step).
/// Each row is one answer; the four numbers are the points it gives each model
/// (S = strategic, O = operational, F = functional, R = relational). A positive cell becomes a reason
/// for the model, a negative one a caution against it; its text is in <see cref="ReasonCatalogue"/>
/// under the code <c>{model}.{factor}.{value}</c>. An unanswered factor gives nothing to anybody.
/// </summary>
/// <remarks>
/// Design rules, checked by tests:
/// ordinal factors are monotone per model (the points only grow, or only fall, along the options),
/// each model's own leader gives it +3, and every cell is traceable to the seed's "when it fits",
/// model features, success conditions or the leader in the comparison table.
/// </remarks>
internal static class AssessmentWeights
{
    /// <summary>A runner-up this close to the winner (in points, inclusive) is reported as a near tie.</summary>
    public const int NearTieGap = 2;

    public static readonly IReadOnlyList<WeightRow> Rows =
    [
        //  factor                       value               S   O   F   R
        new(FactorId.MigrantScale,      "small",            -2,  0,  0,  0), // S fits "many migrants"
        new(FactorId.MigrantScale,      "medium",            0,  0,  0,  0),
        new(FactorId.MigrantScale,      "large",             3,  0,  0,  0),

        new(FactorId.MigrationNovelty,  "new",               0,  0,  0,  3), // R fits "migration is new"
        new(FactorId.MigrationNovelty,  "established",       1,  0,  0,  0), // S: time for a coherent policy

        new(FactorId.AdminCapacity,     "limited",          -3,  2,  0,  0), // S needs readiness to coordinate; O fits "limited city resources"
        new(FactorId.AdminCapacity,     "moderate",          0,  1,  0,  0),
        new(FactorId.AdminCapacity,     "strong",            3,  0,  0,  0), // S fits "developed administration"

        new(FactorId.NgoStrength,       "weak",              0, -3,  0,  0), // O fits "active, experienced NGOs"
        new(FactorId.NgoStrength,       "moderate",          0,  1,  0,  0),
        new(FactorId.NgoStrength,       "strong",            0,  3,  0,  0),

        new(FactorId.CommunityActivity, "low",               0,  0,  0, -3), // R fits "active local communities"
        new(FactorId.CommunityActivity, "moderate",          0,  0,  0,  1),
        new(FactorId.CommunityActivity, "high",              0,  0,  0,  3),

        new(FactorId.TrustLevel,        "low",               0, -2,  0, -1), // O succeeds on mutual trust; R "when local relations are the strength"
        new(FactorId.TrustLevel,        "moderate",          0,  0,  0,  0),
        new(FactorId.TrustLevel,        "high",              0,  1,  0,  2),

        new(FactorId.ProblemScope,      "single-area",      -2,  0,  3,  0), // F fits "a clear, localised problem"
        new(FactorId.ProblemScope,      "several-areas",     1,  0,  0,  0),
        new(FactorId.ProblemScope,      "whole-policy",      3,  0, -2,  0), // S fits "a coherent local policy"

        new(FactorId.TimeHorizon,       "quick-results",    -2,  2,  2, -1), // F "quick, measurable results"; O "reach migrants fast"
        new(FactorId.TimeHorizon,       "long-term",         2,  0,  0,  1), // S is a planning approach; R builds lasting trust

        new(FactorId.LeaderCandidate,   "city",              3, -1,  0, -1), // leaders from the comparison table
        new(FactorId.LeaderCandidate,   "ngo",              -1,  3,  0,  0),
        new(FactorId.LeaderCandidate,   "institution",       0,  0,  3, -1),
        new(FactorId.LeaderCandidate,   "residents",        -1,  0, -1,  3),
        new(FactorId.LeaderCandidate,   "unknown",           0,  0, -2, -1), // F needs an easy-to-name leader; R needs local leaders
    ];

    private static readonly Dictionary<(FactorId Factor, string Value), WeightRow> ByAnswer =
        Rows.ToDictionary(static r => (r.Factor, r.Value));

    /// <summary>The row of one answer.</summary>
    public static WeightRow Get(FactorId factor, string value) => ByAnswer[(factor, value)];
}

/// <summary>Points one answer gives each model.</summary>
internal sealed record WeightRow(FactorId Factor, string Value, int Strategic, int Operational, int Functional, int Relational)
{
    public int PointsFor(CooperationModel model) => model switch
    {
        CooperationModel.Strategic => Strategic,
        CooperationModel.Operational => Operational,
        CooperationModel.Functional => Functional,
        CooperationModel.Relational => Relational,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };
}
