using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>Whether migration is new in the city (factor <c>migrationNovelty</c>). Members are in the contract's order: the numeric value is the option index.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MigrationNovelty>))]
public enum MigrationNovelty
{
    [JsonStringEnumMemberName("new")]
    New = 0,
    [JsonStringEnumMemberName("established")]
    Established = 1,
}
