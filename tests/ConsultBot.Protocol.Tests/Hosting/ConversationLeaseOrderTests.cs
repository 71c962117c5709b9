using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.State;

namespace ConsultBot.Protocol.Tests.Hosting;

/// <summary>
/// Hosts sharing a store run a conversation's turns in the channel's order, not in the order they happened to get
/// the lease: a later turn that is about to commit while an earlier one waits hands the lease over and runs again.
/// </summary>
public sealed class ConversationLeaseOrderTests
{
    private const string Conversation = "msteams/a:lease-order";
    private const string First = "0000000000000000100-m1";
    private const string Second = "0000000000000000200-m2";

    private static StoreConversationLease HostOn(IStorage storage, TimeSpan? maxWait = null) =>
        new(storage, TimeProvider.System, duration: TimeSpan.FromSeconds(30), maxWait: maxWait ?? TimeSpan.FromSeconds(10));

    [Fact]
    public async Task A_later_turn_about_to_commit_lets_an_earlier_waiting_turn_go_first_then_takes_the_lease_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = new MemoryStorage(TimeProvider.System);
        var hostA = HostOn(storage);
        var hostB = HostOn(storage);

        // The second message reached host B first and got the lease; the first one reaches host A a moment later.
        await hostB.AnnounceAsync(Conversation, Second, ct);
        var second = await hostB.AcquireAsync(Conversation, Second, ct);
        Assert.NotNull(second);
        await hostA.AnnounceAsync(Conversation, First, ct);
        var first = hostA.AcquireAsync(Conversation, First, ct).AsTask();
        await Task.Delay(50, ct);
        Assert.False(first.IsCompleted);

        // About to commit, the second turn yields: the first gets the lease, the second waits for it to finish.
        var yielding = second!.YieldToEarlierTurnAsync(TimeProvider.System.GetTimestamp(), ct);
        var firstLease = await first.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(firstLease);
        await Task.Delay(200, ct);
        Assert.False(yielding.IsCompleted, "the later turn must not run again before the earlier one released the lease");

        await firstLease!.DisposeAsync();
        Assert.True(await yielding.WaitAsync(TimeSpan.FromSeconds(5), ct), "the later turn is told to run again on fresh state");
        Assert.False(await second.YieldToEarlierTurnAsync(TimeProvider.System.GetTimestamp(), ct), "nobody earlier waits any more");
        await second.DisposeAsync();

        Assert.Empty(await storage.ListAsync("turn-order/", 10, ct));
        Assert.Empty(await storage.ListAsync("leases/", 10, ct));
    }

    [Fact]
    public async Task A_turn_with_nobody_earlier_waiting_commits_without_yielding()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = new MemoryStorage(TimeProvider.System);
        var host = HostOn(storage);
        await host.AnnounceAsync(Conversation, First, ct);
        await host.AnnounceAsync(Conversation, Second, ct);

        var lease = await host.AcquireAsync(Conversation, First, ct);

        Assert.False(await lease!.YieldToEarlierTurnAsync(TimeProvider.System.GetTimestamp(), ct), "a later waiting turn is no reason to yield");
        await lease.DisposeAsync();
        await host.WithdrawAsync(Conversation, Second);
        Assert.Empty(await storage.ListAsync("turn-order/", 10, ct));
    }

    [Fact]
    public async Task An_announcement_left_by_a_crashed_host_delays_a_turn_at_most_the_lease_wait()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = new MemoryStorage(TimeProvider.System);
        await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [$"turn-order/{Conversation}/0000000000000000001-crashed"] = new("{}", StoreItem.Any, TimeProvider.System.GetUtcNow().AddMinutes(5)),
        }, ct);
        var host = HostOn(storage, maxWait: TimeSpan.FromMilliseconds(300));
        await host.AnnounceAsync(Conversation, Second, ct);
        var lease = await host.AcquireAsync(Conversation, Second, ct);

        var yielded = await lease!.YieldToEarlierTurnAsync(TimeProvider.System.GetTimestamp(), ct).WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.True(yielded);
        await lease.DisposeAsync();
        Assert.Empty(await storage.ListAsync("leases/", 10, ct));
    }

    [Fact]
    public async Task A_turn_does_not_yield_to_an_earlier_turn_queued_on_its_own_host()
    {
        // On one host the in-process queue already runs turns in arrival order; the earlier-stamped turn waits behind
        // this one there, so yielding to it would wait for a turn that cannot start.
        var ct = TestContext.Current.CancellationToken;
        var storage = new MemoryStorage(TimeProvider.System);
        var host = HostOn(storage);
        await host.AnnounceAsync(Conversation, Second, ct);
        await host.AnnounceAsync(Conversation, First, ct);
        var lease = await host.AcquireAsync(Conversation, Second, ct);

        var yielded = await lease!.YieldToEarlierTurnAsync(TimeProvider.System.GetTimestamp(), ct).WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.False(yielded);
        await lease.DisposeAsync();
        await host.WithdrawAsync(Conversation, First);
    }
}
