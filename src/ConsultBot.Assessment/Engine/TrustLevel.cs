using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>Trust between sectors and residents (factor <c>trustLevel</c>). Members are in the contract's order: the numeric value is the option index.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrustLevel>))]
public enum TrustLevel
{
    [JsonStringEnumMemberName("low")]
    Low = 0,
    [JsonStringEnumMemberName("moderate")]
    Moderate = 1,
    [JsonStringEnumMemberName("high")]
    High = 2,
}
