using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Activity = ConsultBot.Protocol.Schema.Activity;

namespace ConsultBot.Benchmarks;

/// <summary>Cost of one operation: mean microseconds (wall, one caller) and bytes allocated.</summary>
internal sealed record Section(string Name, int Iterations, double MicrosPerOp, double BytesPerOp, string Note);

/// <summary>
/// Stopwatch + allocation sections of the turn path, without HTTP: the pieces (activity JSON, the store calls a
/// turn makes) and the whole adapter pipeline driven with a <see cref="DefaultHttpContext"/>. Runs in this process
/// against a real host's services (SQLite in a temp folder).
/// </summary>
internal static class Profiler
{
    /// <summary>Sampled allocations (type, approximate bytes) of each pipeline section.</summary>
    public static Dictionary<string, List<(string Type, long Bytes)>> TopAllocations { get; } = [];

    public static async Task<List<Section>> RunAsync(int iterations, CancellationToken cancellationToken)
    {
        await using var server = await BenchServer.StartAsync(cancellationToken).ConfigureAwait(false);
        var services = server.Services;
        var storage = services.GetRequiredService<IStorage>();
        var adapter = services.GetRequiredService<CloudAdapter>();
        var feature = services.GetRequiredService<BenchFeature>();
        var bot = new BotApplication();
        feature.Register(bot);
        var sections = new List<Section>();
        var echo = new PayloadTemplate(new Workload("echo", BenchFeature.EchoPrefix + "hi", true, null), "http://127.0.0.1:9/");
        var payload = echo.Build("profile-1", "a:profile-conv");

        sections.Add(await MeasureAsync("JSON: deserialize activity (ProtocolJsonContext)", iterations * 4, i =>
        {
            _ = JsonSerializer.Deserialize(payload, ProtocolJsonContext.Default.Activity);
            return Task.CompletedTask;
        }, $"{payload.Length} B body").ConfigureAwait(false));

        var reply = new ExpectedReplies { Activities = [new Activity { Type = ActivityTypes.Message, Text = "hi", ServiceUrl = "http://127.0.0.1:9/", Conversation = new ConversationAccount { Id = "a:x" }, From = new ChannelAccount { Id = "28:bot" }, Recipient = new ChannelAccount { Id = "29:u" } }] };
        sections.Add(await MeasureAsync("JSON: serialize expectReplies body (1 reply)", iterations * 4, i =>
        {
            _ = JsonSerializer.SerializeToUtf8Bytes(reply, ProtocolJsonContext.Default.ExpectedReplies);
            return Task.CompletedTask;
        }, string.Empty).ConfigureAwait(false));

        var run = Stopwatch.GetTimestamp().ToString("x", CultureInfo.InvariantCulture);
        sections.Add(await MeasureAsync("SQLite: create-only write (dedup record)", iterations, i =>
            storage.WriteAsync(new Dictionary<string, StoreItem> { [$"processed-activities/msteams/a:c/{run}-{i}"] = new StoreItem("{}", StoreItem.CreateOnly, DateTimeOffset.FromUnixTimeSeconds(4_000_000_000)) }, cancellationToken),
            "one INSERT under the write gate, WAL, synchronous=NORMAL").ConfigureAwait(false));

        const string stateKey = "msteams/conversations/a:profile-state";
        var etags = await storage.WriteAsync(new Dictionary<string, StoreItem> { [stateKey] = new StoreItem("{\"benchCounter\":{\"count\":1}}") }, cancellationToken).ConfigureAwait(false);
        sections.Add(await MeasureAsync("SQLite: read one key (state load)", iterations, _ => storage.ReadAsync([stateKey], cancellationToken), string.Empty).ConfigureAwait(false));
        sections.Add(await MeasureAsync("SQLite: read missing key (user state, new user)", iterations, i => storage.ReadAsync([$"msteams/users/{run}-{i}"], cancellationToken), string.Empty).ConfigureAwait(false));
        var etag = etags[stateKey];
        sections.Add(await MeasureAsync("SQLite: ETag update (state save)", iterations, async _ =>
        {
            var result = await storage.WriteAsync(new Dictionary<string, StoreItem> { [stateKey] = new StoreItem("{\"benchCounter\":{\"count\":2}}", etag) }, cancellationToken).ConfigureAwait(false);
            etag = result[stateKey];
        }, string.Empty).ConfigureAwait(false));

        // The whole turn path minus Kestrel and the client: adapter (read, validate, dedup), middleware
        // (conversation reference, language, auto-save), route, expectReplies body.
        foreach (var (name, text, conversations) in new[]
        {
            ("Pipeline: echo turn (expectReplies)", BenchFeature.EchoPrefix + "hi", 128),
            ("Pipeline: state turn (counter, SQLite)", BenchFeature.CountText, 128),
            ("Pipeline: dialog step (2-step waterfall, SQLite)", BenchFeature.DialogPrefix + "hi", 128),
        })
        {
            var template = new PayloadTemplate(new Workload(name, text, true, null), "http://127.0.0.1:9/");
            var failures = 0;
            var tag = text[..8] + run;
            using var sampler = new AllocationSampler();
            var section = await MeasureAsync(name, iterations, async i =>
            {
                var context = new DefaultHttpContext();
                context.Request.Method = HttpMethods.Post;
                context.Request.ContentType = "application/json";
                var body = template.Build(string.Create(CultureInfo.InvariantCulture, $"p-{tag}-{i}"), string.Create(CultureInfo.InvariantCulture, $"a:p-{tag}-{i % conversations}"));
                context.Request.Body = new MemoryStream(body);
                context.Request.ContentLength = body.Length;
                context.Response.Body = new MemoryStream();
                await adapter.ProcessAsync(context, bot).ConfigureAwait(false);
                if (context.Response.StatusCode != 200)
                {
                    failures++;
                }
            }, "in-process, one caller; includes its own request/response objects").ConfigureAwait(false);
            sections.Add(section with { Note = section.Note + (failures > 0 ? $"; {failures} non-200" : string.Empty) });
            TopAllocations[name] = sampler.Top(12);
        }

        return sections;
    }

    private static async Task<Section> MeasureAsync(string name, int iterations, Func<int, Task> operation, string note)
    {
        // Warm-up: tiering and the SQLite statement cache.
        for (var i = 0; i < Math.Min(iterations, 2000); i++)
        {
            await operation(-1 - i).ConfigureAwait(false);
        }

        var totalAllocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            await operation(i).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);

        // Async continuations may hop threads: the process-wide figure is the honest one (nothing else runs).
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - totalAllocated;
        var section = new Section(name, iterations, elapsed.TotalMicroseconds / iterations, (double)bytes / iterations, note);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-55} {section.MicrosPerOp,9:F1} µs/op {section.BytesPerOp,10:F0} B/op"));
        return section;
    }

    public static string Describe(IEnumerable<Section> sections)
    {
        var builder = new StringBuilder();
        foreach (var (name, top) in TopAllocations)
        {
            var total = Math.Max(1, top.Sum(t => t.Bytes));
            builder.Append(CultureInfo.InvariantCulture, $"Sampled allocations of \"{name}\" (GC AllocationTick, ~100 KB sampling; share of sampled bytes): ");
            builder.AppendLine(string.Join(", ", top.Take(8).Select(t => string.Create(CultureInfo.InvariantCulture, $"`{t.Type}` {100.0 * t.Bytes / total:F0}%"))));
            builder.AppendLine();
        }

        builder.AppendLine();
        builder.AppendLine("| Section | µs/op (1 caller) | bytes/op | ops | note |");
        builder.AppendLine("|---|---:|---:|---:|---|");
        foreach (var s in sections)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {s.MicrosPerOp:F1} | {s.BytesPerOp:F0} | {s.Iterations} | {s.Note} |");
        }

        return builder.ToString();
    }
}
