using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ConsultBot.Benchmarks;

/// <summary>
/// A running benchmark server: a child process (default; the server's GC and JIT see only server work, and
/// runtime settings such as <c>DOTNET_gcServer</c> apply to it alone) or this very process (<c>--in-process</c>).
/// </summary>
internal sealed class ServerHandle : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly BenchServer? _inProcess;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ServerHandle(Uri address, Process? process, BenchServer? inProcess)
    {
        Address = address;
        _process = process;
        _inProcess = inProcess;
    }

    public Uri Address { get; }

    public int ProcessId => _process?.Id ?? Environment.ProcessId;

    public bool IsChild => _process is not null;

    public static async Task<ServerHandle> StartAsync(bool inProcess, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        if (inProcess)
        {
            var server = await BenchServer.StartAsync(cancellationToken).ConfigureAwait(false);
            return new ServerHandle(server.Address, null, server);
        }

        var start = SelfCommand("serve");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the benchmark server process.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("[server] " + e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                return new ServerHandle(new Uri(line["LISTENING ".Length..]), process, null);
            }
        }

        throw new InvalidOperationException($"The benchmark server exited before listening (exit code {(process.HasExited ? process.ExitCode : -1)}).");
    }

    /// <summary>A start info that runs this benchmark program again (apphost or <c>dotnet x.dll</c>).</summary>
    public static ProcessStartInfo SelfCommand(string mode)
    {
        var path = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ServerHandle).Assembly.Location);
        }

        start.ArgumentList.Add(mode);
        return start;
    }

    public async Task<JsonObject> StatsAsync(CancellationToken cancellationToken)
    {
        var text = await _http.GetStringAsync(new Uri(Address, "/bench/stats"), cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_inProcess is not null)
        {
            await _inProcess.DisposeAsync().ConfigureAwait(false);
        }

        if (_process is not null)
        {
            // Closing stdin is the stop signal; kill only if it does not exit on its own.
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
