using System.Collections.Concurrent;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;

namespace ConsultBot.Protocol.Tests.Hosting;

/// <summary>
/// In-process maps keyed by conversation or user stay bounded under a stream of new conversations, and dropping an
/// entry changes nothing a user can see (a forgotten reference is only written again).
/// </summary>
public sealed class BoundedCacheTests
{
    private static Activity Message(string conversationId, string userId) => new()
    {
        Type = ActivityTypes.Message,
        Id = "m-" + conversationId,
        ChannelId = "msteams",
        ServiceUrl = "https://smba.trafficmanager.net/emea/",
        Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal" },
        From = new ChannelAccount { Id = userId },
        Recipient = new ChannelAccount { Id = "28:bot" },
        Text = "dobierz model",
    };

    [Fact]
    public async Task A_flood_of_new_conversations_keeps_the_reference_cache_bounded_and_every_reference_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = new CountingStorage(new MemoryStorage(TimeProvider.System));
        var references = new ConversationReferenceStore(storage);
        var flood = ConversationReferenceStore.MaxRemembered * 2;

        for (var i = 0; i < flood; i++)
        {
            await references.SaveAsync(Message($"a:flood-{i}", $"29:user-{i}"), ct);
        }

        // Two slots per personal chat (conversation and user) were written; the cache keeps at most its cap plus one trim interval.
        Assert.InRange(references.RememberedCount, 1, ConversationReferenceStore.MaxRemembered + 1024);
        Assert.NotNull(await references.GetConversationAsync("msteams", "a:flood-0", ct));
        Assert.NotNull(await references.GetConversationAsync("msteams", $"a:flood-{flood - 1}", ct));
        Assert.NotNull(await references.GetPersonalChatAsync("msteams", "29:user-0", ct));

        // A recent conversation is still remembered: its unchanged reference is not written again.
        var writes = storage.Writes;
        await references.SaveAsync(Message($"a:flood-{flood - 1}", $"29:user-{flood - 1}"), ct);
        Assert.Equal(writes, storage.Writes);

        // The oldest was forgotten: it is written once more, then remembered again.
        await references.SaveAsync(Message("a:flood-0", "29:user-0"), ct);
        Assert.Equal(writes + 1, storage.Writes);
        await references.SaveAsync(Message("a:flood-0", "29:user-0"), ct);
        Assert.Equal(writes + 1, storage.Writes);
    }

    [Fact]
    public void Trimming_drops_expired_entries_first_then_the_oldest_down_to_three_quarters_of_the_cap()
    {
        var map = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < 1_000; i++)
        {
            map[$"c{i}"] = i;
        }

        BoundedMaps.Trim(map, capacity: 2_000, age: v => v, expired: v => v < 100);
        Assert.Equal(900, map.Count);
        Assert.False(map.ContainsKey("c99"));

        BoundedMaps.Trim(map, capacity: 400, age: v => v);
        Assert.Equal(300, map.Count);
        Assert.True(map.ContainsKey("c999"));
        Assert.False(map.ContainsKey("c699"));
        Assert.True(map.ContainsKey("c700"));
    }

    private sealed class CountingStorage(IStorage inner) : IStorage
    {
        private int _writes;

        public int Writes => _writes;

        public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            inner.ReadAsync(keys, cancellationToken);

        public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            return inner.WriteAsync(changes, cancellationToken);
        }

        public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) => inner.DeleteAsync(keys, cancellationToken);

        public Task<IReadOnlyList<KeyValuePair<string, StoreItem>>> ListAsync(string keyPrefix, int limit, CancellationToken cancellationToken) =>
            inner.ListAsync(keyPrefix, limit, cancellationToken);
    }
}
