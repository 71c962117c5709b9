namespace ConsultBot.Knowledge.Search;

/// <summary>
/// The answer/suggest/none decision over several features of the ranking, not one threshold: coverage of the query's
/// words by the top entry, its margin over the runner-up that is a real alternative (a sibling for another model or
/// audience than the one named is not), and whether the top entry can hold what was precisely asked (an amount, a list).
/// </summary>
internal sealed class AnswerPolicy(FaqSearchOptions options)
{
    public FaqSearchResponse Decide(RankedResult ranked, int top) => DecideCore(ranked, top) with { Considered = Considered(ranked.Hits) };

    private FaqSearchResponse DecideCore(RankedResult ranked, int top)
    {
        var hits = ranked.Hits;
        if (hits.Count == 0)
        {
            return FaqSearchResponse.Empty;
        }

        var first = hits[0];
        // A precise ask the entry cannot meet (a salary, an amount, a list it does not hold): the related entry is not an answer.
        // "How many" without a number in the entry may still be near (a list of four models): a suggestion at most.
        if ((first.UnmetAsks & ~Ask.Quantity) != Ask.None)
        {
            return FaqSearchResponse.Empty;
        }

        var s1 = first.Score;
        var rival = Rival(hits);
        var margin = rival is not null && s1 > 0 ? (s1 - rival.Score) / s1 : 1.0;
        var coverage = first.ModelFit ? Math.Max(first.Coverage, options.ModelFitCoverage) : first.Coverage;
        var confidence = Confidence(coverage, margin);
        // A long message (a story, then the question) is judged on how clearly its top entry wins: no entry covers the story.
        var story = ranked.Focused;
        if (story ? coverage < options.LongMinCoverage : coverage < options.MinCoverage || confidence < options.SuggestThreshold)
        {
            return FaqSearchResponse.Empty;
        }

        // A runner-up that is on topic and scores within a hair of the top entry is a tie, however well both cover the words.
        var tie = rival is not null && rival.Coverage >= options.MinCoverage && margin < options.MinAnswerMargin;
        var confident = story ? margin >= options.LongMinAnswerMargin || (confidence >= options.AnswerThreshold && !tie) : confidence >= options.AnswerThreshold && !tie;
        var decision = confident && first.UnmetAsks == Ask.None ? FaqDecision.Answer : FaqDecision.Suggest;
        var limit = decision == FaqDecision.Answer ? top : Math.Min(top, options.MaxSuggestions);
        var results = new List<FaqHit>(limit);
        double rivalConfidence = 0;
        for (var i = 0; i < hits.Count && results.Count < limit; i++)
        {
            var h = hits[i];
            // Followers are only worth showing if they are themselves on topic.
            if (i > 0 && h.Coverage < options.MinCoverage)
            {
                continue;
            }

            var c = i == 0 ? confidence : Confidence(h.Coverage, 0) * (s1 > 0 ? h.Score / s1 : 0);
            if (i > 0 && ReferenceEquals(h, rival))
            {
                rivalConfidence = c;
            }

            results.Add(ToHit(h, c, ranked.Language));
        }

        // Same rule as the chat's: a near tie with a real alternative is not a confident answer, so the API and the chat agree.
        if (decision == FaqDecision.Answer && !(story && margin >= options.LongMinAnswerMargin) && rivalConfidence >= options.NearTieRatio * confidence)
        {
            decision = FaqDecision.Suggest;
            results = [.. results.Take(options.MaxSuggestions)];
        }

        return new FaqSearchResponse(decision, results);
    }

    private const int ConsideredCount = 3;

    private static FaqCandidate[] Considered(IReadOnlyList<RankedHit> hits) =>
        [.. hits.Take(ConsideredCount).Select(h => new FaqCandidate(h.Entry.Id, Math.Round(h.Coverage, 3)))];

    /// <summary>Uncalibrated confidence from the search design (docs/search.md): coverage scaled by how clearly the top entry wins.</summary>
    public static double Confidence(double coverage, double margin) => coverage * (0.5 + (0.5 * Math.Clamp(margin, 0, 1)));

    /// <summary>
    /// The best runner-up that competes with the top entry. When the top entry has the model and audience the user
    /// named, siblings for another model or audience are not alternatives: the facet decides, not a suggestion.
    /// </summary>
    private static RankedHit? Rival(IReadOnlyList<RankedHit> hits)
    {
        var first = hits[0];
        for (var i = 1; i < hits.Count; i++)
        {
            // Nor is an overview without a model for a question about the model the top entry is about.
            if (!(first.FacetsAgree && !first.FacetConflict && (hits[i].FacetConflict || (first.ExactModel && !hits[i].HasModel))))
            {
                return hits[i];
            }
        }

        return null;
    }

    private static FaqHit ToHit(RankedHit h, double confidence, string language)
    {
        var e = h.Entry;
        var translation = language == e.Language ? null : e.TranslationFor(language);
        return new FaqHit(
            e.Id,
            translation?.Question ?? e.Question,
            translation?.Answer ?? e.Answer,
            h.Score,
            Math.Round(confidence, 4),
            translation is null ? e.Language : language,
            language != e.Language && translation is null,
            e.Category,
            e.Source,
            e.Related);
    }
}
