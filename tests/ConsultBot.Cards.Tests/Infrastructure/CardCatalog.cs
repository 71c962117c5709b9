namespace ConsultBot.Cards.Tests.Infrastructure;

/// <summary>One template rendered in one locale with its sample data.</summary>
/// <param name="Id">"name/pl", "_samples/name/en", …; stable test case name.</param>
/// <param name="Problem">Why the case cannot run (missing sample or texts), reported as the failure.</param>
internal sealed record CardCase(string Id, string TemplatesDir, string CardName, string Locale, string? SampleFile, string? Problem);

/// <summary>Discovers every template at test time: cards/*.json and cards/_samples/*.json.</summary>
internal static class CardCatalog
{
    public static IReadOnlyList<CardCase> All() => [.. Discover(RepoPaths.Cards, string.Empty), .. Discover(RepoPaths.SampleCards, "_samples/")];

    public static IEnumerable<string> TemplateNames(string dir) =>
        Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.json")
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(f => !f.EndsWith(".texts.json", StringComparison.Ordinal))
                .Select(f => f[..^".json".Length])
                .Order(StringComparer.Ordinal)
            : [];

    private static IEnumerable<CardCase> Discover(string dir, string prefix)
    {
        var relDir = Path.GetRelativePath(RepoPaths.Root, dir).Replace('\\', '/');
        foreach (var name in TemplateNames(dir))
        {
            var pl = Path.Combine(dir, "samples", $"{name}.pl.json");
            var en = Path.Combine(dir, "samples", $"{name}.en.json");
            string? problem = null;
            if (!File.Exists(Path.Combine(dir, $"{name}.texts.json")))
            {
                problem = $"add {relDir}/{name}.texts.json ({{\"pl\": {{...}}, \"en\": {{...}}}} with the same keys)";
            }
            else if (!File.Exists(pl))
            {
                problem = $"add {relDir}/samples/{name}.pl.json (sample data for the differential test)";
            }

            yield return new CardCase($"{prefix}{name}/pl", dir, name, "pl", File.Exists(pl) ? pl : null, problem);
            // English texts are always exercised: with the en sample if there is one, else the pl data.
            yield return new CardCase($"{prefix}{name}/en", dir, name, "en", File.Exists(en) ? en : File.Exists(pl) ? pl : null, problem);
        }
    }
}
