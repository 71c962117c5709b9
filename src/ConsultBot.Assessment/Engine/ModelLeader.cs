using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>Who leads a cooperation model.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelLeader>))]
public enum ModelLeader
{
    [JsonStringEnumMemberName("city")]
    City = 0,
    [JsonStringEnumMemberName("ngo")]
    Ngo = 1,
    [JsonStringEnumMemberName("institution")]
    Institution = 2,
    [JsonStringEnumMemberName("residents")]
    Residents = 3,
}
