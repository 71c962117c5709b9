using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>How active and experienced local NGOs are (factor <c>ngoStrength</c>). Members are in the contract's order: the numeric value is the option index.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NgoStrength>))]
public enum NgoStrength
{
    [JsonStringEnumMemberName("weak")]
    Weak = 0,
    [JsonStringEnumMemberName("moderate")]
    Moderate = 1,
    [JsonStringEnumMemberName("strong")]
    Strong = 2,
}
