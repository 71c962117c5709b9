using System.Globalization;
using System.Net;
using ConsultBot.Testing;
using Npgsql;

namespace ConsultBot.Reliability;

public static partial class ReliabilitySuite
{
    /// <summary>
    /// A host on PostgreSQL through a proxy that is cut (connections reset, new ones refused) for the outage and then
    /// restored, workers talking all along: during the outage every turn gets the "try again" reply (not silence),
    /// afterwards /readyz comes back by itself and every acknowledged turn is still in the store.
    /// </summary>
    private static async Task<ScenarioResult> StoreOutageAsync(SuiteOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        await using var database = await ScratchDatabase.CreateAsync(options.Postgres!, cancellationToken).ConfigureAwait(false);
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, target.Port));
        proxy.Restore();
        var viaProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        var directory = NewDirectory();
        await using var connector = await FakeConnector.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var http = NewHttp();
        var tally = new Tally();
        var run = Run();
        await using var host = await HostProcess.StartAsync(options.HostDll, directory, Settings(connector, Postgres(viaProxy)), cancellationToken).ConfigureAwait(false);
        try
        {
            var parked = Enumerable.Range(0, options.Parked).Select(i => (Chat: NewChat(http, connector, run, "park", i), Step: 1 + (i % 8))).ToList();
            await Task.WhenAll(parked.Select(p => ParkAsync(p.Chat, host.Messages, p.Step, tally, cancellationToken))).ConfigureAwait(false);

            // Users writing during the outage: each answer must be a question (acknowledged) or "try again" (not).
            var tryAgain = 0;
            var silent = 0;
            var outageTurns = 0;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => WorkAsync(http, connector, run, w, _ => host.Messages, tally, stop.Token), stop.Token)).ToArray();
            await Task.Delay(options.LoadBeforeKill, TimeProvider.System, cancellationToken).ConfigureAwait(false);

            await proxy.CutAsync().ConfigureAwait(false);
            tally.Fault();
            var cutAt = TimeProvider.System.GetTimestamp();
            var probes = Enumerable.Range(0, options.Workers).Select(i => NewChat(http, connector, run, "outage", i)).ToList();
            while (TimeProvider.System.GetElapsedTime(cutAt) < options.StoreOutage)
            {
                var answers = await Task.WhenAll(probes.Select(p => p.SendAsync(host.Messages, "dobierz model", cancellationToken))).ConfigureAwait(false);
                foreach (var answer in answers)
                {
                    outageTurns++;
                    if (answer.SaysTryAgain)
                    {
                        tryAgain++;
                    }
                    else if (answer.Status != 200 || answer.Step == 0)
                    {
                        silent++;
                        tally.Fail(string.Create(CultureInfo.InvariantCulture, $"during the outage a user got {answer.Status} without a try-again reply: {answer.Text[Math.Max(0, answer.Text.IndexOf("\"text\"", StringComparison.Ordinal))..][..Math.Min(160, answer.Text.Length - Math.Max(0, answer.Text.IndexOf("\"text\"", StringComparison.Ordinal)))]}"));
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }

            proxy.Restore();
            var restoredAt = TimeProvider.System.GetTimestamp();
            await host.WaitReadyAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
            var recovered = TimeProvider.System.GetElapsedTime(restoredAt).TotalSeconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   store back: /readyz ready after {recovered:F1} s; during the outage {tryAgain} try-again replies, {silent} without one"));
            await Task.Delay(options.LoadBeforeKill, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            foreach (var (chat, step) in parked)
            {
                if (!await chat.AdvanceAsync(host.Messages, tally, cancellationToken).ConfigureAwait(false))
                {
                    tally.Lost($"{chat.ConversationId} (question {step}/9) got no answer after the outage");
                }
            }

            return tally.Result(string.Empty, string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL cut for {SuiteOptions.Seconds(options.StoreOutage)} s under {options.Workers} workers: {outageTurns} turns during the outage, {tryAgain} answered \"try again\", {silent} silent; /readyz ready {recovered:F1} s after the store came back, with no restart; every acknowledged turn found afterwards"));
        }
        finally
        {
            await host.KillAsync().ConfigureAwait(false);
            TryDelete(directory);
        }
    }

    /// <summary>
    /// Two hosts (three in the full run) on one PostgreSQL database, each conversation's turns sent round-robin over
    /// them, and some activities delivered to every host at once (as a Teams retry can land anywhere): no turn lost,
    /// none applied twice.
    /// </summary>
    private static async Task<ScenarioResult> ScaleOutAsync(SuiteOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        await using var database = await ScratchDatabase.CreateAsync(options.Postgres!, cancellationToken).ConfigureAwait(false);
        var directory = NewDirectory();
        await using var connector = await FakeConnector.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var http = NewHttp();
        var tally = new Tally();
        var run = Run();
        var count = options.Fast ? 2 : 3;
        var hosts = new List<HostProcess>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                hosts.Add(await HostProcess.StartAsync(options.HostDll, directory, Settings(connector, Postgres(database.ConnectionString)), cancellationToken).ConfigureAwait(false));
            }

            var redelivered = 0;
            var chats = Enumerable.Range(0, options.Parked * 2).Select(i => NewChat(http, connector, run, "rr", i)).ToList();
            await Task.WhenAll(chats.Select((chat, c) => Task.Run(async () =>
            {
                for (var turn = 0; chat.AckedStep < 8; turn++)
                {
                    if (turn % 3 == 2 && chat.AckedStep > 0)
                    {
                        // The same activity to every host at once: exactly one may apply it.
                        var activity = chat.Message(hosts[0].Messages, "1");
                        var answers = await Task.WhenAll(hosts.Select(h => chat.PostAsync(h.Messages, activity, cancellationToken))).ConfigureAwait(false);
                        Interlocked.Increment(ref redelivered);
                        tally.Turn();
                        var moved = answers.Where(a => a.Acknowledged && a.Step > chat.AckedStep).Select(a => a.Step).Distinct().ToList();
                        if (moved.Count > 1 || moved.Any(s => s > chat.AckedStep + 1))
                        {
                            tally.Duplicated($"{chat.ConversationId}: one activity sent to {count} hosts moved {chat.AckedStep}/9 to {string.Join(" and ", moved)}");
                        }

                        if (moved.Count == 1)
                        {
                            chat.AckedStep = moved[0];
                        }
                        else
                        {
                            chat.Uncertain = true;
                        }

                        continue;
                    }

                    var host = hosts[(turn + c) % hosts.Count];
                    if (!await chat.AdvanceAsync(host.Messages, tally, cancellationToken).ConfigureAwait(false) && turn > 60)
                    {
                        tally.Fail($"{chat.ConversationId} stuck at {chat.AckedStep}/9");
                        return;
                    }
                }
            }, cancellationToken))).ConfigureAwait(false);

            return tally.Result(string.Empty, string.Create(CultureInfo.InvariantCulture,
                $"{count} hosts on one database, {chats.Count} conversations round-robin over them to 8/9, {redelivered} activities delivered to all {count} hosts at once"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }

            TryDelete(directory);
        }
    }

    /// <summary>A database of its own on the shared server (dropped afterwards), so runs never see each other's rows.</summary>
    private sealed class ScratchDatabase : IAsyncDisposable
    {
        private readonly string _admin;
        private readonly string _name;

        private ScratchDatabase(string admin, string name, string connectionString)
        {
            _admin = admin;
            _name = name;
            ConnectionString = connectionString;
        }

        public string ConnectionString { get; }

        public static async Task<ScratchDatabase> CreateAsync(string baseConnectionString, CancellationToken cancellationToken)
        {
            var name = "consultbot_rel_" + Guid.NewGuid().ToString("N")[..12];
            var admin = new NpgsqlConnectionStringBuilder(baseConnectionString) { Pooling = false }.ConnectionString;
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var own = new NpgsqlConnectionStringBuilder(baseConnectionString) { Database = name }.ConnectionString;
            return new ScratchDatabase(admin, name, own);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var connection = new NpgsqlConnection(_admin);
                await connection.OpenAsync().ConfigureAwait(false);
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // Left behind: the name says what it is (consultbot_rel_*).
            }
        }
    }
}
