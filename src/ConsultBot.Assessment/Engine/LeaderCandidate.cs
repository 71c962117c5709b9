using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>Who can or should lead (factor <c>leaderCandidate</c>). Members are in the contract's order: the numeric value is the option index.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeaderCandidate>))]
public enum LeaderCandidate
{
    [JsonStringEnumMemberName("city")]
    City = 0,
    [JsonStringEnumMemberName("ngo")]
    Ngo = 1,
    [JsonStringEnumMemberName("institution")]
    Institution = 2,
    [JsonStringEnumMemberName("residents")]
    Residents = 3,
    [JsonStringEnumMemberName("unknown")]
    Unknown = 4,
}
