using System.Text.Json.Serialization;
using ConsultBot.Assessment.Api;
using ConsultBot.Assessment.Cards;
using ConsultBot.Assessment.Content;
using ConsultBot.Assessment.Engine;

namespace ConsultBot.Assessment;

/// <summary>Source-generated JSON for everything the assessment writes: API bodies, card data, user state.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AssessmentAnswers))]
[JsonSerializable(typeof(AssessmentResponse))]
[JsonSerializable(typeof(AssessmentProblem))]
[JsonSerializable(typeof(ModelLibrary))]
[JsonSerializable(typeof(RecommendationCardData))]
[JsonSerializable(typeof(ModelDetailCardData))]
[JsonSerializable(typeof(ComparisonCardData))]
[JsonSerializable(typeof(ChecklistCardData))]
[JsonSerializable(typeof(PartnerMapCardData))]
[JsonSerializable(typeof(AssessmentFormCardData))]
[JsonSerializable(typeof(QuestionCardData))]
[JsonSerializable(typeof(HistoryCardData))]
[JsonSerializable(typeof(Chat.AssessmentProgress))]
[JsonSerializable(typeof(Chat.AssessmentHistory))]
[JsonSerializable(typeof(Chat.ChecklistProgress))]
[JsonSerializable(typeof(Chat.PartnerMapProgress))]
internal sealed partial class AssessmentJsonContext : JsonSerializerContext;
