namespace ConsultBot.Cards.Tests.Infrastructure;

/// <summary>Locates the repository from the test binaries (tests read cards/ and tests/node/ in place).</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConsultBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"ConsultBot.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootLazy.Value;

    public static string Cards => Path.Combine(Root, "cards");

    public static string SampleCards => Path.Combine(Cards, "_samples");

    public static string NodeDir => Path.Combine(Root, "tests", "node");

    public static string NodeCardsScripts => Path.Combine(NodeDir, "cards");

    public static string Artifacts => Path.Combine(Root, "artifacts");
}
