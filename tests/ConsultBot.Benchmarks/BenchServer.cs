using System.Globalization;
using System.Runtime;
using System.Text.Json.Nodes;
using ConsultBot.Host;
using ConsultBot.Protocol.Turn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultBot.Benchmarks;

/// <summary>
/// The real host (Production environment, auth off, SQLite in a temp folder, logging at Warning) plus the
/// benchmark routes and <c>GET /bench/stats</c>, which reports this process's own GC and memory counters
/// so that allocations per turn are the server's alone.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private BenchServer(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BenchServer> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "consultbot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Production",
            ["Storage:Provider"] = "sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "bench.db"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["MicrosoftAppId"] = string.Empty,
            ["Bot:AllowUnauthenticated"] = "true",
            ["Bot:RateLimitPermits"] = "100000",
            ["Bot:AcknowledgeAfter"] = "00:00:10",

            // Teams pacing (50 sends/s per tenant, 7/s per conversation) would measure the limiter, not the bot.
            ["Connector:PacingEnabled"] = "false",
        };
        var args = settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        var app = ConsultBotHost.Build(args, builder =>
        {
            builder.Services.AddSingleton<BenchFeature>();
            builder.Services.AddSingleton<IBotFeature>(sp => sp.GetRequiredService<BenchFeature>());
        });
        app.MapGet("/bench/stats", (BenchFeature feature) => Results.Text(Stats(feature).ToJsonString(), "application/json"));
        await app.StartConsultBotAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchServer(app, directory, new Uri(address));
    }

    public static JsonObject Stats(BenchFeature feature)
    {
        var info = GC.GetGCMemoryInfo();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new JsonObject
        {
            ["turns"] = feature.Turns,
            ["allocatedBytes"] = GC.GetTotalAllocatedBytes(precise: false),
            ["gen0"] = GC.CollectionCount(0),
            ["gen1"] = GC.CollectionCount(1),
            ["gen2"] = GC.CollectionCount(2),
            ["gcPauseMs"] = GC.GetTotalPauseDuration().TotalMilliseconds,
            ["heapBytes"] = info.HeapSizeBytes,
            ["workingSet"] = process.WorkingSet64,
            ["cpuMs"] = process.TotalProcessorTime.TotalMilliseconds,
            ["serverGc"] = GCSettings.IsServerGC,
            ["concurrentGc"] = info.Concurrent,
            ["threads"] = process.Threads.Count,
            ["env"] = string.Join(' ', new[] { "DOTNET_gcServer", "DOTNET_TieredPGO", "DOTNET_TieredCompilation", "DOTNET_TC_QuickJitForLoops", "DOTNET_ReadyToRun", "DOTNET_GCgen0size" }
                .Select(k => (k, v: Environment.GetEnvironmentVariable(k))).Where(p => p.v is not null).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.k}={p.v}"))),
        };
    }

    /// <summary>Child-process mode: prints the address, serves until stdin closes (the parent exited or asked to stop).</summary>
    public static async Task<int> ServeAsync()
    {
        await using var server = await StartAsync(CancellationToken.None).ConfigureAwait(false);
        await Console.Out.WriteLineAsync("LISTENING " + server.Address).ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is not null)
        {
            // Any line keeps serving; EOF stops.
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
