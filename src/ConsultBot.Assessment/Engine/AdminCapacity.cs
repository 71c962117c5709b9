using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>Administration, institutional base and readiness to coordinate (factor <c>adminCapacity</c>). Members are in the contract's order: the numeric value is the option index.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AdminCapacity>))]
public enum AdminCapacity
{
    [JsonStringEnumMemberName("limited")]
    Limited = 0,
    [JsonStringEnumMemberName("moderate")]
    Moderate = 1,
    [JsonStringEnumMemberName("strong")]
    Strong = 2,
}
