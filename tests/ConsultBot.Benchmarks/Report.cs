using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsultBot.Benchmarks;

/// <summary>Writes <c>report.md</c> and <c>report.json</c>: machine, numbers, targets (PASS/MISS), profile, GC/JIT matrix.</summary>
internal static class Report
{
    private const double EchoTarget = 10_000;
    private const double DialogTarget = 5_000;
    private const double P99Target = 10;
    private const double ReadyTarget = 1_500;

    public static async Task WriteAsync(
        BenchOptions options, IReadOnlyList<RunRecord> runs, IReadOnlyList<StartupRun> startup,
        IReadOnlyList<(string Variant, RunRecord? Echo, RunRecord? State, double StartupMs)> matrix, IReadOnlyList<Section>? profile,
        long serverRssAfterStart, long serverRssAfterEcho, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var machine = Machine();
        var command = "dotnet run -c Release --project tests/ConsultBot.Benchmarks -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        var md = new StringBuilder();
        md.AppendLine("# ConsultBot turn-path benchmarks");
        md.AppendLine();
        md.AppendLine(inv, $"Generated {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC by `tests/ConsultBot.Benchmarks`, commit `{machine["commit"]}`.");
        md.AppendLine();
        md.AppendLine(inv, $"Command: `{command.Trim()}`");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine(inv, $"- nproc: **{machine["nproc"]}**; CPU: {machine["cpu"]}; memory: {machine["memory"]}");
        md.AppendLine(inv, $"- {machine["runtime"]} on {machine["os"]}");
        md.AppendLine(inv, $"- /proc/loadavg when the report was written: `{machine["loadAverageAtReport"]}` (other work on the machine competes with both halves; on a shared box, compare allocations and CPU µs/turn rather than turns/s)");
        md.AppendLine(inv, $"- Server: the real host (`ConsultBotHost.Build` + `StartConsultBotAsync`), Production environment, auth off, SQLite (WAL) in a temp folder, logging at Warning, plus a benchmark-only `IBotFeature`; {(options.InProcess ? "**in the load generator's process**" : "a **child process** (`ConsultBot.Benchmarks serve`), so its GC/allocation/CPU counters are its own")}.");
        md.AppendLine("- **2 cores shared**: the load generator runs on the same two cores as the server. Client CPU share below is the .NET generator's CPU-seconds per wall second (1.0 = one full core); wrk (C, epoll) costs less, so it is the better estimate of the server's capacity. Throughput on a dedicated server would be higher than measured here.");
        md.AppendLine(inv, $"- Each run: {options.Warmup.TotalSeconds:F0} s warm-up (not recorded), then {options.Duration.TotalSeconds:F0} s measured. Every request has a new activity id (the dedup record is written, as in production); each connection rotates over its own 8 conversations. Latency percentiles are nearest-rank over all samples (dotnet) or wrk's `--latency` distribution.");
        md.AppendLine();

        md.AppendLine("## Targets (issue 3, \"Speed, from the start\")");
        md.AppendLine();
        md.AppendLine("| Target | Measured | Verdict |");
        md.AppendLine("|---|---|---|");
        var targets = new JsonArray();
        void Target(string name, string measured, bool? pass)
        {
            var verdict = pass is null ? "not run" : pass.Value ? "**PASS**" : "**MISS**";
            md.AppendLine(inv, $"| {name} | {measured} | {verdict} |");
            targets.Add(new JsonObject { ["target"] = name, ["measured"] = measured, ["verdict"] = pass is null ? "not run" : pass.Value ? "PASS" : "MISS" });
        }

        string Describe(RunRecord r) => string.Create(inv, $"{r.Load.TurnsPerSecond:F0}/s ({r.Load.Generator}, {r.Load.Connections} conn; p99 {r.Load.P99:F1} ms)");
        foreach (var generator in new[] { "wrk", "dotnet" })
        {
            var echo16 = runs.FirstOrDefault(r => r.Scenario == "echo" && r.Load.Generator == generator && r.Load.Connections == 16 && r.Variant == "default");
            var bestEcho = runs.Where(r => r.Scenario == "echo" && r.Load.Generator == generator && r.Variant == "default").MaxBy(r => r.Load.TurnsPerSecond);
            if (bestEcho is not null)
            {
                Target($"≥ 10,000 echo turns/s ({generator} client, best connection count)", Describe(bestEcho), bestEcho.Load.TurnsPerSecond >= EchoTarget);
            }

            if (echo16 is not null)
            {
                Target($"p99 ≤ 10 ms at 16 connections, echo ({generator} client)", string.Create(inv, $"p99 {echo16.Load.P99:F2} ms at {echo16.Load.TurnsPerSecond:F0}/s"), echo16.Load.P99 <= P99Target);
            }
        }

        foreach (var scenario in new[] { "dialog", "state" })
        {
            var run = runs.Where(r => r.Scenario == scenario && r.Load.Generator == "dotnet" && r.Variant == "default").MaxBy(r => r.Load.TurnsPerSecond);
            if (run is not null)
            {
                Target(scenario == "dialog" ? "≥ 5,000 dialog steps/s, state on SQLite (2-step waterfall)" : "≥ 5,000 dialog steps/s — proxy: counter in ConversationState on SQLite",
                    Describe(run), run.Load.TurnsPerSecond >= DialogTarget);
            }
        }

        if (startup.Count > 0)
        {
            var median = Median(startup.Select(s => s.ReadyMs));
            Target("ready ≤ 1.5 s after start (median of runs)", string.Create(inv, $"{median:F0} ms"), median <= ReadyTarget);
        }

        md.AppendLine();
        md.AppendLine("## Load runs");
        md.AppendLine();
        md.AppendLine("| Scenario | Client | Conn | Turns/s | p50 ms | p90 ms | p99 ms | max ms | Failed | Server alloc/turn | Gen0/1/2 | GC pause ms | Server CPU µs/turn | Client CPU (cores) | Check |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|");
        foreach (var r in runs.Where(r => r.Variant == "default"))
        {
            AppendRun(md, r);
        }

        md.AppendLine();
        md.AppendLine("`state` under wrk: wrk keeps several requests of one conversation in flight, so some turns lose the ETag race and get the \"changed meanwhile\" reply (counted as 200 by wrk) — a stress case, not the target measurement.");
        md.AppendLine();

        md.AppendLine("## Startup and memory");
        md.AppendLine();
        if (startup.Count > 0)
        {
            md.AppendLine(inv, $"`dotnet src/ConsultBot.Host/bin/Release/net10.0/ConsultBot.Host.dll --urls http://127.0.0.1:<port>` (temp SQLite, fresh working folder), time from `Process.Start` to the first `/readyz` 200 (polled every 2 ms):");
            md.AppendLine();
            md.AppendLine("| Run | Ready ms | RSS after ready |");
            md.AppendLine("|---:|---:|---:|");
            for (var i = 0; i < startup.Count; i++)
            {
                md.AppendLine(inv, $"| {i + 1} | {startup[i].ReadyMs:F0} | {BenchmarkRun.Mb(startup[i].WorkingSetAfterStart)} |");
            }

            md.AppendLine();
            md.AppendLine(inv, $"Median ready: **{Median(startup.Select(s => s.ReadyMs)):F0} ms**. Host RSS after ready {BenchmarkRun.Mb((long)Median(startup.Select(s => (double)s.WorkingSetAfterStart)))}; after 5 s of product turns (16 connections, {startup[^1].LoadTurnsPerSecond:F0} turns/s) {BenchmarkRun.Mb(startup[^1].WorkingSetAfterLoad)}.");
        }

        if (serverRssAfterStart > 0)
        {
            md.AppendLine();
            md.AppendLine(inv, $"Benchmark server RSS: after start {BenchmarkRun.Mb(serverRssAfterStart)}, after the echo runs {BenchmarkRun.Mb(serverRssAfterEcho)}.");
        }

        md.AppendLine();
        if (profile is not null)
        {
            md.AppendLine("## Profile: sections of the turn path (no HTTP)");
            md.AppendLine();
            md.AppendLine("One caller, in-process against the same host services (SQLite in a temp folder); allocation = process-wide bytes / ops.");
            md.AppendLine();
            md.Append(Profiler.Describe(profile));
            md.AppendLine();
        }

        if (matrix.Count > 0)
        {
            md.AppendLine("## GC and JIT settings (server child process, 16 connections, dotnet client)");
            md.AppendLine();
            md.AppendLine(inv, $"{options.GcDuration.TotalSeconds:F0} s per run after {options.Warmup.TotalSeconds:F0} s warm-up; ready = median of 3 Host starts with the same environment.");
            md.AppendLine();
            md.AppendLine("| Variant | Echo/s | Echo p99 ms | Echo alloc/turn | Echo gen0/1/2 | State/s | State p99 ms | Server RSS | Ready ms |");
            md.AppendLine("|---|---:|---:|---:|---|---:|---:|---:|---:|");
            foreach (var (variant, echo, state, ready) in matrix)
            {
                md.AppendLine(inv, $"| {variant} | {echo?.Load.TurnsPerSecond:F0} | {echo?.Load.P99:F2} | {echo?.Server?["allocPerTurn"]} | {Gens(echo)} | {state?.Load.TurnsPerSecond:F0} | {state?.Load.P99:F2} | {BenchmarkRun.Mb(state?.Server?["workingSet"]?.GetValue<long>() ?? -1)} | {ready:F0} |");
            }

            md.AppendLine();
        }

        var findings = Path.Combine(BenchOptions.RepoRoot(), "tests", "ConsultBot.Benchmarks", "FINDINGS.md");
        if (File.Exists(findings))
        {
            md.AppendLine(await File.ReadAllTextAsync(findings, cancellationToken).ConfigureAwait(false));
        }

        var json = new JsonObject
        {
            ["generatedAt"] = TimeProvider.System.GetUtcNow().ToString("O", inv),
            ["command"] = command.Trim(),
            ["machine"] = machine,
            ["options"] = new JsonObject
            {
                ["scenarios"] = new JsonArray([.. options.Scenarios.Select(s => (JsonNode)s)]),
                ["durationSeconds"] = options.Duration.TotalSeconds,
                ["warmupSeconds"] = options.Warmup.TotalSeconds,
                ["inProcess"] = options.InProcess,
            },
            ["targets"] = targets,
            ["runs"] = new JsonArray([.. runs.Select(ToJson)]),
            ["startup"] = new JsonArray([.. startup.Select(s => (JsonNode)new JsonObject
            {
                ["readyMs"] = Math.Round(s.ReadyMs, 1),
                ["rssAfterReady"] = s.WorkingSetAfterStart,
                ["rssAfterLoad"] = s.WorkingSetAfterLoad,
                ["loadTurnsPerSecond"] = Math.Round(s.LoadTurnsPerSecond),
            })]),
            ["serverRssAfterStart"] = serverRssAfterStart,
            ["serverRssAfterEcho"] = serverRssAfterEcho,
            ["profile"] = profile is null ? null : new JsonArray([.. profile.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["microsPerOp"] = Math.Round(p.MicrosPerOp, 2),
                ["bytesPerOp"] = Math.Round(p.BytesPerOp),
                ["ops"] = p.Iterations,
                ["note"] = p.Note,
            })]),
            ["gcMatrix"] = new JsonArray([.. matrix.Select(m => (JsonNode)new JsonObject
            {
                ["variant"] = m.Variant,
                ["echo"] = m.Echo is null ? null : ToJson(m.Echo),
                ["state"] = m.State is null ? null : ToJson(m.State),
                ["readyMedianMs"] = Math.Round(m.StartupMs, 1),
            })]),
        };

        Directory.CreateDirectory(options.OutputDirectory);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "report.md"), md.ToString(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "report.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"wrote {Path.Combine(options.OutputDirectory, "report.md")} and report.json");
    }

    private static void AppendRun(StringBuilder md, RunRecord r)
    {
        var l = r.Load;
        var s = r.Server;
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| {r.Scenario} | {l.Generator} | {l.Connections} | {l.TurnsPerSecond:F0} | {l.P50:F2} | {l.P90:F2} | {l.P99:F2} | {l.Max:F1} | {l.Failed} | {s?["allocPerTurn"]} B | {Gens(r)} | {s?["gcPauseMs"]} | {s?["cpuMicrosPerTurn"]} | {(double.IsNaN(r.ClientCpuShare) ? "–" : r.ClientCpuShare.ToString("F2", CultureInfo.InvariantCulture))} | {r.Check ?? l.FirstError ?? string.Empty} |");
    }

    private static string Gens(RunRecord? r) => r?.Server is { } s ? $"{s["gen0"]}/{s["gen1"]}/{s["gen2"]}" : string.Empty;

    private static JsonObject ToJson(RunRecord r) => new()
    {
        ["scenario"] = r.Scenario,
        ["variant"] = r.Variant,
        ["generator"] = r.Load.Generator,
        ["connections"] = r.Load.Connections,
        ["seconds"] = Math.Round(r.Load.Seconds, 2),
        ["ok"] = r.Load.Ok,
        ["failed"] = r.Load.Failed,
        ["turnsPerSecond"] = Math.Round(r.Load.TurnsPerSecond, 1),
        ["p50Ms"] = Round(r.Load.P50),
        ["p90Ms"] = Round(r.Load.P90),
        ["p99Ms"] = Round(r.Load.P99),
        ["maxMs"] = Round(r.Load.Max),
        ["meanMs"] = Round(r.Load.Mean),
        ["firstError"] = r.Load.FirstError,
        ["check"] = r.Check,
        ["clientCpuCores"] = double.IsNaN(r.ClientCpuShare) ? null : Math.Round(r.ClientCpuShare, 2),
        ["server"] = r.Server?.DeepClone(),
    };

    private static double? Round(double v) => double.IsNaN(v) ? null : Math.Round(v, 3);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static JsonObject Machine()
    {
        string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var cpu = Read("/proc/cpuinfo").Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        var mem = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        return new JsonObject
        {
            ["nproc"] = Environment.ProcessorCount,
            ["cpu"] = cpu,
            ["memory"] = mem,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["os"] = RuntimeInformation.OSDescription,
            ["loadAverageAtReport"] = Read("/proc/loadavg").Trim(),
            ["commit"] = Git("rev-parse --short HEAD") + (Git("status --porcelain --untracked-files=no").Length > 0 ? " (+ uncommitted changes)" : string.Empty),
        };
    }

    private static string Git(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = BenchOptions.RepoRoot() };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
