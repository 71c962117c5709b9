namespace ConsultBot.Assessment.Engine;

/// <summary>
/// Ranks the four cooperation models for a city. Pure and deterministic: the same answers always
/// give the same result, nothing is read from outside <see cref="AssessmentWeights"/> and
/// <see cref="ReasonCatalogue"/>. A model's score is the sum of its cells of the answered rows.
/// </summary>
public static class AssessmentEngine
{
    /// <summary>A runner-up within this many points of the winner (inclusive) is reported as a near tie.</summary>
    public const int NearTieGap = AssessmentWeights.NearTieGap;

    /// <summary>Ranks the models for the answers (any of them may be missing).</summary>
    public static AssessmentResult Recommend(AssessmentAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var leaderWanted = answers.LeaderCandidate;

        // Ties: the model led by whom the city named first, then the one with fewer cautions, then the fixed order.
        var ranking = CooperationModels.All
            .Select(model => ScoreModel(model, answers))
            .OrderByDescending(static s => s.Score)
            .ThenBy(s => LeaderMatches(s.Leader, leaderWanted) ? 0 : 1)
            .ThenBy(static s => s.Cautions.Count)
            .ThenBy(static s => (int)s.Model)
            .ToArray();

        var unanswered = FactorCatalogue.All.Where(f => answers.GetIndex(f.Id) is null).Select(static f => f.Id).ToArray();
        var nearTie = FindNearTie(ranking[0], ranking[1], answers, unanswered);
        return new AssessmentResult(ranking[0].Model, ranking, nearTie, FactorCatalogue.All.Count - unanswered.Length, unanswered);
    }

    /// <summary>The points one model gets from the answers (the same sum the ranking uses).</summary>
    public static int Score(CooperationModel model, AssessmentAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var total = 0;
        foreach (var factor in FactorCatalogue.All)
        {
            if (answers.GetValue(factor.Id) is { } value)
            {
                total += AssessmentWeights.Get(factor.Id, value).PointsFor(model);
            }
        }

        return total;
    }

    private static ModelScore ScoreModel(CooperationModel model, AssessmentAnswers answers)
    {
        var reasons = new List<AssessmentReason>();
        var cautions = new List<AssessmentReason>();
        foreach (var factor in FactorCatalogue.All)
        {
            if (answers.GetValue(factor.Id) is not { } value)
            {
                continue;
            }

            var points = AssessmentWeights.Get(factor.Id, value).PointsFor(model);
            if (points == 0)
            {
                continue;
            }

            var code = ReasonCatalogue.CodeFor(model, factor.Id, value);
            var info = ReasonCatalogue.TryGet(code, out var found)
                ? found
                : throw new InvalidOperationException($"Weight cell {code} has no text in ReasonCatalogue.");
            (points > 0 ? reasons : cautions).Add(new AssessmentReason(code, factor.Id, value, points, info.Source, info.Text));
        }

        // Strongest first; equal strength keeps the catalogue order (stable sort).
        var orderedReasons = reasons.OrderByDescending(static r => r.Points).ToArray();
        var orderedCautions = cautions.OrderBy(static r => r.Points).ToArray();
        return new ModelScore(model, reasons.Sum(static r => r.Points) + cautions.Sum(static r => r.Points),
            CooperationModels.Leader(model), orderedReasons, orderedCautions);
    }

    private static bool LeaderMatches(ModelLeader leader, LeaderCandidate? wanted) => wanted switch
    {
        LeaderCandidate.City => leader == ModelLeader.City,
        LeaderCandidate.Ngo => leader == ModelLeader.Ngo,
        LeaderCandidate.Institution => leader == ModelLeader.Institution,
        LeaderCandidate.Residents => leader == ModelLeader.Residents,
        _ => false,
    };

    private static NearTie? FindNearTie(ModelScore winner, ModelScore runnerUp, AssessmentAnswers answers, FactorId[] unanswered)
    {
        var gap = winner.Score - runnerUp.Score;
        if (gap > NearTieGap)
        {
            return null;
        }

        // What the runner-up gets more from than the winner: the answers that keep it close.
        var strengths = runnerUp.Reasons
            .Select(r => (Reason: r, Edge: r.Points - AssessmentWeights.Get(r.Factor, r.Value).PointsFor(winner.Model)))
            .Where(static x => x.Edge > 0)
            .OrderByDescending(static x => x.Edge)
            .Select(static x => x.Reason)
            .Take(3)
            .ToArray();

        // Questions still open whose answer alone could close the gap.
        var open = unanswered
            .Where(f => FactorCatalogue.Get(f).Options.Any(o =>
            {
                var row = AssessmentWeights.Get(f, o.Value);
                return row.PointsFor(runnerUp.Model) - row.PointsFor(winner.Model) >= Math.Max(gap, 1);
            }))
            .ToArray();

        return new NearTie(winner.Model, runnerUp.Model, gap, strengths, open, Explain(winner.Model, runnerUp.Model, gap, strengths, open));
    }

    private static LocalizedText Explain(CooperationModel winner, CooperationModel runnerUp, int gap, AssessmentReason[] strengths, FactorId[] open)
    {
        var runnerPl = CooperationModels.Name(runnerUp).Pl;
        var runnerEn = CooperationModels.Name(runnerUp).En.ToLowerInvariant();
        var winnerPlInstr = ModelAdjective(winner) + "m"; // "strategiczny" -> "strategicznym"
        var winnerEn = CooperationModels.Name(winner).En.ToLowerInvariant();

        var pl = gap == 0
            ? $"{runnerPl} ma tyle samo punktów co model {ModelAdjective(winner)}."
            : $"{runnerPl} jest tuż za modelem {winnerPlInstr} (różnica: {gap} pkt).";
        var en = gap == 0
            ? $"The {runnerEn} scores the same as the {winnerEn}."
            : $"The {runnerEn} is close behind the {winnerEn} ({gap} {(gap == 1 ? "point" : "points")} apart).";

        if (strengths.Length > 0)
        {
            pl += $" Bardziej przemawiają za nim odpowiedzi: {Labels(strengths.Select(static s => s.Factor), AssessmentLocales.Polish)}.";
            en += $" Answers that favour it more: {Labels(strengths.Select(static s => s.Factor), AssessmentLocales.English)}.";
        }

        if (open.Length > 0)
        {
            pl += $" Wynik mogą jeszcze zmienić pytania bez odpowiedzi: {Labels(open, AssessmentLocales.Polish)}.";
            en += $" Unanswered questions that could still change it: {Labels(open, AssessmentLocales.English)}.";
        }

        return new LocalizedText(pl, en);
    }

    private static string ModelAdjective(CooperationModel model) =>
        CooperationModels.Name(model).Pl["Model ".Length..];

    private static string Labels(IEnumerable<FactorId> factors, string locale) =>
        string.Join(", ", factors.Select(f => LowerFirst(FactorCatalogue.Get(f).Label.Get(locale))));

    private static string LowerFirst(string text) =>
        text.Length > 0 && !(text.Length > 1 && char.IsUpper(text[1])) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
