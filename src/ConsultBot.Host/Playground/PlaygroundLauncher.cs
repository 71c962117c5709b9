using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace ConsultBot.Host.Playground;

/// <summary>Settings of the development chat client (section <c>Playground</c>, or <c>--playground</c>).</summary>
internal sealed class PlaygroundOptions
{
    public bool Enabled { get; set; }

    public int Port { get; set; } = 56150;

    /// <summary>Where the pinned npm package is installed; default: next to the app binaries.</summary>
    public string? InstallPath { get; set; }
}

/// <summary>
/// Starts the Microsoft 365 Agents Playground (npm, pinned) pointed at this bot, so that
/// <c>dotnet run --project src/ConsultBot.Host -- --playground</c> gives a new developer a Teams-like chat
/// in the browser at once. Development convenience only: it never runs unless asked for.
/// </summary>
internal sealed partial class PlaygroundLauncher(
    IOptions<PlaygroundOptions> options,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<PlaygroundLauncher> logger) : BackgroundService
{
    private Process? _process;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        // Wait until Kestrel listens, so the Playground's first activity (the welcome) reaches the bot.
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);

        var botUrl = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? ConsultBotHost.DefaultUrl;
        var home = settings.InstallPath ?? Path.Combine(AppContext.BaseDirectory, "Playground");
        var cli = Path.Combine(home, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        if (!File.Exists(cli))
        {
            HostLog.PlaygroundInstalling(logger, home);
            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], home, stoppingToken).ConfigureAwait(false);
            if (install != 0)
            {
                HostLog.PlaygroundInstallFailed(logger, install);
                return;
            }
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = home,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { cli, "-e", $"{botUrl.TrimEnd('/')}/api/messages", "-c", "msteams", "-p", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--su", $"http://127.0.0.1:{settings.Port}/_connector", "--dt" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        start.Environment["NODE_OPTIONS"] = $"--require {Path.Combine(home, "loopback-only.cjs")}";
        _process = Process.Start(start);
        if (_process is null)
        {
            return;
        }

        _process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { HostLog.PlaygroundOutput(logger, line); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { HostLog.PlaygroundOutput(logger, line); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        HostLog.PlaygroundStarted(logger, $"http://127.0.0.1:{settings.Port}/");
        try
        {
            await _process.WaitForExitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the process is killed in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(string file, string[] args, string workingDirectory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }
}

internal static class PlaygroundRegistration
{
    public static IServiceCollection AddPlaygroundLauncher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlaygroundOptions>().BindConfiguration("Playground");

        // `--playground` on the command line is the short form of Playground:Enabled=true.
        if (Environment.GetCommandLineArgs().Contains("--playground", StringComparer.OrdinalIgnoreCase))
        {
            services.PostConfigure<PlaygroundOptions>(o => o.Enabled = true);
        }

        services.AddHostedService<PlaygroundLauncher>();
        return services;
    }
}
