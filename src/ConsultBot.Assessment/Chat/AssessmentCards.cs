using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Assessment.Cards;
using ConsultBot.Assessment.Engine;
using ConsultBot.Cards;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Assessment.Chat;

/// <summary>Builds the card data with <see cref="AssessmentCardBuilder"/> and renders the templates of <c>cards/</c>.</summary>
internal sealed class AssessmentCards(ICardRenderer renderer)
{
    private static readonly AssessmentJsonContext Json = AssessmentJsonContext.Default;

    public JsonObject Question(QuestionCardData data, string? locale) =>
        renderer.Render(AssessmentCardNames.AssessmentQuestion, JsonSerializer.SerializeToNode(data, Json.QuestionCardData), locale ?? string.Empty);

    public JsonObject Question(AssessmentProgress progress, string? locale) =>
        Question(AssessmentCardBuilder.Question(progress.CurrentFactor, progress.Answers, Normalize(locale)), locale);

    public JsonObject Recommendation(AssessmentRecord record, string? locale)
    {
        var result = AssessmentEngine.Recommend(record.Answers);
        var data = AssessmentCardBuilder.Recommendation(record.Id, record.Answers, result, Normalize(locale), record.CompletedAt);
        return renderer.Render(AssessmentCardNames.Recommendation, JsonSerializer.SerializeToNode(data, Json.RecommendationCardData), locale ?? string.Empty);
    }

    public JsonObject ModelDetail(CooperationModel model, bool recommended, string? locale) =>
        renderer.Render(AssessmentCardNames.ModelDetail,
            JsonSerializer.SerializeToNode(AssessmentCardBuilder.ModelDetail(model, Normalize(locale), recommended), Json.ModelDetailCardData), locale ?? string.Empty);

    public JsonObject Comparison(CooperationModel? recommended, string? locale) =>
        renderer.Render(AssessmentCardNames.ModelComparison,
            JsonSerializer.SerializeToNode(AssessmentCardBuilder.Comparison(Normalize(locale), recommended), Json.ComparisonCardData), locale ?? string.Empty);

    public JsonObject Checklist(CooperationModel model, IReadOnlyCollection<string> checkedIds, bool saved, string? locale) =>
        renderer.Render(AssessmentCardNames.Checklist,
            JsonSerializer.SerializeToNode(AssessmentCardBuilder.Checklist(model, checkedIds, Normalize(locale), saved), Json.ChecklistCardData), locale ?? string.Empty);

    public JsonObject PartnerMap(CooperationModel model, IReadOnlyCollection<string> sectors, bool saved, string? locale) =>
        renderer.Render(AssessmentCardNames.PartnerMap,
            JsonSerializer.SerializeToNode(AssessmentCardBuilder.PartnerMap(model, sectors, Normalize(locale), saved), Json.PartnerMapCardData), locale ?? string.Empty);

    public JsonObject Form(AssessmentAnswers current, string? locale) =>
        renderer.Render(AssessmentCardNames.AssessmentForm,
            JsonSerializer.SerializeToNode(AssessmentCardBuilder.Form(current, Normalize(locale)), Json.AssessmentFormCardData), locale ?? string.Empty);

    public JsonObject History(AssessmentHistory history, string? locale) =>
        renderer.Render(AssessmentCardNames.AssessmentHistory,
            JsonSerializer.SerializeToNode(
                AssessmentCardBuilder.History([.. history.Items.Select(i => (i.Id, i.CompletedAt, i.Recommended, i.Answers.AnsweredCount, i.Mode))], Normalize(locale), AssessmentHistory.Cap),
                Json.HistoryCardData),
            locale ?? string.Empty);

    public static Activity Message(JsonObject card)
    {
        var message = Activity.CreateMessageActivity();
        message.Attachments = [Attachment.AdaptiveCard(card)];
        return message;
    }

    private static string Normalize(string? locale) => AssessmentLocales.Normalize(locale);
}
