using System.Text.Json.Serialization;
using ConsultBot.Workshop.Cards;
using ConsultBot.Workshop.Plan;
using ConsultBot.Workshop.Poll;
using ConsultBot.Workshop.Quiz;

namespace ConsultBot.Workshop;

/// <summary>Source-generated JSON for everything the workshop tools store, send or read.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QuizContent))]
[JsonSerializable(typeof(QuizQuestion))]
[JsonSerializable(typeof(IReadOnlyList<QuizQuestion>))]
[JsonSerializable(typeof(QuizProgress))]
[JsonSerializable(typeof(TeamPoll))]
[JsonSerializable(typeof(PlanLinkPayload))]
[JsonSerializable(typeof(QuizCardData))]
[JsonSerializable(typeof(PollCardData))]
[JsonSerializable(typeof(PlanLinkCardData))]
internal sealed partial class WorkshopJsonContext : JsonSerializerContext;
