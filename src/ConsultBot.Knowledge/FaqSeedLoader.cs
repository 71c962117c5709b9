using System.Reflection;
using System.Text.Json;

namespace ConsultBot.Knowledge;

/// <summary>Reads the versioned seed file shipped with the assembly (or any file of the same shape).</summary>
public static class FaqSeedLoader
{
    internal const string ResourcePrefix = "ConsultBot.Knowledge.Content.";
    public const string SeedResourceName = ResourcePrefix + "faq.pl-en.json";

    /// <summary>The seed compiled into this assembly (<c>Content/faq.pl-en.json</c>).</summary>
    public static FaqSeedDocument LoadEmbedded()
    {
        using var stream = OpenResource("faq.pl-en.json");
        return Load(stream);
    }

    public static FaqSeedDocument Load(Stream utf8Json)
    {
        var document = JsonSerializer.Deserialize(utf8Json, KnowledgeJsonContext.Default.FaqSeedDocument)
            ?? throw new InvalidDataException("The FAQ seed file is empty.");
        var problems = Validate(document.Entries);
        if (problems.Count > 0)
        {
            throw new InvalidDataException("The FAQ seed file is invalid: " + string.Join("; ", problems.Take(10)));
        }

        return document;
    }

    public static FaqSeedDocument LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Structural checks shared by the loader and the content tests (ids, phrasings, related links).</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<FaqEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var problems = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (string.IsNullOrWhiteSpace(e.Id) || !ids.Add(e.Id))
            {
                problems.Add($"missing or duplicate id '{e.Id}'");
            }

            if (string.IsNullOrWhiteSpace(e.Question) || string.IsNullOrWhiteSpace(e.Answer))
            {
                problems.Add($"{e.Id}: empty question or answer");
            }

            if (e.Alternatives.Count < 3)
            {
                problems.Add($"{e.Id}: fewer than 3 alternative phrasings");
            }

            if (e.Answer.Contains('<', StringComparison.Ordinal))
            {
                problems.Add($"{e.Id}: answer contains HTML");
            }
        }

        foreach (var e in entries)
        {
            foreach (var r in e.Related)
            {
                if (!ids.Contains(r) || r == e.Id)
                {
                    problems.Add($"{e.Id}: related id '{r}' is unknown or self");
                }
            }
        }

        return problems;
    }

    internal static Stream OpenResource(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new FileNotFoundException($"Embedded resource '{ResourcePrefix + name}' is missing.");
}
