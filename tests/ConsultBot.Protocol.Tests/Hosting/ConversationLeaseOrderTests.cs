using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.State;

namespace ConsultBot.Protocol.Tests.Hosting;

/// <summary>
/// Hosts sharing a store hand a conversation's lease to its waiting turns in the channel's order, not in the
/// order they happened to ask: a later message that grabs the lease while an earlier one waits gives it up.
/// </summary>
public sealed class ConversationLeaseOrderTests
{
    private const string Conversation = "msteams/a:lease-order";

    private static StoreConversationLease HostOn(IStorage storage) =>
        new(storage, TimeProvider.System, duration: TimeSpan.FromSeconds(30), maxWait: TimeSpan.FromSeconds(10));

    [Fact]
    public async Task An_earlier_turn_waiting_on_another_host_gets_the_lease_before_a_later_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = new MemoryStorage(TimeProvider.System);
        var hostA = HostOn(storage);
        var hostB = HostOn(storage);

        // A turn is running; meanwhile the later message reaches host B first, the earlier one host A.
        var running = await hostA.AcquireAsync(Conversation, "0000000000000000100-m1", ct);
        Assert.NotNull(running);
        var later = hostB.AcquireAsync(Conversation, "0000000000000000300-m3", ct).AsTask();
        await Task.Delay(50, ct);
        var earlier = hostA.AcquireAsync(Conversation, "0000000000000000200-m2", ct).AsTask();
        await Task.Delay(50, ct);

        await running!.DisposeAsync();

        var first = await Task.WhenAny(earlier, later).WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.Same(earlier, first);
        await Task.Delay(200, ct);
        Assert.False(later.IsCompleted, "the later turn must wait until the earlier one released the lease");

        await (await earlier)!.DisposeAsync();
        var last = await later.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(last);
        await last!.DisposeAsync();

        // Nothing is left behind: no lease, no announcement.
        Assert.Empty(await storage.ListAsync("turn-order/", 10, ct));
        Assert.Empty(await storage.ListAsync("leases/", 10, ct));
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
        var host = new StoreConversationLease(storage, TimeProvider.System, duration: TimeSpan.FromSeconds(30), maxWait: TimeSpan.FromMilliseconds(300));

        var lease = await host.AcquireAsync(Conversation, "0000000000000000500-m5", ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.NotNull(lease);
        await lease!.DisposeAsync();
    }
}
