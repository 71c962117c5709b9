using System.Text.Json.Nodes;
using ConsultBot.Cards.Tests.Infrastructure;

namespace ConsultBot.Cards.Tests.Screenshots;

/// <summary>
/// Renders every template with its Polish sample data through the C# engine and screenshots it with the
/// real adaptivecards renderer in headless Chromium into artifacts/cards/*.png (repository root).
/// Run only these: dotnet test --project tests/ConsultBot.Cards.Tests -- --filter-trait "Category=Screenshots"
/// Skipped when /usr/bin/chromium (or $CHROMIUM) is missing: apt-get install -y chromium.
/// </summary>
public sealed class CardScreenshotTests
{
    [Fact]
    [Trait("Category", "Screenshots")]
    public void Screenshot_all_cards_with_polish_samples()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(chromium), $"no Chromium at {chromium} (apt-get install -y chromium)");

        var input = new JsonArray();
        var renderers = new Dictionary<string, CardRenderer>(StringComparer.Ordinal);
        foreach (var c in CardCatalog.All().Where(c => c.Locale == "pl" && c.Problem is null && c.SampleFile is not null))
        {
            if (!renderers.TryGetValue(c.TemplatesDir, out var renderer))
            {
                renderer = new CardRenderer(new CardOptions { TemplatesPath = c.TemplatesDir, OversizeBehavior = CardOversizeBehavior.Log });
                renderers[c.TemplatesDir] = renderer;
            }

            var name = (c.Id.StartsWith("_samples/", StringComparison.Ordinal) ? "_samples-" : string.Empty) + c.CardName + ".pl";
            input.Add(new JsonObject { ["name"] = name, ["card"] = renderer.Render(c.CardName, JsonNode.Parse(File.ReadAllText(c.SampleFile!)), "pl") });
        }

        var outDir = Path.Combine(RepoPaths.Artifacts, "cards");
        var summary = NodeRunner.RunScript("screenshot.js", input, "--out", outDir).AsArray();
        Assert.Equal(input.Count, summary.Count);
        var problems = summary
            .Where(s => s!["errors"]!.AsArray().Count > 0)
            .Select(s => $"{s!["name"]}: {string.Join("; ", s["errors"]!.AsArray().Select(e => (string?)e))}")
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.All(summary, s => Assert.True(File.Exists((string)s!["png"]!), $"missing {s["png"]}"));
        TestContext.Current.SendDiagnosticMessage($"{summary.Count} screenshots in {outDir}");
    }
}
