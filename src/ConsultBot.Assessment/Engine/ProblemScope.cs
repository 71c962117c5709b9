using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>One localised problem vs. a coherent local policy (factor <c>problemScope</c>). Members are in the contract's order: the numeric value is the option index.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProblemScope>))]
public enum ProblemScope
{
    [JsonStringEnumMemberName("single-area")]
    SingleArea = 0,
    [JsonStringEnumMemberName("several-areas")]
    SeveralAreas = 1,
    [JsonStringEnumMemberName("whole-policy")]
    WholePolicy = 2,
}
