using System.Text.Json;
using ConsultBot.Assessment.Engine;

namespace ConsultBot.Assessment.Tests;

public sealed class AssessmentEngineTests
{
    public static TheoryData<string, CooperationModel> Textbooks => new()
    {
        { nameof(Answers.StrategicTextbook), CooperationModel.Strategic },
        { nameof(Answers.OperationalTextbook), CooperationModel.Operational },
        { nameof(Answers.FunctionalTextbook), CooperationModel.Functional },
        { nameof(Answers.RelationalTextbook), CooperationModel.Relational },
    };

    private static AssessmentAnswers Textbook(string name) => name switch
    {
        nameof(Answers.StrategicTextbook) => Answers.StrategicTextbook,
        nameof(Answers.OperationalTextbook) => Answers.OperationalTextbook,
        nameof(Answers.FunctionalTextbook) => Answers.FunctionalTextbook,
        _ => Answers.RelationalTextbook,
    };

    [Theory]
    [MemberData(nameof(Textbooks))]
    public void Each_model_wins_its_textbook_case_clearly(string textbook, CooperationModel expected)
    {
        // Act
        var result = AssessmentEngine.Recommend(Textbook(textbook));

        // Assert
        Assert.Equal(expected, result.Recommended);
        Assert.Null(result.NearTie);
        Assert.Equal(CooperationModels.Leader(expected), result.Ranking[0].Leader);
        Assert.NotEmpty(result.Ranking[0].Reasons);
        Assert.Equal(9, result.AnsweredCount);
    }

    [Fact]
    public void Ranking_holds_all_four_models_best_first()
    {
        var result = AssessmentEngine.Recommend(Answers.StrategicTextbook);

        Assert.Equal(4, result.Ranking.Select(static r => r.Model).Distinct().Count());
        Assert.True(result.Ranking.Zip(result.Ranking.Skip(1)).All(static p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void Score_is_the_sum_of_reasons_and_cautions()
    {
        foreach (var score in AssessmentEngine.Recommend(Answers.OperationalTextbook).Ranking)
        {
            Assert.Equal(score.Score, score.Reasons.Sum(static r => r.Points) + score.Cautions.Sum(static c => c.Points));
            Assert.All(score.Reasons, static r => Assert.True(r.Points > 0));
            Assert.All(score.Cautions, static c => Assert.True(c.Points < 0));
        }
    }

    [Fact]
    public void Every_model_is_reachable_by_some_answers()
    {
        // The whole answer space is 3*2*3*3*3*3*3*2*5 = 14,580 cases: cheap enough to walk.
        var winners = new HashSet<CooperationModel>();
        foreach (var answers in AllCompleteAnswers())
        {
            winners.Add(AssessmentEngine.Recommend(answers).Recommended);
            if (winners.Count == 4)
            {
                break;
            }
        }

        Assert.Equal(CooperationModels.All.ToHashSet(), winners);
    }

    [Fact]
    public void Every_model_wins_a_fair_share_of_all_complete_answer_sets()
    {
        var counts = AllCompleteAnswers().GroupBy(static a => AssessmentEngine.Recommend(a).Recommended).ToDictionary(static g => g.Key, static g => g.Count());

        // Not an exact quota: no model may be a rare corner case (each wins at least 5% of the space).
        Assert.All(CooperationModels.All, m => Assert.True(counts.GetValueOrDefault(m) > 14_580 / 20, $"{m} wins only {counts.GetValueOrDefault(m)} cases"));
    }

    [Fact]
    public void Near_tie_is_reported_with_the_runner_up_and_why_it_is_close()
    {
        // Arrange: strong, trusted NGOs (operational) while the city wants to lead (strategic).
        var answers = Answers.From(("ngoStrength", "strong"), ("leaderCandidate", "city"), ("adminCapacity", "moderate"), ("trustLevel", "high"));

        // Act
        var result = AssessmentEngine.Recommend(answers);

        // Assert
        Assert.NotNull(result.NearTie);
        var tie = result.NearTie;
        Assert.Equal(result.Recommended, tie.Winner);
        Assert.Equal(result.Ranking[1].Model, tie.RunnerUp);
        Assert.Equal(result.Ranking[0].Score - result.Ranking[1].Score, tie.Gap);
        Assert.InRange(tie.Gap, 0, AssessmentEngine.NearTieGap);
        Assert.NotEmpty(tie.RunnerUpStrengths);
        Assert.Contains("pkt", tie.Explanation.Pl, StringComparison.Ordinal);
        Assert.Contains("apart", tie.Explanation.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Near_tie_names_open_questions_that_could_change_the_result()
    {
        var answers = Answers.From(("ngoStrength", "strong"), ("leaderCandidate", "city"));

        var result = AssessmentEngine.Recommend(answers);

        Assert.NotNull(result.NearTie);
        Assert.Contains(FactorId.AdminCapacity, result.NearTie.OpenFactors);
        Assert.Contains("bez odpowiedzi", result.NearTie.Explanation.Pl, StringComparison.Ordinal);
    }

    [Fact]
    public void Clear_win_has_no_near_tie()
    {
        Assert.All(
            [Answers.StrategicTextbook, Answers.OperationalTextbook, Answers.FunctionalTextbook, Answers.RelationalTextbook],
            static a => Assert.True(AssessmentEngine.Recommend(a).Ranking[0].Score - AssessmentEngine.Recommend(a).Ranking[1].Score > AssessmentEngine.NearTieGap));
    }

    [Fact]
    public void Near_tie_is_flagged_exactly_when_the_gap_is_within_the_threshold()
    {
        foreach (var answers in AllCompleteAnswers().Where(static (_, i) => i % 37 == 0))
        {
            var result = AssessmentEngine.Recommend(answers);
            var gap = result.Ranking[0].Score - result.Ranking[1].Score;
            Assert.Equal(gap <= AssessmentEngine.NearTieGap, result.NearTie is not null);
        }
    }

    [Fact]
    public void No_answers_give_a_full_tie_in_the_fixed_order()
    {
        var result = AssessmentEngine.Recommend(AssessmentAnswers.Empty);

        Assert.Equal(0, result.AnsweredCount);
        Assert.Equal(9, result.Unanswered.Count);
        Assert.All(result.Ranking, static s => Assert.Equal(0, s.Score));
        Assert.Equal(CooperationModels.All, result.Ranking.Select(static s => s.Model));
        Assert.NotNull(result.NearTie);
        Assert.Equal(0, result.NearTie.Gap);
    }

    [Fact]
    public void Missing_answers_count_for_nobody()
    {
        var full = Answers.OperationalTextbook;
        var partial = full with { TrustLevel = null, MigrantScale = null };

        var result = AssessmentEngine.Recommend(partial);

        Assert.Equal(7, result.AnsweredCount);
        Assert.Equal([FactorId.MigrantScale, FactorId.TrustLevel], result.Unanswered);
        Assert.Equal(CooperationModel.Operational, result.Recommended);
        Assert.DoesNotContain(result.Ranking.SelectMany(static s => s.Reasons.Concat(s.Cautions)), static r => r.Factor is FactorId.TrustLevel or FactorId.MigrantScale);
    }

    [Fact]
    public void A_single_answer_already_points_somewhere()
    {
        Assert.Equal(CooperationModel.Relational, AssessmentEngine.Recommend(Answers.From(("leaderCandidate", "residents"))).Recommended);
        Assert.Equal(CooperationModel.Functional, AssessmentEngine.Recommend(Answers.From(("problemScope", "single-area"))).Recommended);
        Assert.Equal(CooperationModel.Operational, AssessmentEngine.Recommend(Answers.From(("ngoStrength", "strong"))).Recommended);
        Assert.Equal(CooperationModel.Strategic, AssessmentEngine.Recommend(Answers.From(("adminCapacity", "strong"))).Recommended);
    }

    [Fact]
    public void Ties_go_to_the_model_of_the_named_leader()
    {
        // Institution leads (+3 functional); NGO strength strong (+3 operational): equal points.
        var answers = Answers.From(("leaderCandidate", "institution"), ("ngoStrength", "strong"));

        var result = AssessmentEngine.Recommend(answers);

        Assert.Equal(result.Ranking[0].Score, result.Ranking[1].Score);
        Assert.Equal(CooperationModel.Functional, result.Recommended);
    }

    [Fact]
    public void Same_answers_give_the_same_result_every_time()
    {
        var options = new JsonSerializerOptions { WriteIndented = false };
        foreach (var answers in AllCompleteAnswers().Where(static (_, i) => i % 997 == 0).Append(AssessmentAnswers.Empty))
        {
            var first = JsonSerializer.Serialize(AssessmentEngine.Recommend(answers), options);
            var second = JsonSerializer.Serialize(AssessmentEngine.Recommend(answers with { }), options);
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public void Reasons_carry_their_code_source_and_both_languages()
    {
        var result = AssessmentEngine.Recommend(Answers.RelationalTextbook);
        var reasons = result.Ranking.SelectMany(static s => s.Reasons.Concat(s.Cautions)).ToArray();

        Assert.NotEmpty(reasons);
        Assert.All(reasons, static r =>
        {
            Assert.Matches("^(strategic|operational|functional|relational)\\.[a-zA-Z]+\\.[a-z-]+$", r.Code);
            Assert.False(string.IsNullOrWhiteSpace(r.Text.Pl));
            Assert.False(string.IsNullOrWhiteSpace(r.Text.En));
        });
        Assert.Contains(result.Ranking[0].Reasons, static r => r.Code == "relational.migrationNovelty.new" && r.Source == CriterionSource.WhenItFits);
    }

    internal static IEnumerable<AssessmentAnswers> AllCompleteAnswers()
    {
        IEnumerable<AssessmentAnswers> acc = [AssessmentAnswers.Empty];
        foreach (var factor in FactorCatalogue.All)
        {
            var f = factor;
            acc = acc.SelectMany(a => Enumerable.Range(0, f.Options.Count).Select(i => a.WithIndex(f.Id, i)));
        }

        return acc;
    }
}
