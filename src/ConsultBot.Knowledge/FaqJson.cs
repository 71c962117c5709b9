using System.Text.Json;
using System.Text.Json.Serialization;
using ConsultBot.Knowledge.Analysis;

namespace ConsultBot.Knowledge;

/// <summary>Wire shape of <c>GET /api/faq/search</c>: a fixed contract used by the admin test pane and monitoring.</summary>
public sealed record FaqSearchContract(
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("results")] IReadOnlyList<FaqSearchContractResult> Results)
{
    public static FaqSearchContract From(FaqSearchResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var decision = response.Decision switch
        {
            FaqDecision.Answer => "answer",
            FaqDecision.Suggest => "suggest",
            _ => "none",
        };
        var results = response.Results
            .Select(h => new FaqSearchContractResult(h.Id, h.Question, h.Answer, Math.Round(h.Score, 4), Math.Round(h.Confidence, 4)))
            .ToArray();
        return new FaqSearchContract(decision, results);
    }

    /// <summary>Serializes <paramref name="response"/> to exactly the contract shape.</summary>
    public static string ToJson(FaqSearchResponse response) =>
        JsonSerializer.Serialize(From(response), KnowledgeJsonContext.Default.FaqSearchContract);
}

public sealed record FaqSearchContractResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("confidence")] double Confidence);

/// <summary>Source-generated (trim/AOT friendly) serialization for the seed file and the search contract.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = false)]
[JsonSerializable(typeof(FaqSeedDocument))]
[JsonSerializable(typeof(FaqEntry))]
[JsonSerializable(typeof(FaqSearchContract))]
[JsonSerializable(typeof(SynonymData))]
public sealed partial class KnowledgeJsonContext : JsonSerializerContext;
