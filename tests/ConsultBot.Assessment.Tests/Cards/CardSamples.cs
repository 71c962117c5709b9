using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Assessment.Cards;
using ConsultBot.Assessment.Engine;
using ConsultBot.Welcome.Cards;

namespace ConsultBot.Assessment.Tests.Cards;

/// <summary>The sample data of every template, built by the real card builder from fixed inputs.</summary>
internal static class CardSamples
{
    public static readonly string[] Locales = [AssessmentLocales.Polish, AssessmentLocales.English];

    /// <summary>The templates checked here: the assessment's and the Welcome feature's card, which offers the assessment.</summary>
    public static IReadOnlyList<string> Names { get; } = [WelcomeCards.Name, .. AssessmentCardNames.All];

    private static readonly DateTimeOffset CompletedAt = new(2025, 11, 25, 10, 30, 0, TimeSpan.Zero);

    public static JsonNode Build(string card, string locale)
    {
        var ctx = ConsultBot.Assessment.AssessmentJsonContext.Default;
        switch (card)
        {
            case WelcomeCards.Name:
                return JsonSerializer.SerializeToNode(WelcomeCards.Personal("Anna Kowalska", unfinishedStep: 3, total: FactorCatalogue.All.Count, pastCount: 2), ConsultBot.Welcome.WelcomeJsonContext.Default.WelcomeCardData)!;
            case AssessmentCardNames.Recommendation:
                // The CUS case of the scenario file: functional, with operational close behind.
                var answers = Answers.From(
                    ("migrantScale", "medium"), ("migrationNovelty", "new"), ("adminCapacity", "moderate"),
                    ("ngoStrength", "strong"), ("communityActivity", "moderate"), ("trustLevel", "moderate"),
                    ("problemScope", "single-area"), ("timeHorizon", "quick-results"), ("leaderCandidate", "institution"));
                var result = AssessmentEngine.Recommend(answers);
                return JsonSerializer.SerializeToNode(AssessmentCardBuilder.Recommendation("a-20251125-1", answers, result, locale, CompletedAt), ctx.RecommendationCardData)!;
            case AssessmentCardNames.ModelDetail:
                return JsonSerializer.SerializeToNode(AssessmentCardBuilder.ModelDetail(CooperationModel.Operational, locale, recommended: true), ctx.ModelDetailCardData)!;
            case AssessmentCardNames.ModelComparison:
                return JsonSerializer.SerializeToNode(AssessmentCardBuilder.Comparison(locale, CooperationModel.Functional), ctx.ComparisonCardData)!;
            case AssessmentCardNames.Checklist:
                string[] done = ["strategic.city.strategy", "strategic.city.coordination", "strategic.business.needs", "strategic.ngo.language", "strategic.migrants.participation"];
                return JsonSerializer.SerializeToNode(AssessmentCardBuilder.Checklist(CooperationModel.Strategic, done, locale, saved: true), ctx.ChecklistCardData)!;
            case AssessmentCardNames.PartnerMap:
                return JsonSerializer.SerializeToNode(AssessmentCardBuilder.PartnerMap(CooperationModel.Relational, ["city", "ngo", "culture", "media"], locale, saved: false), ctx.PartnerMapCardData)!;
            case AssessmentCardNames.AssessmentForm:
                var partial = Answers.From(("migrantScale", "large"), ("ngoStrength", "strong"), ("leaderCandidate", "ngo"));
                return JsonSerializer.SerializeToNode(AssessmentCardBuilder.Form(partial, locale), ctx.AssessmentFormCardData)!;
            case AssessmentCardNames.AssessmentQuestion:
                // The question with five options (the longest list of buttons).
                var sofar = Answers.From(("migrantScale", "medium"), ("migrationNovelty", "new"), ("adminCapacity", "limited"));
                return JsonSerializer.SerializeToNode(AssessmentCardBuilder.Question(FactorId.LeaderCandidate, sofar, locale), ctx.QuestionCardData)!;
            case AssessmentCardNames.AssessmentHistory:
                DateTimeOffset day = new(2025, 11, 20, 9, 15, 0, TimeSpan.Zero);
                return JsonSerializer.SerializeToNode(AssessmentCardBuilder.History(
                    [("a-20251125-1", CompletedAt, CooperationModel.Functional, 9, "steps"), ("a-20251120-2", day, CooperationModel.Operational, 6, "form")],
                    locale, 20), ctx.HistoryCardData)!;
            default:
                throw new ArgumentOutOfRangeException(nameof(card), card, null);
        }
    }

    public static string SamplePath(string card, string locale) => RepoPaths.Combine("cards", "samples", $"{card}.{locale}.json");
}
