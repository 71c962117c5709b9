using System.Diagnostics;
using System.Globalization;
using ConsultBot.Testing;

namespace ConsultBot.Reliability;

/// <summary>
/// The fault suite of issue 14: real host processes (<c>dotnet ConsultBot.Host.dll</c>) on real stores, driven over
/// <c>/api/messages</c>, with the Teams cloud played by the in-process <see cref="FakeConnector"/>. Every scenario
/// counts what was lost and what was delivered twice; the table goes to the console and to the report file.
/// </summary>
public static partial class ReliabilitySuite
{
    private const string ConsultantsChannel = "19:consultants@thread.tacv2";
    private const string AdminKey = "reliability-admin-key-0123456789";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(SuiteOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (!File.Exists(options.HostDll))
        {
            throw new InvalidOperationException($"Build the host first: {options.HostDll} is missing (dotnet build src/ConsultBot.Host -c Release).");
        }

        var started = TimeProvider.System.GetUtcNow();
        var results = new List<ScenarioResult>();
        (string Name, Func<SuiteOptions, TextWriter, CancellationToken, Task<ScenarioResult>> Run, bool NeedsPostgres)[] scenarios =
        [
            ("process kill mid-dialog (SQLite)", KillMidDialogAsync, false),
            ("process kill mid-outbox (SQLite)", KillMidOutboxAsync, false),
            ("store outage (PostgreSQL via cut proxy)", StoreOutageAsync, true),
            ("connector faults (429/5xx/slow/403)", ConnectorFaultsAsync, false),
            ("scale-out (hosts on one PostgreSQL)", ScaleOutAsync, true),
            ("abuse (one user flooding)", AbuseAsync, false),
        ];
        foreach (var (name, run, needsPostgres) in scenarios)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (needsPostgres && options.Postgres is null)
            {
                results.Add(new ScenarioResult(name, 0, 0, 0, 0, 0, [], "skipped: CONSULTBOT_TEST_POSTGRES is not set"));
                continue;
            }

            log.WriteLine($"== {name}");
            var begun = Stopwatch.GetTimestamp();
            ScenarioResult result;
            try
            {
                result = await run(options, log, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = new ScenarioResult(name, 0, 0, 0, 0, 0, ["the scenario itself failed: " + e.GetType().Name + ": " + e.Message + " " + (e.StackTrace?.Split('\n')[0].Trim() ?? string.Empty)], string.Empty);
            }

            result = result with { Scenario = name, Notes = (result.Notes + string.Create(CultureInfo.InvariantCulture, $" ({Stopwatch.GetElapsedTime(begun).TotalSeconds:F0} s)")).Trim() };
            results.Add(result);
            log.WriteLine(Report.Row(result));
            foreach (var failure in result.Failures)
            {
                log.WriteLine("   ! " + failure);
            }
        }

        var report = Report.Render(results, options, started, TimeProvider.System.GetUtcNow());
        Directory.CreateDirectory(Path.GetDirectoryName(options.ReportPath)!);
        await File.WriteAllTextAsync(options.ReportPath, report, cancellationToken).ConfigureAwait(false);
        log.WriteLine(report);
        log.WriteLine("Report: " + options.ReportPath);
        return results;
    }

    /// <summary>Settings every host of the suite gets; <paramref name="store"/> names the store.</summary>
    private static Dictionary<string, string> Settings(FakeConnector connector, IReadOnlyDictionary<string, string> store, bool generousRateLimit = true)
    {
        var settings = new Dictionary<string, string>(store)
        {
            // Loopback service URLs are trusted (the stand-in answers there).
            ["TrustedServiceHosts__0"] = "127.0.0.1",

            // Under a loaded machine turns may be slow; keep them in the HTTP answer rather than the background.
            ["Bot__AcknowledgeAfter"] = "00:00:10",
            ["Connector__AttemptTimeout"] = "00:00:03",
            ["Connector__TotalTimeout"] = "00:00:08",
            ["Connector__RetryBaseDelay"] = "00:00:00.200",
            ["Connector__MaxRetryDelay"] = "00:00:01",
            ["Connector__MaxRetryAfter"] = "00:00:02",
            ["Handoff__ConsultantsConversationId"] = ConsultantsChannel,
            ["Handoff__ServiceUrl"] = connector.ServiceUrl,
            ["Handoff__TenantId"] = "tenant-1",
            ["Handoff__PollInterval"] = "00:00:00.200",
            ["Handoff__OutboxBaseBackoff"] = "00:00:00.200",
            ["Handoff__OutboxMaxBackoff"] = "00:00:01",
            ["Handoff__WorkingHours__Enabled"] = "false",
            ["Knowledge__AdminApiKey"] = AdminKey,
        };
        if (generousRateLimit)
        {
            // Load workers are few users sending fast: the per-user limit is the abuse scenario's subject, not theirs.
            settings["Bot__RateLimitPermits"] = "100000";
            settings["Bot__RateLimitWindow"] = "00:00:01";
        }

        return settings;
    }

    private static Dictionary<string, string> Sqlite(string directory) => new()
    {
        ["Storage__Provider"] = "sqlite",
        ["Storage__Sqlite__Path"] = Path.Combine(directory, "reliability.db"),
    };

    private static Dictionary<string, string> Postgres(string connectionString) => new()
    {
        ["Storage__Provider"] = "postgres",
        ["Storage__ConnectionString"] = connectionString,
    };

    private static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "consultbot-reliability", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a dying process: the temp folder is cleaned by the system.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static HttpClient NewHttp() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxConnectionsPerServer = 256,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    private static string Run() => Guid.NewGuid().ToString("N")[..8];

    private static Chat NewChat(HttpClient http, FakeConnector connector, string run, string kind, int n) =>
        new(http, connector, string.Create(CultureInfo.InvariantCulture, $"a:rel-{run}-{kind}-{n}"), string.Create(CultureInfo.InvariantCulture, $"29:rel-{run}-{kind}-{n}"));

    /// <summary>Brings a chat to question <paramref name="step"/> of <c>dobierz model</c>.</summary>
    private static async Task ParkAsync(Chat chat, Uri messages, int step, Tally tally, CancellationToken cancellationToken)
    {
        for (var attempt = 0; chat.AckedStep < step; attempt++)
        {
            if (!await chat.AdvanceAsync(messages, tally, cancellationToken).ConfigureAwait(false) && attempt > 20)
            {
                throw new InvalidOperationException($"{chat.ConversationId} could not reach question {step}/9.");
            }
        }
    }

    /// <summary>Keeps dialogs moving on whichever host <paramref name="messages"/> gives, a new chat after question 8.</summary>
    private static async Task WorkAsync(HttpClient http, FakeConnector connector, string run, int worker, Func<int, Uri> messages, Tally tally, CancellationToken stop)
    {
        var n = 0;
        var chat = NewChat(http, connector, run, "w" + worker.ToString(CultureInfo.InvariantCulture), n);
        var turn = 0;
        while (!stop.IsCancellationRequested)
        {
            bool ok;
            try
            {
                ok = await chat.AdvanceAsync(messages(turn++), tally, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            if (!ok)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            else if (chat.AckedStep >= 8)
            {
                chat = NewChat(http, connector, run, "w" + worker.ToString(CultureInfo.InvariantCulture), ++n);
            }
        }
    }
}
