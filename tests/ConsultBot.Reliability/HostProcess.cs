using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConsultBot.Reliability;

/// <summary>
/// One real ConsultBot host: <c>dotnet ConsultBot.Host.dll</c> in its own process, configured through environment
/// variables, killed with SIGKILL (no shutdown hooks run) and started again on the same store and port.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly string _hostDll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _directory;
    private readonly StringBuilder _errors = new();
    private Process? _process;

    private HostProcess(string hostDll, int port, string directory, IReadOnlyDictionary<string, string> environment)
    {
        _hostDll = hostDll;
        Port = port;
        _directory = directory;
        _environment = environment;
        BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public Uri Messages => new(BaseAddress, "/api/messages");

    /// <summary>Last lines the host wrote to stderr (for a failure message).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Starts a host and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<HostProcess> StartAsync(string hostDll, string directory, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var host = new HostProcess(hostDll, FreePort(), directory, environment);
        await host.RestartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }

    /// <summary>Starts the process (again) on the same port, store and settings; waits until ready.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(_hostDll);
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["MicrosoftAppId"] = string.Empty;
        start.Environment["Bot__AllowUnauthenticated"] = "true";
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet " + _hostDll);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_errors)
            {
                if (_errors.Length > 8000)
                {
                    _errors.Remove(0, 4000);
                }

                _errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitReadyAsync(TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (the store reachable, the FAQ index built).</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromMilliseconds(500) }) { Timeout = TimeSpan.FromSeconds(3) };
        var begun = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"The host exited with {exited.ExitCode} before it was ready: {Errors}");
            }

            if (await IsReadyAsync(http, cancellationToken).ConfigureAwait(false))
            {
                return Stopwatch.GetElapsedTime(begun);
            }

            if (Stopwatch.GetElapsedTime(begun) > timeout)
            {
                throw new TimeoutException($"The host was not ready within {timeout.TotalSeconds:F0} s: {Errors}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var response = await http.GetAsync(new Uri(BaseAddress, "/readyz"), cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: the process gets no chance to flush, finish a turn or release a lease.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync().ConfigureAwait(false);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
