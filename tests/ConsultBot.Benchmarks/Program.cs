using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Benchmarks;
using ConsultBot.Testing;

// `serve` is the child-process half (see ServerHandle); everything else drives.
if (args.Length > 0 && args[0] == "serve")
{
    return await BenchServer.ServeAsync();
}

if (args.Length > 0 && args[0] == "serve-floor")
{
    return await FloorServer.ServeAsync();
}

if (args.Contains("--suite"))
{
    var suite = SuiteArguments.Parse(args);
    if (suite is null)
    {
        Console.Error.WriteLine(BenchOptions.Usage);
        return 2;
    }

    using var suiteCancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        suiteCancel.Cancel();
    };
    return await Suite.RunAsync(suite, suiteCancel.Token);
}

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await new BenchmarkRun(options).RunAsync(cancel.Token);

namespace ConsultBot.Benchmarks
{
    /// <summary>Command line: scenarios, duration, connections, where to write.</summary>
    internal sealed record BenchOptions(
        IReadOnlyList<string> Scenarios, TimeSpan Duration, TimeSpan Warmup, IReadOnlyList<int>? Connections, bool InProcess,
        string OutputDirectory, int StartupRuns, TimeSpan GcDuration, Dictionary<string, string> ServerEnvironment)
    {
        public static readonly string[] AllScenarios = ["echo", "echo-connector", "state", "dialog", "wrk", "startup", "profile", "gc"];

        public const string Usage = """
            dotnet run -c Release --project tests/ConsultBot.Benchmarks -- [scenario...] [options]
              scenarios: echo echo-connector state dialog wrk startup profile gc (default: all)
              --duration 10s       measured time per run (after --warmup, default 3s)
              --connections 16     one or a comma list (default: echo 1,16,64; the others 16)
              --in-process         run the server in this process instead of a child process
              --startup-runs 5     starts of the Host dll for the startup median
              --gc-duration 5s     measured time per run of the GC/JIT matrix
              --server-env K=V     extra environment for the server child (repeatable)
              --out DIR            default artifacts/benchmarks

            dotnet run -c Release --project tests/ConsultBot.Benchmarks -- --suite full [options]   (or: bash tests/ConsultBot.Benchmarks/run.sh)
              floor, Bot Framework JS peer (tests/bench-peer) and ConsultBot (SQLite; PostgreSQL when CONSULTBOT_TEST_POSTGRES
              is set) on the same request shapes, then the soak; writes docs/benchmarks.md
              --warmup 3s --round 8s --rounds 3 --connections 16 --soak 60s (0 skips it) --report PATH
            """;

        public static BenchOptions? Parse(string[] args)
        {
            var scenarios = new List<string>();
            var duration = TimeSpan.FromSeconds(10);
            var warmup = TimeSpan.FromSeconds(3);
            var gcDuration = TimeSpan.FromSeconds(5);
            List<int>? connections = null;
            var inProcess = false;
            var startupRuns = 5;
            string? output = null;
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--duration": duration = ParseTime(Next()); break;
                    case "--warmup": warmup = ParseTime(Next()); break;
                    case "--gc-duration": gcDuration = ParseTime(Next()); break;
                    case "--connections": connections = [.. Next().Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))]; break;
                    case "--in-process": inProcess = true; break;
                    case "--startup-runs": startupRuns = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--out": output = Next(); break;
                    case "--server-env":
                        var kv = Next().Split('=', 2);
                        env[kv[0]] = kv.Length > 1 ? kv[1] : string.Empty;
                        break;
                    case "all": scenarios.AddRange(AllScenarios); break;
                    case var s when AllScenarios.Contains(s): scenarios.Add(s); break;
                    default: return null;
                }
            }

            output ??= Path.Combine(RepoRoot(), "artifacts", "benchmarks");
            return new BenchOptions(scenarios.Count == 0 ? AllScenarios : scenarios.Distinct().ToList(), duration, warmup, connections, inProcess, output, startupRuns, gcDuration, env);
        }

        public static TimeSpan ParseTime(string text) =>
            text.EndsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture))
            : text.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture))
            : text.EndsWith('m') ? TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture))
            : TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));

        public static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ConsultBot.sln")))
                {
                    return dir.FullName;
                }
            }

            return Directory.GetCurrentDirectory();
        }
    }

    /// <summary>Command line of <c>--suite full</c>.</summary>
    internal static class SuiteArguments
    {
        public static SuiteOptions? Parse(string[] args)
        {
            var warmup = TimeSpan.FromSeconds(3);
            var round = TimeSpan.FromSeconds(8);
            var rounds = 3;
            var connections = 16;
            var soak = TimeSpan.FromSeconds(60);
            var report = Path.Combine(BenchOptions.RepoRoot(), "docs", "benchmarks.md");
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--suite": if (Next() != "full") { return null; } break;
                    case "--warmup": warmup = BenchOptions.ParseTime(Next()); break;
                    case "--round": round = BenchOptions.ParseTime(Next()); break;
                    case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--connections": connections = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--soak": soak = BenchOptions.ParseTime(Next()); break;
                    case "--report": report = Path.GetFullPath(Next()); break;
                    default: return null;
                }
            }

            return new SuiteOptions(warmup, round, rounds, connections, soak, report);
        }
    }

    /// <summary>One measured load run with the server's own counters around it.</summary>
    internal sealed record RunRecord(string Scenario, string Variant, LoadResult Load, JsonObject? Server, double ClientCpuShare, string? Check);

    internal sealed class BenchmarkRun(BenchOptions options)
    {
        private const string EchoText = "hi-from-bench";
        private readonly List<RunRecord> _runs = [];
        private readonly List<StartupRun> _startup = [];
        private readonly List<(string Variant, RunRecord? Echo, RunRecord? State, double StartupMs)> _matrix = [];
        private List<Section>? _profile;
        private long _serverWorkingSetAfterStart;
        private long _serverWorkingSetAfterEcho;

        private static Workload Echo => new("echo", BenchFeature.EchoPrefix + EchoText, ExpectReplies: true, ExpectInBody: "\"" + EchoText + "\"");

        private static Workload EchoConnector => new("echo-connector", BenchFeature.EchoPrefix + EchoText, ExpectReplies: false, ExpectInBody: null);

        private static Workload State => new("state", BenchFeature.CountText, ExpectReplies: true, ExpectInBody: "count ");

        private static Workload DialogStep => new("dialog", BenchFeature.DialogPrefix + "x", ExpectReplies: true, ExpectInBody: null);

        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(options.OutputDirectory);
            Console.WriteLine($"ConsultBot benchmarks: {string.Join(' ', options.Scenarios)}; {options.Duration.TotalSeconds}s per run after {options.Warmup.TotalSeconds}s warm-up; server {(options.InProcess ? "in-process" : "child process")}");
            var loadScenarios = options.Scenarios.Where(s => s is "echo" or "echo-connector" or "state" or "dialog" or "wrk").ToList();
            if (loadScenarios.Count > 0)
            {
                await using var server = await ServerHandle.StartAsync(options.InProcess, options.ServerEnvironment, cancellationToken).ConfigureAwait(false);
                _serverWorkingSetAfterStart = StartupBench.Rss(server.ProcessId);
                Console.WriteLine($"server at {server.Address} (pid {server.ProcessId}), RSS {Mb(_serverWorkingSetAfterStart)}");
                foreach (var scenario in loadScenarios)
                {
                    await RunLoadScenarioAsync(server, scenario, cancellationToken).ConfigureAwait(false);
                }
            }

            if (options.Scenarios.Contains("startup"))
            {
                await RunStartupAsync(cancellationToken).ConfigureAwait(false);
            }

            if (options.Scenarios.Contains("profile"))
            {
                Console.WriteLine("profile (in-process sections):");
                _profile = await Profiler.RunAsync(20_000, cancellationToken).ConfigureAwait(false);
            }

            if (options.Scenarios.Contains("gc"))
            {
                await RunMatrixAsync(cancellationToken).ConfigureAwait(false);
            }

            await Report.WriteAsync(options, _runs, _startup, _matrix, _profile, _serverWorkingSetAfterStart, _serverWorkingSetAfterEcho, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        private IReadOnlyList<int> ConnectionsFor(string scenario) =>
            options.Connections ?? (scenario is "echo" or "wrk" ? [1, 16, 64] : [16]);

        private async Task RunLoadScenarioAsync(ServerHandle server, string scenario, CancellationToken cancellationToken)
        {
            switch (scenario)
            {
                case "echo":
                    foreach (var c in ConnectionsFor(scenario))
                    {
                        _runs.Add(await MeasureAsync(server, Echo, "dotnet", c, options.Duration, null, cancellationToken).ConfigureAwait(false));
                    }

                    _serverWorkingSetAfterEcho = StartupBench.Rss(server.ProcessId);
                    break;
                case "echo-connector":
                    await using (var connector = await FakeConnector.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        foreach (var c in ConnectionsFor(scenario))
                        {
                            _runs.Add(await MeasureAsync(server, EchoConnector, "dotnet", c, options.Duration, connector, cancellationToken).ConfigureAwait(false));
                        }
                    }

                    break;
                case "state":
                    foreach (var c in ConnectionsFor(scenario))
                    {
                        _runs.Add(await MeasureAsync(server, State, "dotnet", c, options.Duration, null, cancellationToken).ConfigureAwait(false));
                    }

                    break;
                case "dialog":
                    foreach (var c in ConnectionsFor(scenario))
                    {
                        _runs.Add(await MeasureAsync(server, DialogStep, "dotnet", c, options.Duration, null, cancellationToken).ConfigureAwait(false));
                    }

                    break;
                case "wrk":
                    if (WrkRunner.Find() is not { } wrk)
                    {
                        Console.WriteLine("wrk not installed (apt-get install wrk): skipped");
                        break;
                    }

                    foreach (var c in ConnectionsFor(scenario))
                    {
                        _runs.Add(await MeasureAsync(server, Echo with { Name = "echo" }, wrk, c, options.Duration, null, cancellationToken).ConfigureAwait(false));
                    }

                    foreach (var c in options.Connections ?? [16])
                    {
                        // wrk keeps several requests of one conversation in flight: counters conflict (ETag) by design.
                        _runs.Add(await MeasureAsync(server, State with { ConversationsPerConnection = 64 }, wrk, c, options.Duration, null, cancellationToken).ConfigureAwait(false));
                    }

                    break;
            }
        }

        private async Task<RunRecord> MeasureAsync(ServerHandle server, Workload workload, string generator, int connections, TimeSpan duration, FakeConnector? connector, CancellationToken cancellationToken, string variant = "default")
        {
            var serviceUrl = connector?.ServiceUrl ?? "http://127.0.0.1:9/";
            var useWrk = generator != "dotnet";

            // Warm-up (JIT tiers, PGO, SQLite statement caches, connection pools), not recorded.
            _ = useWrk
                ? await WrkRunner.RunAsync(generator, server.Address, workload, serviceUrl, connections, options.Warmup, TimeSpan.Zero, options.OutputDirectory, cancellationToken).ConfigureAwait(false)
                : await LoadGenerator.RunAsync(server.Address, workload, serviceUrl, connections, options.Warmup, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            connector?.Reset();
            var before = await server.StatsAsync(cancellationToken).ConfigureAwait(false);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.GetTimestamp();
            var result = useWrk
                ? await WrkRunner.RunAsync(generator, server.Address, workload, serviceUrl, connections, duration, TimeSpan.Zero, options.OutputDirectory, cancellationToken).ConfigureAwait(false)
                : await LoadGenerator.RunAsync(server.Address, workload, serviceUrl, connections, duration, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            var wallSeconds = Stopwatch.GetElapsedTime(wall).TotalSeconds;
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var after = await server.StatsAsync(cancellationToken).ConfigureAwait(false);
            result ??= new LoadResult(useWrk ? "wrk" : "dotnet", connections, 0, 0, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, "no result");

            string? check = null;
            if (connector is not null)
            {
                // Every acknowledged turn must have delivered its reply to the fake connector by now (replies are sent before the 200).
                var delivered = connector.Requests.Count(r => r.Succeeded && r.Route is FakeConnectorRoute.SendToConversation or FakeConnectorRoute.ReplyToActivity && r.Activity?.Text == EchoText);
                check = delivered == result.Ok ? $"all {delivered} replies arrived" : $"MISMATCH: {delivered} replies for {result.Ok} turns";
            }

            var counters = Delta(before, after, server.IsChild);
            var record = new RunRecord(workload.Name, variant, result with { Generator = useWrk ? "wrk" : "dotnet" }, counters,
                server.IsChild && !useWrk ? clientCpu / wallSeconds : double.NaN, check);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {workload.Name,-15} {record.Load.Generator,-6} c={connections,-3} {result.TurnsPerSecond,9:F0}/s  p50 {result.P50:F2}  p90 {result.P90:F2}  p99 {result.P99:F2}  max {result.Max:F1} ms  failed {result.Failed}  alloc/turn {counters["allocPerTurn"]}  cpu µs/turn {counters["cpuMicrosPerTurn"]} {check} {result.FirstError}"));
            return record;
        }

        private static JsonObject Delta(JsonObject before, JsonObject after, bool isolated)
        {
            long L(JsonObject o, string k) => o[k]!.GetValue<long>();
            var turns = Math.Max(1, L(after, "turns") - L(before, "turns"));
            var cpuMs = after["cpuMs"]!.GetValue<double>() - before["cpuMs"]!.GetValue<double>();
            return new JsonObject
            {
                ["turns"] = turns,
                ["allocPerTurn"] = (L(after, "allocatedBytes") - L(before, "allocatedBytes")) / turns,
                ["allocIncludesClient"] = !isolated,
                ["gen0"] = L(after, "gen0") - L(before, "gen0"),
                ["gen1"] = L(after, "gen1") - L(before, "gen1"),
                ["gen2"] = L(after, "gen2") - L(before, "gen2"),
                ["gcPauseMs"] = Math.Round(after["gcPauseMs"]!.GetValue<double>() - before["gcPauseMs"]!.GetValue<double>(), 1),
                ["cpuMicrosPerTurn"] = isolated ? Math.Round(cpuMs * 1000 / turns, 1) : null,
                ["workingSet"] = L(after, "workingSet"),
                ["heapBytes"] = L(after, "heapBytes"),
                ["serverGc"] = after["serverGc"]!.GetValue<bool>(),
                ["threads"] = after["threads"]!.GetValue<int>(),
                ["env"] = after["env"]!.GetValue<string>(),
            };
        }

        private async Task RunStartupAsync(CancellationToken cancellationToken)
        {
            var dll = HostDll();
            Console.WriteLine($"startup: {dll}");
            for (var i = 0; i < options.StartupRuns; i++)
            {
                // The last start also takes a few seconds of product turns, for memory after load.
                var run = await StartupBench.RunOnceAsync(dll, new Dictionary<string, string>(), i == options.StartupRuns - 1 ? TimeSpan.FromSeconds(5) : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                _startup.Add(run);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {i + 1}: ready {run.ReadyMs:F0} ms, RSS {Mb(run.WorkingSetAfterStart)}{(run.LoadTurnsPerSecond > 0 ? $", after 5 s of load {Mb(run.WorkingSetAfterLoad)} ({run.LoadTurnsPerSecond:F0} turns/s)" : string.Empty)}"));
            }
        }

        private static string HostDll()
        {
            var dll = Path.Combine(BenchOptions.RepoRoot(), "src", "ConsultBot.Host", "bin", "Release", "net10.0", "ConsultBot.Host.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the Host in Release first (dotnet run -c Release builds it as a dependency).", dll);
        }

        private async Task RunMatrixAsync(CancellationToken cancellationToken)
        {
            var variants = new (string Name, Dictionary<string, string> Env)[]
            {
                ("Server GC", new() { ["DOTNET_gcServer"] = "1" }),
                ("Workstation GC (Host default)", new() { ["DOTNET_gcServer"] = "0" }),
                ("Workstation GC, non-concurrent", new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0" }),
                ("Server GC, TieredPGO off", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_TieredPGO"] = "0" }),
                ("Server GC, TieredCompilation off", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_TieredCompilation"] = "0" }),
                ("Server GC, DATAS off (GCDynamicAdaptationMode=0)", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0" }),
            };
            Console.WriteLine($"GC/JIT matrix ({options.GcDuration.TotalSeconds}s per run, 16 connections):");
            foreach (var (name, env) in variants)
            {
                RunRecord echo;
                RunRecord state;
                await using (var server = await ServerHandle.StartAsync(false, env, cancellationToken).ConfigureAwait(false))
                {
                    echo = await MeasureAsync(server, Echo, "dotnet", 16, options.GcDuration, null, cancellationToken, name).ConfigureAwait(false);
                    state = await MeasureAsync(server, State, "dotnet", 16, options.GcDuration, null, cancellationToken, name).ConfigureAwait(false);
                }

                var starts = new List<double>();
                for (var i = 0; i < 3; i++)
                {
                    starts.Add((await StartupBench.RunOnceAsync(HostDll(), env, TimeSpan.Zero, cancellationToken).ConfigureAwait(false)).ReadyMs);
                }

                starts.Sort();
                _matrix.Add((name, echo, state, starts[1]));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: ready median {starts[1]:F0} ms"));
            }
        }

        internal static string Mb(long bytes) => bytes < 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F0} MB");
    }
}
