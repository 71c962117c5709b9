using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>How many migrants live in the city (factor <c>migrantScale</c>). Members are in the contract's order: the numeric value is the option index.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MigrantScale>))]
public enum MigrantScale
{
    [JsonStringEnumMemberName("small")]
    Small = 0,
    [JsonStringEnumMemberName("medium")]
    Medium = 1,
    [JsonStringEnumMemberName("large")]
    Large = 2,
}
