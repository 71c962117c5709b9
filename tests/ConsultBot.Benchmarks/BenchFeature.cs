using System.Text.Json.Serialization;
using ConsultBot.Dialogs;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Benchmarks;

/// <summary>
/// Benchmark-only routes, ranked first so no product route runs before them:
/// <c>bench-echo X</c> replies X; <c>bench-count</c> increments a conversation-state counter;
/// <c>bench-dialog X</c> runs one step of a two-step waterfall kept in conversation state.
/// </summary>
internal sealed class BenchFeature : IBotFeature
{
    public const string EchoPrefix = "bench-echo ";
    public const string CountText = "bench-count";
    public const string DialogPrefix = "bench-dialog ";

    private readonly IStatePropertyAccessor<CounterState> _counter;
    private readonly DialogSet _dialogs;
    private long _turns;

    public BenchFeature(ConversationState conversationState)
    {
        ArgumentNullException.ThrowIfNull(conversationState);
        _counter = conversationState.CreateProperty("benchCounter", BenchJsonContext.Default.CounterState);

        // Built once: a dialog set per turn would redo the step list and version hashing every turn.
        var waterfall = new WaterfallDialog<DialogBenchState>("bench-waterfall", BenchJsonContext.Default.DialogBenchState)
            .AddStep("ask", async (step, ct) =>
            {
                await step.Context.SendActivityAsync("ask", ct).ConfigureAwait(false);
                return step.EndOfTurn;
            })
            .AddStep("answer", async (step, ct) =>
            {
                step.State = step.State with { Answers = step.State.Answers + 1 };
                await step.Context.SendActivityAsync("answer", ct).ConfigureAwait(false);
                return await step.EndDialogAsync(null, ct).ConfigureAwait(false);
            });
        _dialogs = new DialogSet(conversationState.CreateDialogStateProperty()).Add(waterfall);
    }

    /// <summary>Turns handled by these routes (the server-side denominator of allocations per turn).</summary>
    public long Turns => Interlocked.Read(ref _turns);

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Plain prefix checks: a benchmark route must not add regex or folding cost of its own.
        app.OnActivity(
            static ctx => ctx.Activity.IsType(ActivityTypes.Message) && ctx.Activity.Text is { } t && t.StartsWith(EchoPrefix, StringComparison.Ordinal),
            async (ctx, ct) =>
            {
                Interlocked.Increment(ref _turns);
                await ctx.SendActivityAsync(ctx.Activity.Text![EchoPrefix.Length..], ct).ConfigureAwait(false);
            },
            RouteRank.First);

        app.OnActivity(
            static ctx => ctx.Activity.IsType(ActivityTypes.Message) && string.Equals(ctx.Activity.Text, CountText, StringComparison.Ordinal),
            async (ctx, ct) =>
            {
                Interlocked.Increment(ref _turns);
                var counter = await _counter.GetAsync(ctx, static () => new CounterState(0), ct).ConfigureAwait(false) ?? new CounterState(0);
                var next = counter with { Count = counter.Count + 1 };
                await _counter.SetAsync(ctx, next, ct).ConfigureAwait(false);
                await ctx.SendActivityAsync($"count {next.Count}", ct).ConfigureAwait(false);
            },
            RouteRank.First);

        app.OnActivity(
            static ctx => ctx.Activity.IsType(ActivityTypes.Message) && ctx.Activity.Text is { } t && t.StartsWith(DialogPrefix, StringComparison.Ordinal),
            async (ctx, ct) =>
            {
                Interlocked.Increment(ref _turns);
                await _dialogs.RunAsync(ctx, "bench-waterfall", null, ct).ConfigureAwait(false);
            },
            RouteRank.First);
    }
}

internal sealed record CounterState(long Count);

internal sealed record DialogBenchState(int Answers = 0);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CounterState))]
[JsonSerializable(typeof(DialogBenchState))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
