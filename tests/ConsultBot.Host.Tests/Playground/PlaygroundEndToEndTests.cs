using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace ConsultBot.Host.Tests.Playground;

/// <summary>
/// The real client: the Microsoft 365 Agents Playground (npm, pinned in tests/node) is the connector and
/// the Teams-like web UI, driven in headless Debian Chromium by tests/node/playground/ui-scenario.cjs
/// against the real host on Kestrel (SQLite). Screenshots land in artifacts/playground/.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class PlaygroundEndToEndTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(150);

    [Fact(Timeout = 300_000)]
    public Task Consultbot_scenario_passes_in_the_real_playground_ui() => RunScenarioAsync("consultbot", shotsFolder: null, TestContext.Current.CancellationToken);

    /// <summary>Issue 13: an elliptical follow-up answered in context, and a question typed at assessment question 2/9
    /// answered from the FAQ before the question is asked again.</summary>
    [Fact(Timeout = 300_000)]
    public Task Follow_up_and_digression_scenario_passes_in_the_real_playground_ui() => RunScenarioAsync("follow-up-and-digression", "follow-up-and-digression", TestContext.Current.CancellationToken);

    /// <summary>Issue 16: start the self-check, answer three questions, open an entry; each answer explained, the score kept.</summary>
    [Fact(Timeout = 300_000)]
    public Task Workshop_quiz_scenario_passes_in_the_real_playground_ui() => RunScenarioAsync("workshop-quiz", "workshop-quiz", TestContext.Current.CancellationToken);

    /// <summary>Issue 16: the partner poll in the Playground's group chat, two members voting, a stranger's close refused.</summary>
    [Fact(Timeout = 300_000)]
    public Task Workshop_poll_scenario_passes_in_the_real_playground_ui() => RunScenarioAsync("workshop-poll", "workshop-poll", TestContext.Current.CancellationToken);

    /// <param name="shotsFolder">A subfolder of artifacts/playground for this scenario's screenshots, or null for the folder itself.</param>
    private async Task RunScenarioAsync(string scenarioName, string? shotsFolder, CancellationToken ct)
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } custom ? custom : Chromium;
        Assert.True(File.Exists(chromium),
            $"No Chromium at {chromium}: this end-to-end test drives the Agents Playground in headless Debian Chromium. " +
            "Install it (apt-get install -y chromium; the CI script does) or set CHROMIUM to another Chromium binary.");

        var root = PlaygroundPaths.Root;
        var nodeDir = Path.Combine(root, "tests", "node");
        var scripts = Path.Combine(nodeDir, "playground");
        var scenario = Path.Combine(scripts, "scenarios", scenarioName + ".json");
        var shots = shotsFolder is null ? Path.Combine(root, "artifacts", "playground") : Path.Combine(root, "artifacts", "playground", shotsFolder);
        PrepareShots(shots);
        await EnsureNodeModulesAsync(nodeDir, ct);

        var clock = Stopwatch.StartNew();
        // Fresh SQLite file, Kestrel on 127.0.0.1. The Playground is the connector here: the bot replies to the
        // serviceUrl its activities carry (http://127.0.0.1:<playground port>/_connector), not to the FakeConnector.
        await using var bot = await TestBotHost.StartAsync(ct);
        output.WriteLine($"bot listening at {bot.BaseAddress} ({clock.ElapsedMilliseconds} ms)");

        var runDir = Path.Combine(Path.GetTempPath(), "consultbot-playground", Guid.NewGuid().ToString("N"));
        using var playground = Start("node", scripts, [Path.Combine(scripts, "run-playground.cjs"),
            "--bot", bot.MessagesEndpoint.ToString(), "--run-dir", runDir, "--until-stdin-closes"]);
        var playgroundErr = new StringBuilder();
        playground.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (playgroundErr) { playgroundErr.AppendLine(e.Data); } } };
        playground.BeginErrorReadLine();
        try
        {
            var url = await WaitForReadyAsync(playground, playgroundErr, ct);
            output.WriteLine($"playground up at {url} ({clock.ElapsedMilliseconds} ms), logs in {runDir}");

            var (code, log) = await RunAsync("node", scripts, [Path.Combine(scripts, "ui-scenario.cjs"), scenario,
                "--pg-url", url, "--shots", shots, "--debug-log", Path.Combine(runDir, "playground-debug.log")], ScenarioTimeout, ct);
            output.WriteLine(log);
            output.WriteLine($"total {clock.ElapsedMilliseconds} ms; screenshots in {shots}");
            await File.WriteAllTextAsync(Path.Combine(shots, "ui-scenario.log"), log, ct);
            Assert.True(code == 0, $"ui-scenario.cjs exited with {code} (screenshots in {shots}):\n{log}");
        }
        finally
        {
            await StopAsync(playground);
            lock (playgroundErr)
            {
                output.WriteLine(playgroundErr.ToString());
            }

            // Every activity the Playground exchanged with the bot: kept next to the screenshots.
            foreach (var logFile in new[] { "playground-debug.log", "playground.log" })
            {
                var source = Path.Combine(runDir, logFile);
                if (File.Exists(source))
                {
                    File.Copy(source, Path.Combine(shots, logFile), overwrite: true);
                }
            }

            TryDelete(runDir);
        }
    }

    private static void PrepareShots(string shots)
    {
        Directory.CreateDirectory(shots);
        foreach (var old in Directory.EnumerateFiles(shots).Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".log", StringComparison.Ordinal)))
        {
            File.Delete(old); // stale screenshots of an earlier run must not pass for this one's
        }
    }

    /// <summary>CI has a clean clone: install the pinned packages (npm ci) when they are missing.</summary>
    private async Task EnsureNodeModulesAsync(string nodeDir, CancellationToken ct)
    {
        string[] markers =
        [
            Path.Combine(nodeDir, "node_modules", "@microsoft", "m365agentsplayground", "cli.js"),
            Path.Combine(nodeDir, "node_modules", "playwright-core", "package.json"),
        ];
        if (markers.All(File.Exists))
        {
            return;
        }

        output.WriteLine($"npm ci in {nodeDir}");
        var (code, log) = await RunAsync("npm", nodeDir, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(10), ct);
        Assert.True(code == 0, $"npm ci in {nodeDir} failed ({code}):\n{log}");
    }

    private static Process Start(string file, string workDir, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workDir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["LANG"] = "C.UTF-8";
        return Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
    }

    /// <summary>Reads run-playground.cjs's stdout until its <c>PLAYGROUND_READY {json}</c> line.</summary>
    private static async Task<string> WaitForReadyAsync(Process playground, StringBuilder stderr, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            while (await playground.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                const string Ready = "PLAYGROUND_READY ";
                if (line.StartsWith(Ready, StringComparison.Ordinal))
                {
                    return (string)JsonNode.Parse(line[Ready.Length..])!["url"]!;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"The Playground did not become ready within {ReadyTimeout.TotalSeconds} s:\n{Snapshot(stderr)}");
        }

        await playground.WaitForExitAsync(ct);
        Assert.Fail($"run-playground.cjs exited with {playground.ExitCode} before the Playground was ready:\n{Snapshot(stderr)}");
        return string.Empty;
    }

    private static string Snapshot(StringBuilder sb)
    {
        lock (sb)
        {
            return sb.ToString();
        }
    }

    /// <summary>Closing stdin makes run-playground.cjs stop the Playground; the tree is killed if it lingers.</summary>
    private static async Task StopAsync(Process playground)
    {
        try
        {
            playground.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        try
        {
            await playground.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            playground.Kill(entireProcessTree: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string workDir, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct)
    {
        using var process = Start(file, workDir, args);
        process.StandardInput.Close();
        var all = new StringBuilder();
        void Append(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (all)
                {
                    all.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (-1, $"{file} did not finish within {timeout.TotalSeconds} s; killed.\n{Snapshot(all)}");
        }

        process.WaitForExit(); // flush the asynchronous output readers
        return (process.ExitCode, Snapshot(all));
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort.
        }
    }
}

/// <summary>The repository root: the first folder above the test binaries holding ConsultBot.sln.</summary>
internal static class PlaygroundPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConsultBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (ConsultBot.sln) not found above " + AppContext.BaseDirectory);
    }
}
