using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsultBot.Knowledge.Tests.Evaluation;

internal sealed record EvalQuery(
    [property: JsonPropertyName("q")] string Q,
    [property: JsonPropertyName("expected")] string? Expected,
    [property: JsonPropertyName("slice")] string Slice)
{
    [JsonIgnore]
    public string Split { get; set; } = "dev";
}

internal sealed record EvalSet(
    [property: JsonPropertyName("queries")] IReadOnlyList<EvalQuery> Queries,
    [property: JsonPropertyName("outOfDomain")] IReadOnlyList<EvalQuery> OutOfDomain)
{
    public static EvalSet Load()
    {
        using var stream = File.OpenRead(Path.Combine(RepoPaths.TestProject, "Evaluation", "eval-set.json"));
        var set = JsonSerializer.Deserialize<EvalSet>(stream) ?? throw new InvalidDataException("eval-set.json is empty");
        // Entry-stratified split: alternate each entry's queries between dev and test.
        foreach (var group in set.Queries.GroupBy(q => q.Expected))
        {
            var i = 0;
            foreach (var q in group)
            {
                q.Split = i++ % 2 == 0 ? "dev" : "test";
            }
        }

        for (var i = 0; i < set.OutOfDomain.Count; i++)
        {
            set.OutOfDomain[i].Split = i % 2 == 0 ? "dev" : "test";
        }

        return set;
    }
}
