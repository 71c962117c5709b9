using System.Text.Json.Serialization;

namespace ConsultBot.Welcome;

/// <summary>Source-generated JSON for the card data and the conversation state (same shape as when the assessment kept it).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WelcomeCardData))]
[JsonSerializable(typeof(WelcomeLog))]
internal sealed partial class WelcomeJsonContext : JsonSerializerContext;
