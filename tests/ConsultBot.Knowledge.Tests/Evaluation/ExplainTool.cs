using System.Globalization;
using System.Text;
using ConsultBot.Knowledge.Analysis;
using ConsultBot.Knowledge.Search;

namespace ConsultBot.Knowledge.Tests.Evaluation;

/// <summary>
/// Error-analysis helper: for each line of the file in <c>CONSULTBOT_EXPLAIN</c>, prints the analyzed terms per word and the top hits.
/// <c>CONSULTBOT_EXPLAIN=/tmp/q.txt dotnet test --project tests/ConsultBot.Knowledge.Tests -- --filter-trait "Category=Explain"</c>.
/// </summary>
public sealed class ExplainTool(LanguageDataFixture fixture, ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Explain")]
    public void Explain_queries()
    {
        var file = Environment.GetEnvironmentVariable("CONSULTBOT_EXPLAIN");
        Assert.SkipWhen(string.IsNullOrEmpty(file), "Set CONSULTBOT_EXPLAIN to a file with one query a line.");
        using var engine = new FaqSearchEngine(fixture.Data, fixture.Seed.Entries);
        using var analyzer = new PolishAnalyzer(fixture.Data);
        var sb = new StringBuilder();
        foreach (var line in File.ReadAllLines(file!).Where(l => l.Trim().Length > 0))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"## {line}");
            foreach (var g in TokenText.Analyze(analyzer, FaqIndex.FieldQuestion, line).GroupBy(t => t.Start))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"   {line[g.Key..g.Max(t => t.End)]} -> {string.Join(' ', g.Select(t => t.Term).Distinct())}");
            }

            sb.AppendLine(CultureInfo.InvariantCulture, $"   {engine.Explain(line)}");
            var ranked = engine.Rank(line, "pl", 5);
            var response = engine.Decide(ranked, 5);
            sb.AppendLine(CultureInfo.InvariantCulture, $"   => {response.Decision} {string.Join(", ", response.Results.Select(r => $"{r.Id}:{r.Confidence:F2}"))}");
            foreach (var h in ranked.Hits.Take(4))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"   {h.Entry.Id} score {h.Score:F2} cov {h.Coverage:F2}");
            }
        }

        File.WriteAllText(file + ".out", sb.ToString());
        output.WriteLine(sb.ToString());
    }
}
