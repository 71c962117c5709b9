using System.Text.RegularExpressions;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Host.Tests;

/// <summary>Routes only the protocol tests use: echo, a failing turn, a slow turn, a turn held until the test opens a gate.</summary>
internal sealed partial class TestFeature(TimeProvider timeProvider) : IBotFeature
{
    public int EchoCount;

    /// <summary>Holds "test-gated" turns until the test opens it: a turn that is provably still running.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Register(BotApplication app)
    {
        app.OnMessage(EchoPattern(), async (ctx, ct) =>
        {
            Interlocked.Increment(ref EchoCount);
            await ctx.SendActivityAsync($"echo: {ctx.Activity.Text!["test-echo ".Length..]}", ct);
        }, RouteRank.First);
        app.OnMessage(["test-throw"], (_, _) => throw new InvalidOperationException("boom"), RouteRank.First);
        app.OnMessage(["test-slow"], async (ctx, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2), timeProvider, ct);
            await ctx.SendActivityAsync("slow done", ct);
        }, RouteRank.First);
        app.OnMessage(["test-gated"], async (ctx, ct) =>
        {
            await Gate.Task.WaitAsync(ct);
            await ctx.SendActivityAsync("gated done", ct);
        }, RouteRank.First);
    }

    [GeneratedRegex("^test-echo ")]
    private static partial Regex EchoPattern();
}
