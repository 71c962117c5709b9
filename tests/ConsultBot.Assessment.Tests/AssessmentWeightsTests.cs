using System.Text.RegularExpressions;
using ConsultBot.Assessment.Engine;

namespace ConsultBot.Assessment.Tests;

public sealed partial class AssessmentWeightsTests
{
    [Fact]
    public void Table_has_one_row_per_factor_value_in_catalogue_order()
    {
        var expected = FactorCatalogue.All.SelectMany(static f => f.Options.Select(o => (f.Id, o.Value)));

        Assert.Equal(expected, AssessmentWeights.Rows.Select(static r => (r.Factor, r.Value)));
    }

    [Fact]
    public void Every_non_zero_cell_has_a_reason_text_and_every_text_a_cell()
    {
        var cells = AssessmentWeights.Rows
            .SelectMany(static r => CooperationModels.All.Where(m => r.PointsFor(m) != 0).Select(m => ReasonCatalogue.CodeFor(m, r.Factor, r.Value)))
            .ToHashSet();

        Assert.All(cells, static code => Assert.True(ReasonCatalogue.TryGet(code, out _), $"no text for {code}"));
        Assert.Equal(cells.Order(), ReasonCatalogue.Codes.Order());
    }

    [Fact]
    public void Each_model_gets_three_points_from_its_own_leader()
    {
        foreach (var model in CooperationModels.All)
        {
            var leaderValue = ((LeaderCandidate)(int)CooperationModels.Leader(model)).ToString().ToLowerInvariant();
            Assert.Equal(3, AssessmentWeights.Get(FactorId.LeaderCandidate, leaderValue).PointsFor(model));
        }
    }

    [Fact]
    public void Weights_md_matches_the_table_in_code()
    {
        var markdown = File.ReadAllText(RepoPaths.Combine("src", "ConsultBot.Assessment", "WEIGHTS.md"));
        var section = markdown[markdown.IndexOf("<!-- weights:begin -->", StringComparison.Ordinal)..markdown.IndexOf("<!-- weights:end -->", StringComparison.Ordinal)];
        var documented = TableRow().Matches(section)
            .Select(static m => (m.Groups["f"].Value, m.Groups["v"].Value, int.Parse(m.Groups["s"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["o"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups["fu"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["r"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();

        var inCode = AssessmentWeights.Rows.Select(static r => (FactorCatalogue.Get(r.Factor).Key, r.Value, r.Strategic, r.Operational, r.Functional, r.Relational));

        Assert.Equal(inCode, documented);
    }

    [Fact]
    public void Catalogue_matches_the_contract_ids_and_values_in_order()
    {
        string[][] contract =
        [
            ["migrantScale", "small", "medium", "large"],
            ["migrationNovelty", "new", "established"],
            ["adminCapacity", "limited", "moderate", "strong"],
            ["ngoStrength", "weak", "moderate", "strong"],
            ["communityActivity", "low", "moderate", "high"],
            ["trustLevel", "low", "moderate", "high"],
            ["problemScope", "single-area", "several-areas", "whole-policy"],
            ["timeHorizon", "quick-results", "long-term"],
            ["leaderCandidate", "city", "ngo", "institution", "residents", "unknown"],
        ];

        Assert.Equal(contract.Select(static c => c[0]), FactorCatalogue.Keys);
        foreach (var row in contract)
        {
            Assert.True(FactorCatalogue.TryGet(row[0], out var factor));
            Assert.Equal(row[1..], factor.Values);
            Assert.All(factor.Options, static o => Assert.True(o.Title.Pl.Length > 0 && o.Title.En.Length > 0 && o.Hint.Pl.Length > 0 && o.Hint.En.Length > 0));
        }
    }

    [Fact]
    public void Answers_serialise_to_the_contract_shape()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Answers.FunctionalTextbook, ConsultBot.Assessment.AssessmentJsonContext.Default.AssessmentAnswers);

        Assert.Contains("\"problemScope\":\"single-area\"", json, StringComparison.Ordinal);
        Assert.Contains("\"timeHorizon\":\"quick-results\"", json, StringComparison.Ordinal);
        Assert.Equal(Answers.FunctionalTextbook, System.Text.Json.JsonSerializer.Deserialize(json, ConsultBot.Assessment.AssessmentJsonContext.Default.AssessmentAnswers));
    }

    [GeneratedRegex(@"^\|\s*(?<f>[a-zA-Z]+)\s*\|\s*(?<v>[a-z-]+)\s*\|\s*(?<s>-?\d+)\s*\|\s*(?<o>-?\d+)\s*\|\s*(?<fu>-?\d+)\s*\|\s*(?<r>-?\d+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
