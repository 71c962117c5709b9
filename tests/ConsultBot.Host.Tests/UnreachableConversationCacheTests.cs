using ConsultBot.Host.Bot;
using ConsultBot.Protocol.State;

namespace ConsultBot.Host.Tests;

/// <summary>The unreachable-conversations cache is asked on every send: a stream of new conversations must not grow it for ever.</summary>
public sealed class UnreachableConversationCacheTests
{
    [Fact]
    public async Task A_flood_of_new_conversations_keeps_the_unreachable_cache_bounded_and_the_answers_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var unreachable = new StoredUnreachableConversations(new MemoryStorage(TimeProvider.System), TimeProvider.System);
        await unreachable.MarkUnreachableAsync("a:blocked", ct);

        var flood = StoredUnreachableConversations.MaxCached * 2;
        for (var i = 0; i < flood; i++)
        {
            Assert.False(await unreachable.IsUnreachableAsync($"a:flood-{i}", ct));
        }

        Assert.InRange(unreachable.CachedCount, 1, StoredUnreachableConversations.MaxCached + 1024);

        // The blocked conversation fell out of the cache long ago; the store still says so.
        Assert.True(await unreachable.IsUnreachableAsync("a:blocked", ct));
        Assert.False(await unreachable.IsUnreachableAsync("a:flood-0", ct));
    }
}
