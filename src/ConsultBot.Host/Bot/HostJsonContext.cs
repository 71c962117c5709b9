using System.Text.Json.Serialization;

namespace ConsultBot.Host.Bot;

/// <summary>Source-generated JSON for the host's own small state values.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(WelcomeState))]
[JsonSerializable(typeof(Privacy.Cards.PrivacyDataCardData))]
[JsonSerializable(typeof(Privacy.Cards.PrivacyConfirmCardData))]
internal sealed partial class HostJsonContext : JsonSerializerContext;

/// <summary>Whether (and when) this conversation got its welcome card.</summary>
internal sealed record WelcomeState(bool Welcomed, DateTimeOffset? At);
