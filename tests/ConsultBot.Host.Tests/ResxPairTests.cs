using System.Xml.Linq;

namespace ConsultBot.Host.Tests;

/// <summary>
/// Every user-facing text exists in Polish and in English: for each resx pair in src/ (X.resx is Polish, X.en.resx
/// English), the same keys, none empty. Code reads keys through the generated classes (nameof), so a key the code
/// uses but the resx lacks does not compile; this test closes the other gap, a text written in one language only.
/// </summary>
public sealed class ResxPairTests
{
    public static TheoryData<string> Pairs()
    {
        var data = new TheoryData<string>();
        foreach (var polish in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.resx", SearchOption.AllDirectories)
                     .Where(p => !p.EndsWith(".en.resx", StringComparison.Ordinal) && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot(), polish));
        }

        return data;
    }

    [Fact]
    public void Every_feature_with_texts_has_a_resx_pair()
    {
        var names = Pairs().Select(p => Path.GetFileName((string)p.Data)).ToArray();
        Assert.Equal(
            ["AdminStrings.resx", "AssessmentStrings.resx", "DialogStrings.resx", "HandoffStrings.resx", "HostStrings.resx", "KnowledgeStrings.resx", "PrivacyStrings.resx", "WelcomeStrings.resx", "WorkshopStrings.resx"],
            names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_text_exists_in_Polish_and_English(string polishPath)
    {
        var polish = Texts(Path.Combine(RepositoryRoot(), polishPath));
        var englishPath = Path.Combine(RepositoryRoot(), polishPath[..^".resx".Length] + ".en.resx");
        Assert.True(File.Exists(englishPath), $"{polishPath} has no English twin (.en.resx).");
        var english = Texts(englishPath);

        Assert.Empty(polish.Keys.Except(english.Keys).Select(k => $"{k}: only in Polish"));
        Assert.Empty(english.Keys.Except(polish.Keys).Select(k => $"{k}: only in English"));
        Assert.Empty(polish.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => $"{kv.Key}: empty in Polish"));
        Assert.Empty(english.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => $"{kv.Key}: empty in English"));
    }

    private static Dictionary<string, string> Texts(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty, StringComparer.Ordinal);

    // Not [CallerFilePath]: CI builds map source paths to "/_/", so the repository is found from the test binaries.
    private static string RepositoryRoot() => Playground.PlaygroundPaths.Root;
}
