using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>Active local communities and residents' initiatives (factor <c>communityActivity</c>). Members are in the contract's order: the numeric value is the option index.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CommunityActivity>))]
public enum CommunityActivity
{
    [JsonStringEnumMemberName("low")]
    Low = 0,
    [JsonStringEnumMemberName("moderate")]
    Moderate = 1,
    [JsonStringEnumMemberName("high")]
    High = 2,
}
