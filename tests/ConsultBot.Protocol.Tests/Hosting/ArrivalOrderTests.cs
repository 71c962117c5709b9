using ConsultBot.Protocol.Hosting;

namespace ConsultBot.Protocol.Tests.Hosting;

/// <summary>
/// Two messages of one conversation sent milliseconds apart can swap while their bodies are read and their tokens
/// checked. The arrival number taken as the request arrives puts them back in order before they join the line.
/// </summary>
public sealed class ArrivalOrderTests
{
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_later_message_read_first_still_runs_after_the_earlier_one_of_its_conversation()
    {
        var ct = TestContext.Current.CancellationToken;
        var order = new ArrivalOrder(TimeProvider.System, TimeSpan.FromSeconds(10));
        var queue = new ConversationTurnQueue(maxWaitingPerConversation: 8);
        var first = order.Begin();   // "dobierz model"
        var second = order.Begin();  // "2", whose body happened to be read first
        second.Identify("msteams/c1");

        var secondEntering = queue.EnterAsync("msteams/c1", second, ct).AsTask();
        await Task.Delay(Moment, ct);
        Assert.False(secondEntering.IsCompleted, "the second message must not take the line while the first is still being read");

        first.Identify("msteams/c1");
        var firstSlot = await queue.EnterAsync("msteams/c1", first, ct);
        Assert.NotNull(firstSlot);

        await Task.Delay(Moment, ct);
        Assert.False(secondEntering.IsCompleted, "the second message waits behind the first one's turn");
        await firstSlot.DisposeAsync();

        var secondSlot = await secondEntering.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(secondSlot);
        await secondSlot.DisposeAsync();
        Assert.Equal(0, order.Pending);
    }

    [Fact]
    public async Task A_message_never_waits_for_an_earlier_one_of_another_known_conversation()
    {
        var ct = TestContext.Current.CancellationToken;
        var order = new ArrivalOrder(TimeProvider.System, TimeSpan.FromSeconds(10));
        var queue = new ConversationTurnQueue(maxWaitingPerConversation: 8);
        var other = order.Begin();
        other.Identify("msteams/other"); // read, still being authenticated
        var mine = order.Begin();
        mine.Identify("msteams/mine");

        var slot = await queue.EnterAsync("msteams/mine", mine, ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.NotNull(slot);
        await slot.DisposeAsync();
        other.Dispose();
    }

    [Fact]
    public async Task A_request_that_is_never_read_holds_later_ones_back_only_for_the_bound()
    {
        var ct = TestContext.Current.CancellationToken;
        var order = new ArrivalOrder(TimeProvider.System, Moment);
        var queue = new ConversationTurnQueue(maxWaitingPerConversation: 8);
        using var slowClient = order.Begin(); // body never arrives: its conversation stays unknown
        var mine = order.Begin();
        mine.Identify("msteams/mine");

        var slot = await queue.EnterAsync("msteams/mine", mine, ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.NotNull(slot);
        await slot.DisposeAsync();
        Assert.Equal(1, order.Pending); // only the slow one
    }

    [Fact]
    public async Task A_refused_or_answered_request_releases_the_ones_after_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var order = new ArrivalOrder(TimeProvider.System, TimeSpan.FromSeconds(10));
        var queue = new ConversationTurnQueue(maxWaitingPerConversation: 8);
        var malformed = order.Begin();
        var mine = order.Begin();
        mine.Identify("msteams/mine");

        var entering = queue.EnterAsync("msteams/mine", mine, ct).AsTask();
        await Task.Delay(Moment, ct);
        Assert.False(entering.IsCompleted);
        malformed.Dispose(); // answered 400 before its conversation was known

        var slot = await entering.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(slot);
        await slot.DisposeAsync();
        Assert.Equal(0, order.Pending);
    }
}
