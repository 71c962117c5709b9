using System.Globalization;
using ConsultBot.Testing;

namespace ConsultBot.Reliability;

public static partial class ReliabilitySuite
{
    /// <summary>
    /// One user sends far more than the per-user limit (30 per 10 s, the default) from several connections while
    /// others chat: the flood is refused with 429 (and one polite notice per window), nobody else is refused, and
    /// the others' latency stays near what it was without the flood.
    /// </summary>
    private static async Task<ScenarioResult> AbuseAsync(SuiteOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var directory = NewDirectory();
        await using var connector = await FakeConnector.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var http = NewHttp();
        var tally = new Tally();
        var run = Run();
        var settings = Settings(connector, Sqlite(directory), generousRateLimit: false);
        settings["Bot__RateLimitPermits"] = "30";
        settings["Bot__RateLimitWindow"] = "00:00:10";
        await using var host = await HostProcess.StartAsync(options.HostDll, directory, settings, cancellationToken).ConfigureAwait(false);
        try
        {
            var others = Enumerable.Range(0, 6).Select(i => NewChat(http, connector, run, "user", i)).ToList();
            var quiet = await OthersAsync(others, host, 0, tally, cancellationToken).ConfigureAwait(false);

            var flooder = NewChat(http, connector, run, "flood", 0);
            var refused = 0;
            var answered = 0;
            var next = 0;
            var flood = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) <= options.Floods)
                {
                    var answer = await flooder.SendAsync(host.Messages, "pomoc", cancellationToken).ConfigureAwait(false);
                    tally.BadInput();
                    if (answer.Status == 429)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    else if (answer.Status == 200)
                    {
                        Interlocked.Increment(ref answered);
                    }
                }
            }, cancellationToken)).ToArray();
            var busy = await OthersAsync(others, host, 1, tally, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(flood).ConfigureAwait(false);

            if (refused == 0)
            {
                tally.Fail("the flooding user was never refused");
            }

            if (answered > 30 * 4)
            {
                tally.Fail(string.Create(CultureInfo.InvariantCulture, $"the flooding user got {answered} turns answered"));
            }

            var notices = connector.Requests.Count(r => r.ConversationId == flooder.ConversationId && r.Succeeded);
            var p95Quiet = Percentile(quiet, 0.95);
            var p95Busy = Percentile(busy, 0.95);

            // Two cores shared with the flood's own refusals: "normal" is within 3× the quiet p95 plus 150 ms.
            if (p95Busy > (3 * p95Quiet) + 150)
            {
                tally.Fail(string.Create(CultureInfo.InvariantCulture, $"others' p95 went from {p95Quiet:F0} ms to {p95Busy:F0} ms under the flood"));
            }

            return tally.Result(string.Empty, string.Create(CultureInfo.InvariantCulture,
                $"{options.Floods} messages from one user on 8 connections: {refused} refused with 429, {answered} answered, {notices} polite notice(s); 6 other users: p50 {Percentile(quiet, 0.5):F0} → {Percentile(busy, 0.5):F0} ms, p95 {p95Quiet:F0} → {p95Busy:F0} ms, none refused"));
        }
        finally
        {
            await host.KillAsync().ConfigureAwait(false);
            TryDelete(directory);
        }
    }

    /// <summary>Six users, a few turns each (a help request and dialog steps); returns their latencies.</summary>
    private static async Task<List<double>> OthersAsync(List<Chat> others, HostProcess host, int round, Tally tally, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        await Task.WhenAll(others.Select(chat => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                var answer = await chat.SendAsync(host.Messages, i % 2 == 0 ? "pomoc" : "kto jest liderem w modelu strategicznym", cancellationToken).ConfigureAwait(false);
                tally.Turn();
                if (answer.Status != 200)
                {
                    tally.Fail(string.Create(CultureInfo.InvariantCulture, $"{chat.ConversationId} (round {round}) got {answer.Status}"));
                }

                lock (latencies)
                {
                    latencies.Add(answer.Ms);
                }
            }
        }, cancellationToken))).ConfigureAwait(false);
        return latencies;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
