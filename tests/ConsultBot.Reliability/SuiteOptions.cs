using System.Globalization;

namespace ConsultBot.Reliability;

/// <summary>How long and how hard each scenario runs: <c>--fast</c> (the CI test) or the full run.</summary>
public sealed record SuiteOptions(bool Fast, string RepoRoot, string ReportPath, string? Postgres)
{
    /// <summary>Conversations parked at each question before a kill.</summary>
    public int Parked => Fast ? 8 : 24;

    /// <summary>Workers that keep dialogs moving during a fault.</summary>
    public int Workers => Fast ? 4 : 16;

    /// <summary>SIGKILLs of the dialog scenario.</summary>
    public int Kills => Fast ? 1 : 3;

    public TimeSpan LoadBeforeKill => Fast ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);

    public int Tickets => Fast ? 4 : 16;

    public TimeSpan StoreOutage => Fast ? TimeSpan.FromSeconds(6) : TimeSpan.FromSeconds(30);

    public int Floods => Fast ? 80 : 400;

    public string HostDll => Path.Combine(RepoRoot, "src", "ConsultBot.Host", "bin", "Release", "net10.0", "ConsultBot.Host.dll");

    public static SuiteOptions Parse(string[] args, string repoRoot)
    {
        ArgumentNullException.ThrowIfNull(args);
        var fast = args.Contains("--fast", StringComparer.Ordinal);
        var report = Path.Combine(repoRoot, "artifacts", "reliability.md");
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--report")
            {
                report = Path.GetFullPath(args[i + 1]);
            }
        }

        var postgres = Environment.GetEnvironmentVariable("CONSULTBOT_TEST_POSTGRES");
        return new SuiteOptions(fast, repoRoot, report, string.IsNullOrWhiteSpace(postgres) ? null : postgres);
    }

    public static string FindRepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ConsultBot.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("ConsultBot.sln not found above " + AppContext.BaseDirectory);
        }

        return dir;
    }

    internal static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
}
