using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;

namespace ConsultBot.Protocol.Tests.Hosting;

/// <summary>One stored reference per conversation: a user's personal chat is found through a small pointer, not a second copy.</summary>
public sealed class ConversationReferenceRowsTests
{
    private static Activity Message(string conversationId, string userId) => new()
    {
        Type = ActivityTypes.Message,
        Id = "m-" + conversationId,
        ChannelId = "msteams",
        ServiceUrl = "https://smba.trafficmanager.net/emea/",
        Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = "tenant-1" },
        From = new ChannelAccount { Id = userId, Name = "Anna Kowalska" },
        Recipient = new ChannelAccount { Id = "28:bot", Name = "ConsultBot" },
        Text = "dobierz model",
    };

    [Fact]
    public async Task A_personal_chat_stores_one_reference_and_the_user_row_only_points_to_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = new MemoryStorage(TimeProvider.System);
        var references = new ConversationReferenceStore(storage);

        await references.SaveAsync(Message("a:personal-1", "29:anna"), ct);

        var rows = await storage.ListAsync("conversation-references/", 100, ct);
        var pointer = Assert.Single(rows, r => r.Key == ConversationReferenceStore.PersonalChatKey("msteams", "29:anna")).Value.Json;
        Assert.Equal(2, rows.Count);
        Assert.DoesNotContain("smba", pointer, StringComparison.Ordinal);
        Assert.True(pointer.Length < 100, pointer);

        var personal = await references.GetPersonalChatAsync("msteams", "29:anna", ct);
        Assert.Equal("a:personal-1", personal?.Conversation?.Id);
        Assert.Equal("https://smba.trafficmanager.net/emea/", personal?.ServiceUrl);
        Assert.Equal("29:anna", personal?.User?.Id);
    }

    [Fact]
    public async Task The_user_row_follows_the_newest_personal_chat()
    {
        var ct = TestContext.Current.CancellationToken;
        var references = new ConversationReferenceStore(new MemoryStorage(TimeProvider.System));

        await references.SaveAsync(Message("a:personal-old", "29:anna"), ct);
        await references.SaveAsync(Message("a:personal-new", "29:anna"), ct);

        Assert.Equal("a:personal-new", (await references.GetPersonalChatAsync("msteams", "29:anna", ct))?.Conversation?.Id);
    }

    [Fact]
    public async Task A_whole_reference_stored_under_the_user_before_the_pointer_is_still_read()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = new MemoryStorage(TimeProvider.System);
        var legacy = Message("a:personal-legacy", "29:anna").GetConversationReference();
        await storage.WriteAsync(ConversationReferenceStore.PersonalChatKey("msteams", "29:anna"), legacy, ProtocolJsonContext.Default.ConversationReference, StoreItem.Any, ct);

        var personal = await new ConversationReferenceStore(storage).GetPersonalChatAsync("msteams", "29:anna", ct);

        Assert.Equal("a:personal-legacy", personal?.Conversation?.Id);
    }
}
