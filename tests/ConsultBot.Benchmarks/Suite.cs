using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace ConsultBot.Benchmarks;

/// <summary>What <c>--suite full</c> runs: one target's shapes, rounds and the soak's length.</summary>
internal sealed record SuiteOptions(TimeSpan Warmup, TimeSpan Round, int Rounds, int Connections, TimeSpan Soak, string ReportPath);

/// <summary>Medians over the rounds of one request shape against one target.</summary>
internal sealed record ShapeResult(string Shape, double Rps, double P50, double P99, double CpuUsPerTurn, long Failed, string? Error, string Sample, IReadOnlyList<double> RoundRps);

/// <summary>One fresh server: start to ready, memory, its shapes.</summary>
internal sealed record TargetResult(string Target, double ReadyMs, long RssIdle, long RssPeak, IReadOnlyList<ShapeResult> Shapes);

/// <summary>The soak: a new conversation per request for a while, memory and store bytes before and after.</summary>
internal sealed record SoakResult(
    double Seconds, long Conversations, long Failed, double Rps, long RssBefore, long RssAfter, long StoreBefore, long StoreAfter,
    IReadOnlyList<(string Kind, long Rows, double AvgBytes)> Rows, string? Error);

/// <summary>
/// <c>--suite full</c>: the floor, the Bot Framework JS SDK peer and ConsultBot (SQLite, and PostgreSQL when
/// <c>CONSULTBOT_TEST_POSTGRES</c> is set) on the same request shapes, each target a fresh process, then the soak;
/// writes docs/benchmarks.md. Numbers are medians of rounds; the ratios are the ones of issue 14.
/// </summary>
internal static class Suite
{
    private const string EchoText = "hi-from-bench";
    private const string FaqText = "kto jest liderem w modelu strategicznym";
    private const string DialogText = "dobierz model";
    private static readonly double s_ticksPerSecond = 100; // USER_HZ on Linux

    public static async Task<int> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        var root = BenchOptions.RepoRoot();
        var hostDll = Path.Combine(root, "src", "ConsultBot.Host", "bin", "Release", "net10.0", "ConsultBot.Host.dll");
        var peerDir = Path.Combine(root, "tests", "bench-peer");
        if (!File.Exists(hostDll))
        {
            Console.Error.WriteLine($"Build the host first: {hostDll} is missing (run.sh does this).");
            return 2;
        }

        if (!Directory.Exists(Path.Combine(peerDir, "node_modules")))
        {
            Console.Error.WriteLine($"Install the peer first: (cd {peerDir} && npm ci) (run.sh does this).");
            return 2;
        }

        var loadBefore = await File.ReadAllTextAsync("/proc/loadavg", cancellationToken).ConfigureAwait(false);
        var started = TimeProvider.System.GetUtcNow();
        var results = new List<TargetResult>();
        var postgres = Environment.GetEnvironmentVariable("CONSULTBOT_TEST_POSTGRES");

        results.Add(await RunTargetAsync("floor (bare ASP.NET Core + STJ)", port => Floor(port), [("echo", new Workload("echo", EchoText, true, "echo: " + EchoText))], options, cancellationToken).ConfigureAwait(false));
        results.Add(await RunTargetAsync("peer (botbuilder 4.23 JS)", port => Peer(peerDir, port),
            [("echo", new Workload("echo", EchoText, true, "echo: " + EchoText)), ("waterfall", new Workload("waterfall", DialogText, true, "Krok"))], options, cancellationToken).ConfigureAwait(false));
        (string, Workload)[] consultShapes =
        [
            // A turn that failed still answers 200 (an apology); these texts are only in the right reply.
            ("help `pomoc`", new Workload("help", "pomoc", true, "Centrum Konsultacyjne")),
            ("FAQ answered", new Workload("faq", FaqText, true, "liderem")),
            ("`dobierz model` step", new Workload("dialog", DialogText, true, null)),
        ];
        string? sqliteDir = null;
        results.Add(await RunTargetAsync("ConsultBot, SQLite", port => Host(hostDll, port, null, out sqliteDir), consultShapes, options, cancellationToken).ConfigureAwait(false));
        TryDelete(sqliteDir);
        string? postgresNote = null;
        if (!string.IsNullOrWhiteSpace(postgres) && !await PostgresReachableAsync(postgres, cancellationToken).ConfigureAwait(false))
        {
            postgresNote = "CONSULTBOT_TEST_POSTGRES is set but that server did not answer (no connection within 3 s): ConsultBot on PostgreSQL not measured in this run.";
            Console.WriteLine(postgresNote);
        }
        else if (string.IsNullOrWhiteSpace(postgres))
        {
            postgresNote = "CONSULTBOT_TEST_POSTGRES is not set: ConsultBot on PostgreSQL not measured in this run.";
        }
        else
        {
            results.Add(await RunTargetAsync("ConsultBot, PostgreSQL", port => Host(hostDll, port, postgres, out _), consultShapes, options, cancellationToken).ConfigureAwait(false));
        }

        SoakResult? soak = null;
        if (options.Soak > TimeSpan.Zero)
        {
            soak = await SoakAsync(hostDll, options, cancellationToken).ConfigureAwait(false);
        }

        var loadAfter = await File.ReadAllTextAsync("/proc/loadavg", cancellationToken).ConfigureAwait(false);
        var report = SuiteReport.Render(results, soak, postgresNote, options, started, TimeProvider.System.GetUtcNow(), loadBefore.Trim(), loadAfter.Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(options.ReportPath)!);
        await File.WriteAllTextAsync(options.ReportPath, report, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(report);
        Console.WriteLine($"Report: {options.ReportPath}");
        return 0;
    }

    private static async Task<bool> PostgresReachableAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3 };
            await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }

    private static ProcessStartInfo Floor(int port)
    {
        var start = ServerHandle.SelfCommand("serve-floor");
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        return start;
    }

    private static ProcessStartInfo Peer(string directory, int port)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("bot.js");
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["NODE_ENV"] = "production";
        return start;
    }

    private static ProcessStartInfo Host(string hostDll, int port, string? postgres, out string directory)
    {
        directory = Path.Combine(Path.GetTempPath(), "consultbot-bench", "suite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        if (postgres is null)
        {
            start.Environment["Storage__Provider"] = "sqlite";
            start.Environment["Storage__Sqlite__Path"] = Path.Combine(directory, "bench.db");
        }
        else
        {
            start.Environment["Storage__Provider"] = "postgres";
            start.Environment["Storage__ConnectionString"] = postgres;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["MicrosoftAppId"] = string.Empty;
        start.Environment["Bot__AllowUnauthenticated"] = "true";

        // The per-user limit (30 per 10 s) would answer the benchmark's one user politely instead of running turns.
        start.Environment["Bot__RateLimitPermits"] = "100000";
        start.Environment["Bot__RateLimitWindow"] = "00:00:01";
        return start;
    }

    private static async Task<(Process Process, double ReadyMs, Uri Address)> StartAsync(Func<int, ProcessStartInfo> create, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = create(port);
        var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromMilliseconds(200) }) { Timeout = TimeSpan.FromSeconds(2) };
        var begun = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && errors.Length < 4000)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{start.FileName} exited with {process.ExitCode} before it was ready: {errors}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(address, "/readyz"), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return (process, Stopwatch.GetElapsedTime(begun).TotalMilliseconds, address);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer while starting.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            if (Stopwatch.GetElapsedTime(begun) > TimeSpan.FromSeconds(90))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{start.FileName} was not ready within 90 s.");
            }
        }
    }

    private static async Task<TargetResult> RunTargetAsync(string name, Func<int, ProcessStartInfo> create, (string Label, Workload Workload)[] shapes, SuiteOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine($"== {name}");
        var (process, readyMs, address) = await StartAsync(create, cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var idle = ProcStatus(process.Id, "VmRSS:");
            var shapeResults = new List<ShapeResult>();
            foreach (var (label, workload) in shapes)
            {
                var sample = await ProbeAsync(address, workload, cancellationToken).ConfigureAwait(false);
                await LoadGenerator.RunAsync(address, workload, "http://127.0.0.1:9/", options.Connections, options.Warmup, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                var rounds = new List<(LoadResult Load, double Cpu)>();
                for (var r = 0; r < options.Rounds; r++)
                {
                    var cpuBefore = CpuTicks(process.Id);
                    var load = await LoadGenerator.RunAsync(address, workload, "http://127.0.0.1:9/", options.Connections, options.Round, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                    var cpuUs = (CpuTicks(process.Id) - cpuBefore) / s_ticksPerSecond * 1e6 / Math.Max(1, load.Ok);
                    rounds.Add((load, cpuUs));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {label} round {r + 1}: {load.TurnsPerSecond:F0} req/s p50 {load.P50:F2} p99 {load.P99:F2} ms cpu {cpuUs:F0} µs/turn failed {load.Failed}"));
                }

                shapeResults.Add(new ShapeResult(
                    label, Median(rounds.Select(r => r.Load.TurnsPerSecond)), Median(rounds.Select(r => r.Load.P50)), Median(rounds.Select(r => r.Load.P99)),
                    Median(rounds.Select(r => r.Cpu)), rounds.Sum(r => r.Load.Failed), rounds.Select(r => r.Load.FirstError).FirstOrDefault(e => e is not null), sample,
                    [.. rounds.Select(r => r.Load.TurnsPerSecond)]));
            }

            return new TargetResult(name, readyMs, idle, ProcStatus(process.Id, "VmHWM:"), shapeResults);
        }
        finally
        {
            await StopAsync(process).ConfigureAwait(false);
        }
    }

    private static async Task<SoakResult> SoakAsync(string hostDll, SuiteOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine("== soak");
        string? directory = null;
        var (process, _, address) = await StartAsync(port => Host(hostDll, port, null, out directory), cancellationToken).ConfigureAwait(false);
        var db = Path.Combine(directory!, "bench.db");
        try
        {
            // One conversation first so that the JIT and the first-use caches are not counted as growth.
            await LoadGenerator.RunAsync(address, new Workload("soak", DialogText, true, "1/9", 0), "http://127.0.0.1:9/", options.Connections, TimeSpan.FromSeconds(3), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var rssBefore = ProcStatus(process.Id, "VmRSS:");
            var storeBefore = StoreBytes(db);
            var load = await LoadGenerator.RunAsync(address, new Workload("soak", DialogText, true, "1/9", 0), "http://127.0.0.1:9/", options.Connections, options.Soak, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var rssAfter = ProcStatus(process.Id, "VmRSS:");
            var storeAfter = StoreBytes(db);
            var rows = RowKinds(db);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   soak: {load.Ok} conversations, RSS {rssBefore / 1048576.0:F0} → {rssAfter / 1048576.0:F0} MiB, store {storeBefore / 1048576.0:F1} → {storeAfter / 1048576.0:F1} MiB"));
            return new SoakResult(load.Seconds, load.Ok, load.Failed, load.TurnsPerSecond, rssBefore, rssAfter, storeBefore, storeAfter, rows, load.FirstError);
        }
        finally
        {
            await StopAsync(process).ConfigureAwait(false);
            TryDelete(directory);
        }
    }

    /// <summary>Bytes of the SQLite file with its WAL (a checkpoint may not have run yet).</summary>
    private static long StoreBytes(string db) =>
        new[] { db, db + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <summary>The soak's rows grouped by key shape (conversation id replaced), with their average size (key + JSON).</summary>
    private static List<(string Kind, long Rows, double AvgBytes)> RowKinds(string db)
    {
        var kinds = new Dictionary<string, (long Rows, long Bytes)>(StringComparer.Ordinal);
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, length(CAST(json AS BLOB)) + length(CAST(key AS BLOB)) + length(etag) + 16 FROM items WHERE key LIKE '%soak-%' LIMIT 200000";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var kind = Regex.Replace(reader.GetString(0), "a(%3A|:)soak-[^/|]*", "{conversation}", RegexOptions.CultureInvariant);
            kind = Regex.Replace(kind, "(\\{conversation\\})/.+$", "$1/{activity id}", RegexOptions.CultureInvariant);
            var (rows, bytes) = kinds.GetValueOrDefault(kind);
            kinds[kind] = (rows + 1, bytes + reader.GetInt64(1));
        }

        return [.. kinds.OrderByDescending(k => k.Value.Rows).Select(k => (k.Key, k.Value.Rows, (double)k.Value.Bytes / k.Value.Rows))];
    }

    private static async Task<string> ProbeAsync(Uri address, Workload workload, CancellationToken cancellationToken)
    {
        var template = new PayloadTemplate(workload, "http://127.0.0.1:9/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new ByteArrayContent(template.Build("probe-" + Guid.NewGuid().ToString("N"), "a:probe-" + Guid.NewGuid().ToString("N")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri(address, "/api/messages"), content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var text = Regex.Match(body, "\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){0,80})", RegexOptions.CultureInvariant);
        var card = body.Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal) ? " + Adaptive Card" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode}, {body.Length} B: {(text.Success ? text.Groups[1].Value : "(no text)")}{card}");
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        process.Dispose();
    }

    private static void TryDelete(string? directory)
    {
        try
        {
            if (directory is not null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>utime + stime of the process, in clock ticks (/proc/pid/stat fields 14 and 15).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>A kB line of /proc/pid/status (VmRSS, VmHWM) in bytes, or -1.</summary>
    private static long ProcStatus(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
