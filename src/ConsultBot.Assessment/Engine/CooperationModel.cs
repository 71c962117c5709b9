using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>The four cooperation models of the programme.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CooperationModel>))]
public enum CooperationModel
{
    [JsonStringEnumMemberName("strategic")]
    Strategic = 0,
    [JsonStringEnumMemberName("operational")]
    Operational = 1,
    [JsonStringEnumMemberName("functional")]
    Functional = 2,
    [JsonStringEnumMemberName("relational")]
    Relational = 3,
}
