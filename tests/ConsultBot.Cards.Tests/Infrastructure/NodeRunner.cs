using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ConsultBot.Cards.Tests.Infrastructure;

/// <summary>Runs the Node scripts in tests/node/cards (one process per batch of cards).</summary>
internal static class NodeRunner
{
    private static readonly Lock InstallGate = new();
    private static bool _installed;

    /// <summary>CI has a clean clone: install the pinned packages (npm ci) once if they are missing.</summary>
    public static void EnsureInstalled()
    {
        lock (InstallGate)
        {
            if (_installed)
            {
                return;
            }

            var marker = Path.Combine(RepoPaths.NodeDir, "node_modules", "adaptivecards-templating", "package.json");
            if (!File.Exists(marker))
            {
                var (code, _, err) = Exec("npm", ["ci", "--no-audit", "--no-fund"], RepoPaths.NodeDir, TimeSpan.FromMinutes(10));
                if (code != 0)
                {
                    throw new InvalidOperationException($"npm ci in {RepoPaths.NodeDir} failed ({code}): {err}");
                }
            }

            _installed = true;
        }
    }

    /// <summary>Runs <c>node tests/node/cards/&lt;script&gt; input.json args…</c> and parses its JSON stdout.</summary>
    public static JsonNode RunScript(string script, JsonNode input, params string[] args)
    {
        EnsureInstalled();
        var inputFile = Path.Combine(Path.GetTempPath(), $"consultbot-cards-{Guid.NewGuid():N}.json");
        File.WriteAllText(inputFile, input.ToJsonString());
        try
        {
            var (code, stdout, stderr) = Exec("node", [Path.Combine(RepoPaths.NodeCardsScripts, script), inputFile, .. args],
                RepoPaths.NodeCardsScripts, TimeSpan.FromMinutes(3));
            if (code != 0)
            {
                throw new InvalidOperationException($"node {script} exited with {code}: {stderr}");
            }

            return JsonNode.Parse(stdout) ?? throw new InvalidOperationException($"node {script} printed nothing");
        }
        finally
        {
            File.Delete(inputFile);
        }
    }

    public static (int Code, string Stdout, string Stderr) Exec(string file, IEnumerable<string> args, string workDir, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Number formatting in adaptive-expressions follows the process locale: pin it to en-US.
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["LC_ALL"] = "C.UTF-8";
        psi.Environment["TZ"] = "UTC";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
