using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ConsultBot.Protocol.State;
using ConsultBot.Storage.Postgres;
using ConsultBot.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsultBot.Storage.Tests;

/// <summary>
/// Read+write "turns" per second (load the conversation state, write it back with its ETag), as a bot turn does.
/// Runs only with <c>CONSULTBOT_BENCH=1</c>; writes <c>artifacts/storage-benchmark.md</c> at the repository root.
/// </summary>
public sealed class StorageBenchmarkTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);
    private static readonly int[] WorkerCounts = [1, 8, 32];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task Read_write_turns_per_second()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("CONSULTBOT_BENCH") == "1", "Set CONSULTBOT_BENCH=1 to run the storage benchmark.");

        var rows = new List<(string Provider, int Workers, Result Result)>();
        var directory = Directory.CreateTempSubdirectory("consultbot-bench-").FullName;
        try
        {
            foreach (var workers in WorkerCounts)
            {
                using var sqlite = new SqliteStorage(Path.Combine(directory, $"bench-{workers}.db"), 5000, TimeProvider.System, NullLogger.Instance);
                await sqlite.ApplyMigrationsAsync(StorageMigration.Plan([]), Ct);
                rows.Add(("SQLite (WAL, synchronous=NORMAL)", workers, await RunAsync(sqlite, workers)));
            }

            foreach (var workers in WorkerCounts)
            {
                var (schema, connectionString) = await PostgresTestServer.CreateSchemaAsync(Ct);
                try
                {
                    await using var postgres = new PostgresStorage(connectionString, TimeProvider.System, NullLogger.Instance);
                    await postgres.ApplyMigrationsAsync(StorageMigration.Plan([]), Ct);
                    rows.Add(("PostgreSQL 127.0.0.1 (default durability)", workers, await RunAsync(postgres, workers)));
                }
                finally
                {
                    await PostgresTestServer.DropSchemaAsync(schema);
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var report = new StringBuilder();
        report.AppendLine("# Storage benchmark");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Generated {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC by `CONSULTBOT_BENCH=1 dotnet test --project tests/ConsultBot.Storage.Tests -- --filter-trait Category=Benchmark`.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}.");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"A turn = `ReadAsync([key])` then `WriteAsync(key, ~300 B JSON, etag)` on the ETag just read; each worker owns its own 16 conversations (no conflicts); {Duration.TotalSeconds:0} s per row.");
        report.AppendLine();
        report.AppendLine("| Store | Parallel workers | Turns/s | p50 turn (ms) | p99 turn (ms) |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (provider, workers, result) in rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {provider} | {workers} | {result.TurnsPerSecond:N0} | {result.P50:0.000} | {result.P99:0.000} |");
        }

        var artifacts = Path.Combine(RepoPaths.Root, "artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "storage-benchmark.md"), report.ToString(), Ct);
        TestContext.Current.SendDiagnosticMessage(report.ToString());
    }

    private static async Task<Result> RunAsync(IStorage storage, int workers)
    {
        const int keysPerWorker = 16;
        var padding = new string('x', 200);

        // Warm up: create every conversation and let statements get prepared.
        for (var w = 0; w < workers; w++)
        {
            for (var k = 0; k < keysPerWorker; k++)
            {
                await storage.WriteAsync(new Dictionary<string, StoreItem> { [Key(w, k)] = new($$"""{"turn":0,"pad":"{{padding}}"}""") }, Ct);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        var deadline = Duration;
        var latencies = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var samples = new List<double>(100_000);
            for (var turn = 0; stopwatch.Elapsed < deadline; turn++)
            {
                var started = stopwatch.Elapsed;
                var key = Key(w, turn % keysPerWorker);
                var item = (await storage.ReadAsync([key], Ct))[key];
                await storage.WriteAsync(new Dictionary<string, StoreItem> { [key] = new($$"""{"turn":{{turn}},"pad":"{{padding}}"}""", item.ETag) }, Ct);
                samples.Add((stopwatch.Elapsed - started).TotalMilliseconds);
            }

            return samples;
        }, Ct)));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    private static string Key(int worker, int conversation) => $"msteams/conversations/bench-{worker}-{conversation}";

    private sealed record Result(double TurnsPerSecond, double P50, double P99);
}
