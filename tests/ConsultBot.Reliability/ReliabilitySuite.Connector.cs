using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;

namespace ConsultBot.Reliability;

public static partial class ReliabilitySuite
{
    /// <summary>
    /// The connector misbehaves: turn replies sent through it meet a 429 storm with Retry-After, 502/503/504 and slow
    /// answers (within the client's retry budget: each reply arrives once); ticket posts meet more 429s than one call
    /// retries, the 5xx family, slow answers and a 403 MessageWritesBlocked (each ticket posted once, or given up and
    /// listed as a dead letter; never twice, never silently dropped).
    /// </summary>
    private static async Task<ScenarioResult> ConnectorFaultsAsync(SuiteOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var directory = NewDirectory();
        await using var connector = await FakeConnector.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var http = NewHttp();
        var tally = new Tally();
        var run = Run();
        await using var host = await HostProcess.StartAsync(options.HostDll, directory, Settings(connector, Sqlite(directory)), cancellationToken).ConfigureAwait(false);
        try
        {
            // Turn replies through the connector (delivery mode normal): which route the bot uses, and how many activities one reply has.
            var probe = NewChat(http, connector, run, "probe", 0);
            var probed = await SendNormalAsync(probe, host, "pomoc", cancellationToken).ConfigureAwait(false);
            var baseline = await WaitRepliesAsync(connector, probe, probed, 1, cancellationToken).ConfigureAwait(false);
            var route = baseline.Count > 0 ? baseline[0].Route : FakeConnectorRoute.ReplyToActivity;
            var perTurn = baseline.Count;
            if (perTurn == 0)
            {
                tally.Fail("no reply through the connector for a normal-delivery message");
            }

            var faults = 0;
            void Script(int status, int times, TimeSpan? retryAfter = null, string? code = null, FakeConnectorRoute? on = null)
            {
                connector.FailNext(on ?? route, status, times, retryAfter, code);
                faults += times;
            }

            // One fault pattern per turn, each within the client's budget of 3 retries (more would lose the reply: see notes).
            Action[] patterns =
            [
                () => Script(429, 2, TimeSpan.FromSeconds(1)),
                () => Script(502, 1),
                () => Script(503, 1),
                () => Script(504, 1),
                () =>
                {
                    connector.DelayNext(TimeSpan.FromMilliseconds(1500), times: 1, route: route);
                    faults++;
                },
                () =>
                {
                    Script(429, 1, TimeSpan.FromSeconds(1));
                    Script(503, 1);
                },
            ];
            var turns = Enumerable.Range(0, options.Fast ? 6 : 18).Select(i => NewChat(http, connector, run, "reply", i)).ToList();
            var sent = new List<(Chat Chat, string ActivityId)>();
            for (var i = 0; i < turns.Count; i++)
            {
                patterns[i % patterns.Length]();
                sent.Add((turns[i], await SendNormalAsync(turns[i], host, "pomoc", cancellationToken).ConfigureAwait(false)));
                tally.Turn();
                await WaitRepliesAsync(connector, turns[i], sent[^1].ActivityId, perTurn, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (chat, activityId) in sent)
            {
                var replies = await WaitRepliesAsync(connector, chat, activityId, perTurn, cancellationToken).ConfigureAwait(false);
                if (replies.Count < perTurn)
                {
                    tally.Lost($"reply to {activityId} in {chat.ConversationId}: {replies.Count} of {perTurn} activities arrived");
                }
                else if (replies.Count > perTurn)
                {
                    tally.Duplicated($"reply to {activityId} in {chat.ConversationId}: {replies.Count} activities, {perTurn} expected");
                }
            }

            // Ticket posts through the outbox.
            Script(429, 5, TimeSpan.FromSeconds(1), on: FakeConnectorRoute.CreateConversation);
            Script(502, 1, on: FakeConnectorRoute.CreateConversation);
            Script(503, 1, on: FakeConnectorRoute.CreateConversation);
            Script(504, 1, on: FakeConnectorRoute.CreateConversation);
            connector.DelayNext(TimeSpan.FromMilliseconds(1500), times: 2, route: FakeConnectorRoute.CreateConversation);
            faults += 2;
            Script(403, 1, code: "MessageWritesBlocked", on: FakeConnectorRoute.CreateConversation);
            var numbers = new List<string>();
            for (var i = 0; i < options.Tickets; i++)
            {
                var number = await NewChat(http, connector, run, "asker", i).EscalateAsync(host.Messages, string.Create(CultureInfo.InvariantCulture, $"Pytanie {run} numer {i} o budżet partnerstwa?"), cancellationToken).ConfigureAwait(false);
                tally.Turn();
                if (number is null)
                {
                    tally.Fail($"ticket {i}: the asker was not shown a ticket number");
                    continue;
                }

                numbers.Add(number);
            }

            var deadline = Stopwatch.GetTimestamp() + (long)(60 * Stopwatch.Frequency);
            HashSet<string> dead = [];
            while (Stopwatch.GetTimestamp() < deadline)
            {
                dead = await DeadLetteredTicketsAsync(http, host, cancellationToken).ConfigureAwait(false);
                if (numbers.All(n => Posts(connector, n).Count > 0 || dead.Contains(n)))
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var posted = 0;
            foreach (var number in numbers)
            {
                var posts = Posts(connector, number).Count;
                posted += posts > 0 ? 1 : 0;
                if (posts == 0 && !dead.Contains(number))
                {
                    tally.Lost($"ticket {number}: neither posted nor listed as undeliverable");
                }
                else if (posts > 1)
                {
                    tally.Duplicated($"ticket {number} posted {posts} times");
                }
                else if (posts == 1 && dead.Contains(number))
                {
                    tally.Fail($"ticket {number} posted and also listed as a dead letter");
                }
            }

            tally.Fault(faults);
            return tally.Result(string.Empty, string.Create(CultureInfo.InvariantCulture,
                $"{sent.Count} normal-delivery replies, each meeting one of 429×2 (Retry-After 1 s), 502, 503, 504, a slow answer, 429+503: each arrived once; {numbers.Count} tickets through 429×5, 502, 503, 504, 2 slow and a 403 MessageWritesBlocked: {posted} posted once, {numbers.Count - posted} listed as dead letters (undeliverable)"));
        }
        finally
        {
            await host.KillAsync().ConfigureAwait(false);
            TryDelete(directory);
        }
    }

    private static async Task<string> SendNormalAsync(Chat chat, HostProcess host, string text, CancellationToken cancellationToken)
    {
        var activity = chat.Message(host.Messages, text);
        activity.DeliveryMode = DeliveryModes.Normal;
        var answer = await chat.PostAsync(host.Messages, activity, cancellationToken).ConfigureAwait(false);
        if (answer.Status is not (200 or 202))
        {
            throw new InvalidOperationException($"A normal-delivery message got {answer.Status}: {answer.Body}");
        }

        return activity.Id!;
    }

    private static async Task<List<RecordedRequest>> WaitRepliesAsync(FakeConnector connector, Chat chat, string activityId, int expected, CancellationToken cancellationToken)
    {
        bool Matches(RecordedRequest r) => r.Succeeded && r.ConversationId == chat.ConversationId
            && r.Route is FakeConnectorRoute.ReplyToActivity or FakeConnectorRoute.SendToConversation
            && (r.ActivityId == activityId || r.Activity?.ReplyToId == activityId);
        var deadline = Stopwatch.GetTimestamp() + (long)(20 * Stopwatch.Frequency);
        while (connector.Requests.Count(Matches) < expected && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        // Late copies (a retry of a call that did arrive) would come within the retry budget.
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        return [.. connector.Requests.Where(Matches)];
    }

    private static async Task<HashSet<string>> DeadLetteredTicketsAsync(HttpClient http, HostProcess host, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, "/api/handoff/dead-letters"));
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }

        var letters = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))?.AsArray() ?? [];
        return [.. letters.Select(l => l?["ticketNumber"]?.GetValue<string>()).OfType<string>()];
    }
}
