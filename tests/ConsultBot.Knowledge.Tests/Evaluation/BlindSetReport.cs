using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsultBot.Knowledge.Search;

namespace ConsultBot.Knowledge.Tests.Evaluation;

/// <summary>
/// The frozen blind set (issue 13), measured in process with the same rules as <c>blind/measure.py</c> over the API.
/// It prints aggregates only, never a single question: the set is for measuring, not for tuning.
/// Run: <c>dotnet test --project tests/ConsultBot.Knowledge.Tests -c Release -- --filter-class '*BlindSetReport*'</c>.
/// </summary>
public sealed class BlindSetReport(LanguageDataFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Blind_set_aggregates_are_reported_without_single_questions()
    {
        var dir = Path.Combine(RepoPaths.TestProject, "Evaluation", "blind");
        using var items = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "blind-set.json")));
        using var labels = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "labels.json")));
        var blind = labels.RootElement.GetProperty("blind");
        using var engine = new FaqSearchEngine(fixture.Data, fixture.Seed.Entries);
        var stats = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string key, bool value) => Add2(key, value ? 1 : 0);
        void Add2(string key, double value)
        {
            if (!stats.TryGetValue(key, out var list))
            {
                stats[key] = list = [];
            }

            list.Add(value);
        }

        foreach (var item in items.RootElement.EnumerateArray())
        {
            var id = item.GetProperty("id").GetString()!;
            var kind = item.GetProperty("kind").GetString()!;
            var style = item.GetProperty("style").GetString()!;
            var expected = blind.GetProperty(id).TryGetProperty("expected", out var e) ? e.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
            var response = engine.Search(item.GetProperty("text").GetString()!, item.GetProperty("lang").GetString()!, 5);
            var ids = response.Results.Select(r => r.Id).ToList();
            if (kind == "in-domain" && expected.Count > 0)
            {
                var top = ids.FirstOrDefault();
                var right = response.Decision == FaqDecision.Answer && top is not null && expected.Contains(top);
                Add("in:answered_right@1", right);
                var rank = ids.Take(5).ToList().FindIndex(expected.Contains);
                Add2("in:mrr5", rank < 0 ? 0 : 1.0 / (rank + 1));
                Add("in:false_confident", response.Decision == FaqDecision.Answer && (top is null || !expected.Contains(top)));
                Add("style:" + style, right);
                // Where the misses come from, in aggregate: the ranking (right entry first?) or the decision on it.
                var rankedTop = engine.Rank(item.GetProperty("text").GetString()!, item.GetProperty("lang").GetString()!, 5).Hits.FirstOrDefault()?.Entry.Id;
                var rankedRight = rankedTop is not null && expected.Contains(rankedTop);
                Add("diag:ranked_right@1", rankedRight);
                Add("diag:ranked_right@1:" + style, rankedRight);
                if (rankedRight)
                {
                    Add("diag:right_first_but_suggest", response.Decision == FaqDecision.Suggest);
                    Add("diag:right_first_but_none", response.Decision == FaqDecision.None);
                }
                else
                {
                    Add("diag:wrong_first_answered", response.Decision == FaqDecision.Answer);
                }
            }
            else if (kind is "near-domain" or "out-of-domain")
            {
                Add(kind + ":rejected", response.Decision != FaqDecision.Answer);
            }
        }

        var text = new StringBuilder("# Blind set (aggregates only)\n\n| Metric | Value | n |\n|---|---|---|\n");
        foreach (var (key, values) in stats)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {values.Average():F3} | {values.Count} |");
        }

        File.WriteAllText(Path.Combine(RepoPaths.Artifacts, "knowledge-blind-report.md"), text.ToString());
        output.WriteLine(text.ToString());
        Assert.NotEmpty(stats);
    }
}
