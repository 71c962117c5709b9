using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ConsultBot.Benchmarks;

/// <summary>One start of the real Host dll: time to <c>/readyz</c> = 200 and resident memory then.</summary>
internal sealed record StartupRun(double ReadyMs, long WorkingSetAfterStart, long WorkingSetAfterLoad, double LoadTurnsPerSecond);

/// <summary>
/// Starts <c>dotnet src/ConsultBot.Host/bin/Release/net10.0/ConsultBot.Host.dll --urls http://127.0.0.1:port</c>
/// with a temp SQLite file, polls <c>/readyz</c> every 2 ms, and reads VmRSS from <c>/proc</c>.
/// </summary>
internal static class StartupBench
{
    public static async Task<StartupRun> RunOnceAsync(string hostDll, IReadOnlyDictionary<string, string> environment, TimeSpan loadAfter, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var directory = Path.Combine(Path.GetTempPath(), "consultbot-bench", "startup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,

            // A fresh folder: no .env of the repository, data/ relative to it.
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        start.Environment["Storage__Provider"] = "sqlite";
        start.Environment["Storage__Sqlite__Path"] = Path.Combine(directory, "startup.db");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["MicrosoftAppId"] = string.Empty;
        start.Environment["Bot__AllowUnauthenticated"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromMilliseconds(200) }) { Timeout = TimeSpan.FromSeconds(2) };
        var ready = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/readyz"));
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            double readyMs;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The host exited with {process.ExitCode} before it was ready.");
                }

                try
                {
                    using var response = await http.GetAsync(ready, cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        readyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("The host was not ready within 60 s.");
                }
            }

            var afterStart = Rss(process.Id);
            var afterLoad = afterStart;
            var loadRate = 0.0;
            if (loadAfter > TimeSpan.Zero)
            {
                // Product routes (no benchmark feature in this process): an English greeting gets the help text.
                var result = await LoadGenerator.RunAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")),
                    new Workload("host-help", "hello", ExpectReplies: true, ExpectInBody: null), "http://127.0.0.1:9/", 16, loadAfter, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                afterLoad = Rss(process.Id);
                loadRate = result.TurnsPerSecond;
            }

            return new StartupRun(readyMs, afterStart, afterLoad, loadRate);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    /// <summary>Resident set size in bytes (VmRSS), or -1 off Linux.</summary>
    public static long Rss(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return -1;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb * 1024;
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
