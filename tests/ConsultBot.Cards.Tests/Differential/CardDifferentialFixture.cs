using System.Text.Json.Nodes;
using ConsultBot.Cards.Tests.Infrastructure;

namespace ConsultBot.Cards.Tests.Differential;

/// <summary>
/// Renders every card case with the C# engine, then calls Node twice for the whole batch: expand.js
/// (reference expansion with adaptivecards-templating) and validate.js (adaptivecards object model on
/// the C# output). Tests then only look up their case.
/// </summary>
public sealed class CardDifferentialFixture
{
    private readonly Dictionary<string, CaseResult> _results = new(StringComparer.Ordinal);

    public CardDifferentialFixture()
    {
        var cases = CardCatalog.All();
        var renderers = new Dictionary<string, CardRenderer>(StringComparer.Ordinal);
        var expandInput = new JsonArray();
        foreach (var c in cases)
        {
            var result = new CaseResult(c);
            _results[c.Id] = result;
            if (c.Problem is not null || c.SampleFile is null)
            {
                continue;
            }

            try
            {
                if (!renderers.TryGetValue(c.TemplatesDir, out var renderer))
                {
                    // Size is asserted from the validator's report, so render oversize cards instead of throwing.
                    renderer = new CardRenderer(new CardOptions { TemplatesPath = c.TemplatesDir, OversizeBehavior = CardOversizeBehavior.Log });
                    renderers[c.TemplatesDir] = renderer;
                }

                var sample = JsonNode.Parse(File.ReadAllText(c.SampleFile));
                result.Data = renderer.BuildData(c.CardName, sample, c.Locale);
                result.CSharp = renderer.Render(c.CardName, sample, c.Locale);
                expandInput.Add(new JsonObject
                {
                    ["name"] = c.Id,
                    ["template"] = JsonNode.Parse(File.ReadAllText(Path.Combine(c.TemplatesDir, c.CardName + ".json"))),
                    ["data"] = result.Data.DeepClone(),
                });
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                result.CSharpError = ex.ToString();
            }
        }

        try
        {
            foreach (var r in NodeRunner.RunScript("expand.js", expandInput).AsArray())
            {
                var res = _results[(string)r!["name"]!];
                res.NpmRan = true;
                if ((bool)r["ok"]!)
                {
                    res.Npm = r["card"]?.DeepClone();
                }
                else
                {
                    res.NpmError = (string?)r["error"];
                }
            }

            var validateInput = new JsonArray([.. _results.Values.Where(r => r.CSharp is not null)
                .Select(r => new JsonObject { ["name"] = r.Case.Id, ["card"] = r.CSharp!.DeepClone() })]);
            foreach (var v in NodeRunner.RunScript("validate.js", validateInput).AsArray())
            {
                _results[(string)v!["name"]!].Validation = v.AsObject();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            NodeError = ex.ToString();
        }
    }

    public string? NodeError { get; }

    internal CaseResult Get(string id) => _results[id];

    internal sealed class CaseResult(CardCase c)
    {
        public CardCase Case { get; } = c;

        public JsonObject? Data { get; set; }

        public JsonObject? CSharp { get; set; }

        public string? CSharpError { get; set; }

        public bool NpmRan { get; set; }

        public JsonNode? Npm { get; set; }

        public string? NpmError { get; set; }

        public JsonObject? Validation { get; set; }
    }
}
