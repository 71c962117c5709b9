using ConsultBot.Assessment.Engine;
using CsCheck;

namespace ConsultBot.Assessment.Tests;

/// <summary>
/// Strengthening a factor that favours a model never lowers that model's score. The directions below
/// are written from the seed, independently of the weight table, so the test checks the table too.
/// </summary>
public sealed class MonotonicityTests
{
    // (model, factor, +1 when moving towards the later options favours the model, -1 when the earlier ones do)
    private static readonly (CooperationModel Model, FactorId Factor, int Direction)[] SeedDirections =
    [
        (CooperationModel.Strategic, FactorId.MigrantScale, +1),        // "many migrants"
        (CooperationModel.Strategic, FactorId.AdminCapacity, +1),       // "developed administration"
        (CooperationModel.Strategic, FactorId.ProblemScope, +1),        // "a coherent local policy"
        (CooperationModel.Strategic, FactorId.TimeHorizon, +1),         // planning approach
        (CooperationModel.Operational, FactorId.NgoStrength, +1),       // "active, experienced NGOs"
        (CooperationModel.Operational, FactorId.AdminCapacity, -1),     // "limited city resources"
        (CooperationModel.Operational, FactorId.TrustLevel, +1),        // success condition: mutual trust
        (CooperationModel.Operational, FactorId.TimeHorizon, -1),       // "reach migrants quickly"
        (CooperationModel.Functional, FactorId.ProblemScope, -1),       // "clear, localised problem"
        (CooperationModel.Functional, FactorId.TimeHorizon, -1),        // "quick, measurable results"
        (CooperationModel.Relational, FactorId.CommunityActivity, +1),  // "active local communities"
        (CooperationModel.Relational, FactorId.MigrationNovelty, -1),   // "migration is new"
        (CooperationModel.Relational, FactorId.TrustLevel, +1),         // "when local relations are the strength"
        (CooperationModel.Relational, FactorId.TimeHorizon, +1),        // trust takes time
    ];

    private static readonly Gen<AssessmentAnswers> GenAnswers =
        Gen.Int[0, 1_000_000].Array[FactorCatalogue.All.Count].Select(static picks =>
        {
            var answers = AssessmentAnswers.Empty;
            foreach (var factor in FactorCatalogue.All)
            {
                // One extra slot per factor stands for "not answered".
                var slot = picks[(int)factor.Id] % (factor.Options.Count + 1);
                answers = answers.WithIndex(factor.Id, slot == factor.Options.Count ? null : slot);
            }

            return answers;
        });

    [Fact]
    public void Strengthening_a_favourable_factor_never_lowers_the_models_score()
    {
        var gen = Gen.Select(GenAnswers, Gen.Int[0, SeedDirections.Length - 1]);
        gen.Sample(static (answers, which) =>
        {
            var (model, factor, direction) = SeedDirections[which];
            var options = FactorCatalogue.Get(factor).Options.Count;
            if (answers.GetIndex(factor) is not { } index || index + direction < 0 || index + direction >= options)
            {
                return;
            }

            var stronger = answers.WithIndex(factor, index + direction);
            Assert.True(
                AssessmentEngine.Score(model, stronger) >= AssessmentEngine.Score(model, answers),
                $"{model}: moving {factor} from {index} to {index + direction} lowered the score");
        }, iter: 20_000);
    }

    [Fact]
    public void Strengthening_a_favourable_factor_never_drops_the_model_below_a_model_it_beat()
    {
        // The ranking view of monotonicity: if the model was recommended, a stronger favourable answer keeps it on top
        // unless another model also gains from that same answer.
        var gen = Gen.Select(GenAnswers, Gen.Int[0, SeedDirections.Length - 1]);
        gen.Sample(static (answers, which) =>
        {
            var (model, factor, direction) = SeedDirections[which];
            if (answers.GetIndex(factor) is not { } index || index + direction < 0 || index + direction >= FactorCatalogue.Get(factor).Options.Count)
            {
                return;
            }

            var stronger = answers.WithIndex(factor, index + direction);
            if (AssessmentEngine.Recommend(answers).Recommended != model)
            {
                return;
            }

            var after = AssessmentEngine.Recommend(stronger);
            if (after.Recommended == model)
            {
                return;
            }

            // Only a rival that gained more from the same step may overtake.
            var rival = after.Recommended;
            var modelGain = AssessmentEngine.Score(model, stronger) - AssessmentEngine.Score(model, answers);
            var rivalGain = AssessmentEngine.Score(rival, stronger) - AssessmentEngine.Score(rival, answers);
            Assert.True(rivalGain >= modelGain, $"{rival} overtook {model} without gaining more from {factor}");
        }, iter: 20_000);
    }

    [Fact]
    public void Naming_a_models_own_leader_gives_it_its_best_leader_score()
    {
        GenAnswers.Sample(static answers =>
        {
            foreach (var model in CooperationModels.All)
            {
                var own = (LeaderCandidate)(int)CooperationModels.Leader(model);
                var withOwn = AssessmentEngine.Score(model, answers with { LeaderCandidate = own });
                foreach (var other in Enum.GetValues<LeaderCandidate>())
                {
                    Assert.True(withOwn > AssessmentEngine.Score(model, answers with { LeaderCandidate = other }) || other == own);
                }
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Every_ordinal_factor_is_monotone_for_every_model_in_the_table()
    {
        foreach (var factor in FactorCatalogue.All.Where(static f => f.Id != FactorId.LeaderCandidate))
        {
            foreach (var model in CooperationModels.All)
            {
                var points = factor.Options.Select(o => AssessmentWeights.Get(factor.Id, o.Value).PointsFor(model)).ToArray();
                var rising = points.Zip(points.Skip(1)).All(static p => p.Second >= p.First);
                var falling = points.Zip(points.Skip(1)).All(static p => p.Second <= p.First);
                Assert.True(rising || falling, $"{model} on {factor.Key}: {string.Join(", ", points)} is not monotone");
            }
        }
    }
}
