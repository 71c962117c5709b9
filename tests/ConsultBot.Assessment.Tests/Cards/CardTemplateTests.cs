using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsultBot.Assessment.Cards;
using ConsultBot.Cards;

namespace ConsultBot.Assessment.Tests.Cards;

public sealed partial class CardTemplateTests
{
    private const int MaxCardBytes = 28 * 1024;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string, string> CardsAndLocales()
    {
        var data = new TheoryData<string, string>();
        foreach (var card in CardSamples.Names)
        {
            foreach (var locale in CardSamples.Locales)
            {
                data.Add(card, locale);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CardsAndLocales))]
    public void Sample_data_file_matches_what_the_card_builder_produces(string card, string locale)
    {
        // Set UPDATE_CARD_SAMPLES=1 to rewrite the samples after changing a builder or the content.
        var built = CardSamples.Build(card, locale);
        var path = CardSamples.SamplePath(card, locale);
        if (Environment.GetEnvironmentVariable("UPDATE_CARD_SAMPLES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, built.ToJsonString(Indented) + "\n");
        }

        Assert.True(File.Exists(path), $"missing {path}; run with UPDATE_CARD_SAMPLES=1");
        Assert.True(JsonNode.DeepEquals(built, JsonNode.Parse(File.ReadAllText(path))), $"{path} is stale; run with UPDATE_CARD_SAMPLES=1");
    }

    [Theory]
    [MemberData(nameof(CardsAndLocales))]
    public void Card_renders_with_the_csharp_engine_fully_bound_and_small(string card, string locale)
    {
        var rendered = Renderer().Render(card, CardSamples.Build(card, locale), locale);
        var json = rendered.ToJsonString();

        Assert.DoesNotContain("${", json, StringComparison.Ordinal);
        Assert.Equal("1.5", (string?)rendered["version"]);
        Assert.True(Encoding.UTF8.GetByteCount(json) < MaxCardBytes, $"{card}.{locale} is {Encoding.UTF8.GetByteCount(json)} bytes");
        Assert.All(Actions(rendered), static a =>
        {
            Assert.Equal("Action.Execute", (string?)a["type"]);
            Assert.False(string.IsNullOrEmpty((string?)a["verb"]));
            Assert.NotNull(a["data"]);
        });
    }

    [Fact]
    public void Every_verb_on_a_card_is_the_assessments_or_named_as_another_features()
    {
        var known = AssessmentVerbs.Owned.Concat(AssessmentVerbs.Foreign).ToHashSet();
        foreach (var card in CardSamples.Names)
        {
            var template = File.ReadAllText(RepoPaths.Combine("cards", card + ".json"));
            foreach (Match m in VerbPattern().Matches(template))
            {
                Assert.Contains(m.Groups[1].Value, known);
            }
        }
    }

    [Fact]
    public void Texts_have_the_same_keys_in_both_languages_and_cover_every_reference()
    {
        foreach (var card in CardSamples.Names)
        {
            var texts = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("cards", card + ".texts.json")))!.AsObject();
            var pl = texts["pl"]!.AsObject().Select(static p => p.Key).Order().ToArray();
            var en = texts["en"]!.AsObject().Select(static p => p.Key).Order().ToArray();
            Assert.Equal(pl, en);

            var template = File.ReadAllText(RepoPaths.Combine("cards", card + ".json"));
            foreach (Match m in TextReference().Matches(template))
            {
                Assert.Contains(m.Groups[1].Value, pl);
            }
        }
    }

    [Fact]
    public void User_text_is_escaped_before_it_reaches_a_card()
    {
        var data = ConsultBot.Welcome.Cards.WelcomeCards.Personal("[kliknij](https://evil.example) **Anna**", null, ConsultBot.Assessment.Engine.FactorCatalogue.All.Count, 0);
        var json = JsonSerializer.SerializeToNode(data, ConsultBot.Welcome.WelcomeJsonContext.Default.WelcomeCardData)!;

        var rendered = Renderer().Render(ConsultBot.Welcome.Cards.WelcomeCards.Name, json, "pl").ToJsonString();

        Assert.DoesNotContain("[kliknij](https", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("**Anna**", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Npm_templating_gives_the_same_card_and_adaptivecards_finds_no_errors()
    {
        var nodeModules = RepoPaths.Combine("tests", "node", "node_modules");
        var node = FindNode();
        Assert.SkipWhen(node is null || !Directory.Exists(Path.Combine(nodeModules, "adaptivecards-templating")), "node or tests/node/node_modules is missing");

        var pairs = CardSamples.Names.SelectMany(static c => CardSamples.Locales.Select(l => $"{c}.{l}")).ToArray();
        var script = Path.Combine(AppContext.BaseDirectory, "Cards", "expand-and-validate.js");
        var psi = new ProcessStartInfo(node!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { script, RepoPaths.Combine("cards"), nodeModules }.Concat(pairs))
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await stderr);

        var results = JsonNode.Parse(await stdout)!.AsArray();
        Assert.Equal(pairs.Length, results.Count);
        var renderer = Renderer();
        foreach (var result in results)
        {
            var name = (string)result!["name"]!;
            var locale = (string)result["locale"]!;
            Assert.True(result["events"]!.AsArray().Count == 0, $"{name}.{locale}: {result["events"]!.ToJsonString()}");
            Assert.True((int)result["bytes"]! < MaxCardBytes);

            var mine = renderer.Render(name, CardSamples.Build(name, locale), locale);
            Assert.True(JsonNode.DeepEquals(result["expanded"], mine), $"{name}.{locale}: C# and npm templating differ.\nnpm: {result["expanded"]!.ToJsonString()}\nC#:  {mine.ToJsonString()}");
        }
    }

    internal static CardRenderer Renderer() => new(new CardOptions { TemplatesPath = RepoPaths.Combine("cards") });

    private static IEnumerable<JsonObject> Actions(JsonNode node) => node switch
    {
        JsonObject o when ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true =>
            [o, .. o.Where(static p => p.Value is not null).SelectMany(p => Actions(p.Value!))],
        JsonObject o => o.Where(static p => p.Value is not null).SelectMany(p => Actions(p.Value!)),
        JsonArray a => a.Where(static i => i is not null).SelectMany(i => Actions(i!)),
        _ => [],
    };

    private static string? FindNode()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex("\"verb\":\\s*\"([^\"]+)\"")]
    private static partial Regex VerbPattern();

    [GeneratedRegex(@"(?:\$root\.)?\bt\.([A-Za-z0-9]+)")]
    private static partial Regex TextReference();
}
