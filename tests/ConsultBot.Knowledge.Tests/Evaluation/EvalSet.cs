using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsultBot.Knowledge.Tests.Evaluation;

internal sealed record EvalQuery(
    [property: JsonPropertyName("q")] string Q,
    [property: JsonPropertyName("expected")] string? Expected,
    [property: JsonPropertyName("slice")] string Slice)
{
    /// <summary>Other entries that answer a genuinely ambiguous question just as well (eval-set-2 only, used sparingly).</summary>
    [JsonPropertyName("also")]
    public IReadOnlyList<string>? Also { get; init; }

    /// <summary>The asker's language (dev-set.json); the older sets are searched with the Polish locale.</summary>
    [JsonPropertyName("lang")]
    public string? Lang { get; init; }

    [JsonIgnore]
    public string Split { get; set; } = "dev";

    public bool IsCorrect(string? id) => id is not null && Expected is not null && (id == Expected || (Also?.Contains(id) ?? false));
}

internal sealed record EvalSet(
    [property: JsonPropertyName("queries")] IReadOnlyList<EvalQuery> Queries,
    [property: JsonPropertyName("outOfDomain")] IReadOnlyList<EvalQuery> OutOfDomain)
{
    /// <summary>The first set, written with the KB (tuning: dev split).</summary>
    public const string First = "eval-set.json";

    /// <summary>The held-out set written before the second tuning round (tuning: dev split only).</summary>
    public const string Second = "eval-set-2.json";

    /// <summary>The development set of session 5, written blind from the seed (tuning happens on it as a whole; the frozen blind set is only measured).</summary>
    public const string Dev = "dev-set.json";

    [JsonIgnore]
    public string Name { get; init; } = First;

    public static EvalSet Load(string file = First)
    {
        using var stream = File.OpenRead(Path.Combine(RepoPaths.TestProject, "Evaluation", file));
        var set = (JsonSerializer.Deserialize<EvalSet>(stream) ?? throw new InvalidDataException($"{file} is empty")) with { Name = file };
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
