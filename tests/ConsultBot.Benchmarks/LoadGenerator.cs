using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;

namespace ConsultBot.Benchmarks;

/// <summary>What one load run sends: the message text, the delivery mode, and what a good answer contains.</summary>
/// <remarks><paramref name="ConversationsPerConnection"/> 0: a new conversation id on every request (the soak).</remarks>
internal sealed record Workload(string Name, string Text, bool ExpectReplies, string? ExpectInBody, int ConversationsPerConnection = 8);

/// <summary>Latency percentiles (ms) and throughput of one run.</summary>
internal sealed record LoadResult(
    string Generator, int Connections, double Seconds, long Ok, long Failed, double TurnsPerSecond,
    double P50, double P90, double P99, double Max, string? FirstError)
{
    public double Mean { get; init; }
}

/// <summary>
/// Activity JSON built from the same <see cref="ConversationDriver"/> the tests use, cut at the activity id so a
/// request costs the client two copies and a number format instead of a serialization.
/// </summary>
internal sealed class PayloadTemplate
{
    private const string IdMarker = "__BENCH_ID__";
    private const string ConversationMarker = "__BENCH_CONV__";
    private readonly string _prefix;
    private readonly string _middle;
    private readonly string _suffix;

    public PayloadTemplate(Workload workload, string serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(workload);
        using var http = new HttpClient();
        var driver = new ConversationDriver(http, new Uri("http://unused/"), serviceUrl, ConversationMarker);
        var activity = driver.NewMessage(workload.Text);
        activity.Id = IdMarker;
        if (workload.ExpectReplies)
        {
            activity.DeliveryMode = DeliveryModes.ExpectReplies;
        }

        Json = JsonSerializer.Serialize(activity, ProtocolJsonContext.Default.Activity);
        var id = Json.IndexOf(IdMarker, StringComparison.Ordinal);
        var conv = Json.IndexOf(ConversationMarker, StringComparison.Ordinal);
        if (id < 0 || conv < 0 || Json.IndexOf(IdMarker, id + 1, StringComparison.Ordinal) >= 0 || Json.IndexOf(ConversationMarker, conv + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException("The activity template must hold the id and the conversation id exactly once.");
        }

        // Order-independent split: first marker, second marker.
        var (firstAt, firstLen, secondAt, secondLen, idFirst) = id < conv
            ? (id, IdMarker.Length, conv, ConversationMarker.Length, true)
            : (conv, ConversationMarker.Length, id, IdMarker.Length, false);
        _prefix = Json[..firstAt];
        _middle = Json[(firstAt + firstLen)..secondAt];
        _suffix = Json[(secondAt + secondLen)..];
        IdFirst = idFirst;
    }

    /// <summary>The serialized activity with markers (also used to build the wrk script).</summary>
    public string Json { get; }

    public bool IdFirst { get; }

    public (string Prefix, string Middle, string Suffix) Parts => (_prefix, _middle, _suffix);

    public byte[] Build(string id, string conversationId) =>
        Encoding.UTF8.GetBytes(IdFirst ? string.Concat(_prefix, id, _middle, conversationId, _suffix) : string.Concat(_prefix, conversationId, _middle, id, _suffix));
}

/// <summary>
/// The in-process load generator: N connections (one worker each, one request in flight per connection), a fixed
/// duration after a warm-up, every request a new activity id, each connection rotating over its own conversations
/// (a user never has two turns of one conversation in flight, so ETag conflicts do not distort the state runs).
/// Percentiles come from all latency samples, sorted.
/// </summary>
internal static class LoadGenerator
{
    private static long s_run;

    public static async Task<LoadResult> RunAsync(Uri baseAddress, Workload workload, string serviceUrl, int connections, TimeSpan duration, TimeSpan warmup, CancellationToken cancellationToken)
    {
        var template = new PayloadTemplate(workload, serviceUrl);
        var run = Interlocked.Increment(ref s_run);
        var runTag = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{run}-{Stopwatch.GetTimestamp():x}");
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var endpoint = new Uri(baseAddress, "/api/messages");
        var expected = workload.ExpectInBody is null ? null : Encoding.UTF8.GetBytes(workload.ExpectInBody);

        if (warmup > TimeSpan.Zero)
        {
            await PhaseAsync("w").ConfigureAwait(false);
        }

        var measured = await PhaseAsync("m").ConfigureAwait(false);
        return measured;

        async Task<LoadResult> PhaseAsync(string phase)
        {
            var length = phase == "w" ? warmup : duration;
            var workers = new Worker[connections];
            for (var i = 0; i < connections; i++)
            {
                workers[i] = new Worker(i, workload.ConversationsPerConnection, runTag);
            }

            var started = Stopwatch.GetTimestamp();
            var deadline = started + (long)(length.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(workers.Select(w => Task.Run(() => w.LoopAsync(http, endpoint, template, expected, phase, deadline, cancellationToken), cancellationToken))).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var samples = new List<long>(workers.Sum(w => w.Samples.Count));
            foreach (var w in workers)
            {
                samples.AddRange(w.Samples);
            }

            samples.Sort();
            var ok = workers.Sum(w => w.Ok);
            var failed = workers.Sum(w => w.Failed);
            return new LoadResult(
                "dotnet", connections, elapsed, ok, failed, ok / elapsed,
                Percentile(samples, 0.50), Percentile(samples, 0.90), Percentile(samples, 0.99), samples.Count == 0 ? 0 : ToMs(samples[^1]),
                workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null))
            {
                Mean = samples.Count == 0 ? 0 : samples.Average(ToMs),
            };
        }
    }

    public static double Percentile(List<long> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }

        // Nearest-rank, as HdrHistogram reports it (the value at or below which p of the samples fall).
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return ToMs(sorted[Math.Clamp(rank, 0, sorted.Count - 1)]);
    }

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private sealed class Worker(int index, int conversations, string runTag)
    {
        private readonly string[] _conversations = [.. Enumerable.Range(0, conversations).Select(c => string.Create(CultureInfo.InvariantCulture, $"a:bench-{index}-{c}"))];

        private string ConversationFor(int n, string phase) => _conversations.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"a:soak-{runTag}-{phase}-{index}-{n}")
            : _conversations[n % _conversations.Length];

        public List<long> Samples { get; } = new(64 * 1024);

        public long Ok { get; private set; }

        public long Failed { get; private set; }

        public string? FirstError { get; private set; }

        public async Task LoopAsync(HttpClient http, Uri endpoint, PayloadTemplate template, byte[]? expected, string phase, long deadline, CancellationToken cancellationToken)
        {
            var n = 0;
            var contentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                n++;
                var id = string.Create(CultureInfo.InvariantCulture, $"{runTag}-{phase}-{index}-{n}");
                var body = template.Build(id, ConversationFor(n, phase));
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = contentType;
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync(endpoint, content, cancellationToken).ConfigureAwait(false);
                    var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    var elapsed = Stopwatch.GetTimestamp() - start;
                    var good = response.StatusCode == HttpStatusCode.OK && (expected is null || bytes.AsSpan().IndexOf(expected) >= 0);
                    if (good)
                    {
                        Ok++;
                        Samples.Add(elapsed);
                    }
                    else
                    {
                        Failed++;
                        FirstError ??= $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 300)))}";
                    }
                }
                catch (HttpRequestException ex)
                {
                    Failed++;
                    FirstError ??= ex.Message;
                }
            }
        }
    }
}
