using System.Globalization;
using ConsultBot.Testing;

namespace ConsultBot.Reliability;

public static partial class ReliabilitySuite
{
    /// <summary>
    /// Conversations parked at every question of <c>dobierz model</c>, workers moving others along, and the host
    /// SIGKILLed under that load; after each restart on the same SQLite file every parked dialog must go on from its
    /// question, and every worker's next answer must land on the question after its last acknowledged one.
    /// </summary>
    private static async Task<ScenarioResult> KillMidDialogAsync(SuiteOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var directory = NewDirectory();
        await using var connector = await FakeConnector.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var http = NewHttp();
        var tally = new Tally();
        var run = Run();
        await using var host = await HostProcess.StartAsync(options.HostDll, directory, Settings(connector, Sqlite(directory)), cancellationToken).ConfigureAwait(false);
        try
        {
            var parked = Enumerable.Range(0, options.Parked).Select(i => (Chat: NewChat(http, connector, run, "park", i), Step: 1 + (i % 8))).ToList();
            await Task.WhenAll(parked.Select(p => ParkAsync(p.Chat, host.Messages, p.Step, tally, cancellationToken))).ConfigureAwait(false);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => WorkAsync(http, connector, run, w, _ => host.Messages, tally, stop.Token), stop.Token)).ToArray();
            var restarts = new List<double>();
            for (var kill = 0; kill < options.Kills; kill++)
            {
                await Task.Delay(options.LoadBeforeKill, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                await host.KillAsync().ConfigureAwait(false);
                tally.Fault();
                var begun = TimeProvider.System.GetTimestamp();
                await host.RestartAsync(cancellationToken).ConfigureAwait(false);
                restarts.Add(TimeProvider.System.GetElapsedTime(begun).TotalSeconds);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   kill {kill + 1}: ready again after {restarts[^1]:F1} s, {tally.Turns} turns so far"));
            }

            await Task.Delay(options.LoadBeforeKill, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // Every parked dialog answers its next question on the restarted host.
            foreach (var (chat, step) in parked)
            {
                if (!await chat.AdvanceAsync(host.Messages, tally, cancellationToken).ConfigureAwait(false))
                {
                    tally.Lost($"{chat.ConversationId} (question {step}/9) got no answer after the restart");
                }
            }

            return tally.Result(string.Empty, string.Create(CultureInfo.InvariantCulture,
                $"{options.Parked} dialogs parked at 1/9..8/9 and {options.Workers} workers; SIGKILL ×{options.Kills}, ready again after {string.Join("/", restarts.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))} s; every dialog resumed at its question"));
        }
        finally
        {
            await host.KillAsync().ConfigureAwait(false);
            TryDelete(directory);
        }
    }

    /// <summary>
    /// Tickets queued while the connector answers slowly, the host SIGKILLed with a post in flight, restarted on the
    /// same store: every ticket is posted to the consultants' channel, none twice (a post the killed host sent but
    /// never heard back from is re-sent once its lease ends: that copy is counted apart, see the notes).
    /// </summary>
    private static async Task<ScenarioResult> KillMidOutboxAsync(SuiteOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var directory = NewDirectory();
        await using var connector = await FakeConnector.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var http = NewHttp();
        var tally = new Tally();
        var run = Run();
        var slow = TimeSpan.FromSeconds(2);
        connector.DelayNext(slow, times: 3, route: FakeConnectorRoute.CreateConversation);
        await using var host = await HostProcess.StartAsync(options.HostDll, directory, Settings(connector, Sqlite(directory)), cancellationToken).ConfigureAwait(false);
        try
        {
            var numbers = new List<string>();
            for (var i = 0; i < options.Tickets; i++)
            {
                var chat = NewChat(http, connector, run, "asker", i);
                var number = await chat.EscalateAsync(host.Messages, string.Create(CultureInfo.InvariantCulture, $"Pytanie {run} numer {i} o partnerstwo z NGO?"), cancellationToken).ConfigureAwait(false);
                tally.Turn();
                if (number is null)
                {
                    tally.Fail($"ticket {i}: the asker was not shown a ticket number");
                    continue;
                }

                numbers.Add(number);
            }

            await connector.WaitUntilHeldAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var killedAt = TimeProvider.System.GetUtcNow();
            await host.KillAsync().ConfigureAwait(false);
            tally.Fault();
            var postedBeforeKill = numbers.Count(n => Posts(connector, n).Count > 0);
            await host.RestartAsync(cancellationToken).ConfigureAwait(false);

            // A delivery leased by the killed host waits for its lease (Connector:TotalTimeout + 30 s) to end.
            var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(90);
            while (numbers.Any(n => Posts(connector, n).Count == 0) && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var held = connector.Requests.Where(r => r.Route == FakeConnectorRoute.CreateConversation).OrderBy(r => r.Sequence).Take(3).Select(r => r.Sequence).ToHashSet();
            var resent = 0;
            foreach (var number in numbers)
            {
                var posts = Posts(connector, number);
                if (posts.Count == 0)
                {
                    tally.Lost($"ticket {number} was never posted");
                    continue;
                }

                // A copy whose call was open when the host died (its answer came after the kill) could not be recorded:
                // the restarted host posts again. Teams offers no idempotency key for a new thread, so this is the one
                // re-send at-least-once delivery must allow; any other second copy is a duplicate.
                var unanswered = posts.Count(p => p.ReceivedAt < killedAt && p.ReceivedAt + (held.Contains(p.Sequence) ? slow : TimeSpan.FromSeconds(1)) >= killedAt);
                var extra = posts.Count - 1;
                var explained = Math.Min(extra, unanswered);
                resent += explained;
                for (var d = explained; d < extra; d++)
                {
                    tally.Duplicated($"ticket {number} posted {posts.Count} times");
                }
            }

            return tally.Result(string.Empty, string.Create(CultureInfo.InvariantCulture,
                $"{numbers.Count} tickets queued behind a connector answering in {slow.TotalSeconds:F0} s; SIGKILL with a post in flight ({postedBeforeKill} posted before); all posted after the restart; re-sent copies of the post the killed host never heard back from: {resent}"));
        }
        finally
        {
            await host.KillAsync().ConfigureAwait(false);
            TryDelete(directory);
        }
    }

    private static List<RecordedRequest> Posts(FakeConnector connector, string number) =>
        [.. connector.Requests.Where(r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded && r.Body.Contains(number, StringComparison.Ordinal))];
}
