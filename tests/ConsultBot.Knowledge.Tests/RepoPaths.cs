namespace ConsultBot.Knowledge.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Content => Path.Combine(Root, "src", "ConsultBot.Knowledge", "Content");

    public static string TestProject => Path.Combine(Root, "tests", "ConsultBot.Knowledge.Tests");

    public static string Artifacts
    {
        get
        {
            var dir = Path.Combine(Root, "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConsultBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root (ConsultBot.sln) not found.");
    }
}
