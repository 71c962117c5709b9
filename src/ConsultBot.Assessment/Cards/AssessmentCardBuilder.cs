using System.Globalization;
using ConsultBot.Assessment.Content;
using ConsultBot.Assessment.Engine;
using ConsultBot.Cards;

namespace ConsultBot.Assessment.Cards;

/// <summary>Turns engine results, content and user progress into the data records of the templates. Pure.</summary>
internal static class AssessmentCardBuilder
{
    public static RecommendationCardData Recommendation(string assessmentId, AssessmentAnswers answers, AssessmentResult result, string locale, DateTimeOffset? completedAt)
    {
        var library = ModelLibrary.Default;
        var winner = result.Ranking[0];
        var runner = result.Ranking[1];
        var content = library.Get(winner.Model);
        var scale = FitScale.For(answers);
        var why = result.NearTie is { } tie
            ? tie.Explanation.Get(locale)
            : runner.Reasons.FirstOrDefault()?.Text.Get(locale) ?? content.Comparison.Get(locale);

        return new RecommendationCardData(
            assessmentId,
            CooperationModels.Key(winner.Model),
            CooperationModels.Name(winner.Model).Get(locale),
            content.Leader.Get(locale),
            content.Essence.Get(locale),
            winner.Score,
            scale.Fit(winner.Score),
            FitScale.Label(scale.Fit(winner.Score), locale),
            [.. winner.Reasons.Take(4).Select(r => new TextItem(r.Text.Get(locale)))],
            [.. winner.Cautions.Take(3).Select(r => new TextItem(r.Text.Get(locale)))],
            new RunnerUpData(
                CooperationModels.Key(runner.Model),
                CooperationModels.Name(runner.Model).Get(locale),
                runner.Score,
                scale.Fit(runner.Score),
                winner.Score - runner.Score,
                result.NearTie is not null,
                why),
            [.. result.Ranking.Select(s =>
            {
                var fit = scale.Fit(s.Score);
                return new ScoreRow(CooperationModels.Key(s.Model), CooperationModels.Name(s.Model).Get(locale), s.Score, fit, FitScale.Label(fit, locale),
                    FitScale.Bar(fit), s.Model == winner.Model);
            })],
            [.. library.NextSteps.Select(s => new TextItem(s.Text.Get(locale)))],
            [.. FactorCatalogue.All.Select(f => new AnswerRow(
                f.Label.Get(locale),
                answers.GetIndex(f.Id) is { } i ? f.Options[i].Title.Get(locale) : NotAnswered(locale)))],
            result.AnsweredCount,
            FactorCatalogue.All.Count,
            result.AnsweredCount < FactorCatalogue.All.Count,
            completedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty);
    }

    public static ModelDetailCardData ModelDetail(CooperationModel model, string locale, bool recommended)
    {
        var library = ModelLibrary.Default;
        var content = library.Get(model);
        return new ModelDetailCardData(
            content.Id,
            content.Name.Get(locale),
            content.Leader.Get(locale),
            content.Essence.Get(locale),
            content.Comparison.Get(locale),
            content.Requirement.Get(locale),
            Items(content.WhenItFits, locale),
            Items(content.Features, locale),
            [.. content.Partners.Select(p => new PartnerTasksData(p.Name.Get(locale), [.. p.Tasks.Select(t => new TextItem(t.Text.Get(locale)))]))],
            Items(content.SuccessConditions, locale),
            [.. content.Benefits.Select(b => new BenefitGroupData(b.Audience, library.Audience(b.Audience).Name.Get(locale), Items(b.Items, locale)))],
            recommended);
    }

    public static ComparisonCardData Comparison(string locale, CooperationModel? recommended)
    {
        var library = ModelLibrary.Default;
        return new ComparisonCardData(
            [.. CooperationModels.All.Select(m =>
            {
                var c = library.Get(m);
                return new ComparisonRow(c.Id, c.Name.Get(locale), c.Leader.Get(locale), c.Comparison.Get(locale), c.Essence.Get(locale), m == recommended);
            })],
            recommended is { } r ? CooperationModels.Key(r) : string.Empty);
    }

    public static ChecklistCardData Checklist(CooperationModel model, IReadOnlyCollection<string> checkedIds, string locale, bool saved)
    {
        var content = ModelLibrary.Default.Get(model);
        var partners = content.Partners
            .Select(p => new ChecklistPartnerData(p.Name.Get(locale), [.. p.Tasks.Select(t => new ChecklistTaskData(t.Id, t.Text.Get(locale), checkedIds.Contains(t.Id)))]))
            .ToArray();
        var all = partners.SelectMany(static p => p.Tasks).ToArray();
        return new ChecklistCardData(content.Id, content.Name.Get(locale), all.Count(static t => t.Checked), all.Length, saved, partners);
    }

    public static PartnerMapCardData PartnerMap(CooperationModel model, IReadOnlyCollection<string> sectors, string locale, bool saved)
    {
        var library = ModelLibrary.Default;
        var content = library.Get(model);
        var toggles = library.Sectors
            .Select(s => new SectorToggleData(s.Id, s.Name.Get(locale), sectors.Contains(s.Id), content.Sectors.Contains(s.Id)))
            .ToArray();
        var gaps = toggles.Where(static s => s.Required && !s.Checked).Select(static s => new TextItem(s.Name)).ToArray();
        return new PartnerMapCardData(content.Id, content.Name.Get(locale), content.Sectors.Count - gaps.Length, content.Sectors.Count, gaps.Length > 0, saved, toggles, gaps);
    }

    public static AssessmentFormCardData Form(AssessmentAnswers current, string locale) =>
        new([.. FactorCatalogue.All.Select((f, i) => new FormQuestionData(
            f.Key,
            i + 1,
            f.Label.Get(locale),
            f.Question.Get(locale),
            f.Hint.Get(locale),
            current.GetValue(f.Id) ?? string.Empty,
            [.. f.Options.Select(o => new ChoiceData($"{o.Title.Get(locale)}: {o.Hint.Get(locale)}", o.Value))]))]);

    /// <summary>A closed copy of a question card: no buttons, and a line saying what happened.</summary>
    public static QuestionCardData ClosedQuestion(FactorId factorId, AssessmentAnswers current, string locale, string outcome, string answerTitle = "") =>
        Question(factorId, current, locale) with { Closed = true, Outcome = outcome, AnswerTitle = answerTitle };

    public static HistoryCardData History(IReadOnlyList<(string Id, DateTimeOffset CompletedAt, CooperationModel Model, int Answered, string Mode)> items, string locale, int cap) =>
        new([.. items.Select((i, n) => new HistoryItemData(
                i.Id,
                n + 1,
                i.CompletedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                CooperationModels.Name(i.Model).Get(locale),
                i.Answered,
                FactorCatalogue.All.Count,
                i.Mode))],
            items.Count,
            cap);

    public static QuestionCardData Question(FactorId factorId, AssessmentAnswers current, string locale)
    {
        var factor = FactorCatalogue.Get(factorId);
        var chosen = current.GetIndex(factorId);
        return new QuestionCardData(
            factor.Key,
            (int)factorId + 1,
            FactorCatalogue.All.Count,
            factor.Question.Get(locale),
            factor.Hint.Get(locale),
            factorId != FactorCatalogue.All[0].Id,
            chosen is { } c ? factor.Options[c].Value : string.Empty,
            [.. factor.Options.Select((o, i) => new QuestionOptionData(i + 1, o.Title.Get(locale), o.Hint.Get(locale), o.Value, chosen == i))]);
    }

    private static string NotAnswered(string locale) => AssessmentTexts.Get(nameof(Resources.AssessmentStrings.NotAnswered), locale);

    private static TextItem[] Items(IEnumerable<LocalizedText> texts, string locale) => [.. texts.Select(t => new TextItem(t.Get(locale)))];
}
