using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>Whether a quick, measurable effect is needed (factor <c>timeHorizon</c>). Members are in the contract's order: the numeric value is the option index.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TimeHorizon>))]
public enum TimeHorizon
{
    [JsonStringEnumMemberName("quick-results")]
    QuickResults = 0,
    [JsonStringEnumMemberName("long-term")]
    LongTerm = 1,
}
