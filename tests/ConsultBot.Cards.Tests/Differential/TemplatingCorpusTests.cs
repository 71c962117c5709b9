using System.Text.Json.Nodes;
using ConsultBot.Cards.Templating;
using ConsultBot.Cards.Tests.Infrastructure;

namespace ConsultBot.Cards.Tests.Differential;

/// <summary>
/// Expression-level differential test: a corpus of small templates (Corpus/templating-corpus.json:
/// paths, missing values, every supported function, operators, $when/$data quirks, error cases) is
/// expanded by the C# engine and by npm in one batch. Where npm throws, C# must throw too; cases
/// marked csharpRejects use syntax we deliberately do not support and must fail at parse time.
/// </summary>
public sealed class TemplatingCorpusTests(TemplatingCorpusTests.Fixture fixture) : IClassFixture<TemplatingCorpusTests.Fixture>
{
    public static TheoryData<string> Cases => [.. Fixture.LoadCases().Select(c => (string)c["name"]!)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Csharp_engine_matches_npm(string name)
    {
        Assert.True(fixture.NodeError is null, fixture.NodeError);
        var c = fixture.Case(name);
        var npm = fixture.Npm(name);
        var rejects = (bool?)c["csharpRejects"] == true;
        CardTemplate template;
        try
        {
            template = CardTemplate.Parse(c["template"]);
        }
        catch (CardTemplateException ex)
        {
            Assert.True(rejects || !(bool)npm["ok"]!, $"C# rejected a template npm accepts: {ex.Message}; npm gave {npm["card"]?.ToJsonString()}");
            return;
        }

        Assert.False(rejects, "template uses unsupported syntax and should have been rejected at parse time");
        JsonNode? actual;
        try
        {
            actual = template.Expand(c["data"] ?? fixture.Data);
        }
        catch (CardTemplateException ex)
        {
            Assert.True(!(bool)npm["ok"]!, $"C# threw ({ex.Message}) but npm produced {npm["card"]?.ToJsonString()}");
            return;
        }

        Assert.True((bool)npm["ok"]!, $"npm threw ({npm["error"]}) but C# produced {actual?.ToJsonString()}");
        var diff = JsonCompare.FirstDifference(npm["card"], actual);
        Assert.True(diff is null, $"differs at {diff}");
    }

    public sealed class Fixture
    {
        private readonly Dictionary<string, JsonObject> _cases;
        private readonly Dictionary<string, JsonObject> _npm = new(StringComparer.Ordinal);

        public Fixture()
        {
            var doc = Load();
            Data = doc["data"]!;
            _cases = LoadCases().ToDictionary(c => (string)c["name"]!, StringComparer.Ordinal);
            try
            {
                var input = new JsonArray([.. _cases.Values.Select(c => new JsonObject
                {
                    ["name"] = c["name"]!.DeepClone(),
                    ["template"] = c["template"]?.DeepClone(),
                    ["data"] = (c["data"] ?? Data).DeepClone(),
                })]);
                foreach (var r in NodeRunner.RunScript("expand.js", input).AsArray())
                {
                    _npm[(string)r!["name"]!] = r.AsObject();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                NodeError = ex.ToString();
            }
        }

        public JsonNode Data { get; }

        public string? NodeError { get; }

        public JsonObject Case(string name) => _cases[name];

        public JsonObject Npm(string name) => _npm[name];

        internal static IEnumerable<JsonObject> LoadCases() => Load()["cases"]!.AsArray().Select(c => c!.AsObject());

        private static JsonNode Load() =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "templating-corpus.json")))!;
    }
}
