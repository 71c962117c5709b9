using System.Text.Json.Serialization;

namespace ConsultBot.Admin.Cards;

/// <summary>Card data as the templates read it: camelCase, nothing left out (an absent value would show as <c>${…}</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AdminHomeCardData))]
[JsonSerializable(typeof(AdminEntryCardData))]
[JsonSerializable(typeof(AdminHistoryCardData))]
[JsonSerializable(typeof(AdminReviewCardData))]
internal sealed partial class AdminCardJsonContext : JsonSerializerContext;
