using System.Text.Json.Nodes;
using ConsultBot.Cards.Tests.Infrastructure;

namespace ConsultBot.Cards.Tests.Differential;

/// <summary>
/// For every template in cards/ and cards/_samples/ (discovered at test time) and each locale: the C#
/// engine and npm adaptivecards-templating produce the same JSON, and the C# card passes the adaptivecards
/// parser/validator with no events, version ≤ 1.5, under 28 KB.
/// </summary>
public sealed class CardDifferentialTests(CardDifferentialFixture fixture) : IClassFixture<CardDifferentialFixture>
{
    public static TheoryData<string> Cases => [.. CardCatalog.All().Select(c => c.Id)];

    [Fact]
    public void Catalog_finds_the_engine_sample_templates() =>
        Assert.Contains(CardCatalog.All(), c => c.Id.StartsWith("_samples/", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Card_renders_like_npm_and_validates(string id)
    {
        var r = fixture.Get(id);
        Assert.True(r.Case.Problem is null, $"{id}: {r.Case.Problem}");
        Assert.True(r.CSharpError is null, $"{id}: C# rendering failed: {r.CSharpError}");
        Assert.True(fixture.NodeError is null, $"Node scripts failed: {fixture.NodeError}");
        Assert.True(r.NpmRan, $"{id}: npm did not expand the card");
        Assert.True(r.NpmError is null, $"{id}: npm adaptivecards-templating failed: {r.NpmError}");

        var diff = JsonCompare.FirstDifference(r.Npm, r.CSharp);
        Assert.True(diff is null, $"{id}: C# and npm expansions differ at {diff}");

        var v = r.Validation ?? throw new InvalidOperationException($"{id}: no validation result");
        var events = v["parse"]!.AsArray().Concat(v["validation"]!.AsArray()).Select(e => (string?)e).ToList();
        Assert.True(events.Count == 0, $"{id}: adaptivecards reported: {string.Join("; ", events)}");
        Assert.True((bool)v["versionOk"]!, $"{id}: card version must be ≤ 1.5, is {v["version"]?.ToJsonString()}");
        Assert.True((bool)v["sizeOk"]!, $"{id}: card is {v["bytes"]} bytes (UTF-8), must be < 28 KB");
        Assert.True(CardSize.Utf8Bytes(r.CSharp!) < CardOptions.DefaultMaxCardBytes, $"{id}: {CardSize.Utf8Bytes(r.CSharp!)} wire bytes");
        var json = r.CSharp!.ToJsonString();
        Assert.True(!json.Contains("${", StringComparison.Ordinal), $"{id}: unresolved binding (a missing path is left as ${{path}}): {json}");
    }
}
