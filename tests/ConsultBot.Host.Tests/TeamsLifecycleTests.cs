using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

public sealed class TeamsLifecycleTests
{
    [Fact]
    public async Task Removing_the_app_stops_messages_to_that_conversation_until_it_is_added_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        await chat.SendAsync("cześć", ct);
        var references = bot.Services.GetRequiredService<ConversationReferenceStore>();
        Assert.NotNull(await references.GetPersonalChatAsync(Channels.Msteams, chat.User.Id!, ct));

        var remove = chat.NewActivity(ActivityTypes.InstallationUpdate);
        remove.Action = "remove";
        await chat.ExchangeAsync(remove, ct);

        Assert.Null(await references.GetPersonalChatAsync(Channels.Msteams, chat.User.Id!, ct));
        var connector = bot.Services.GetRequiredService<IConnectorClient>();
        await Assert.ThrowsAsync<ConversationUnreachableException>(() =>
            connector.SendToConversationAsync(chat.ServiceUrl, chat.Conversation.Id!, Activity.CreateMessageActivity("ping"), ct));
        Assert.DoesNotContain(bot.Connector.Requests, r => r.Activity?.Text == "ping");

        var add = chat.NewActivity(ActivityTypes.InstallationUpdate);
        add.Action = "add";
        await chat.ExchangeAsync(add, ct);
        await connector.SendToConversationAsync(chat.ServiceUrl, chat.Conversation.Id!, Activity.CreateMessageActivity("ping"), ct);
        Assert.Contains(bot.Connector.Requests, r => r.Activity?.Text == "ping" && r.Succeeded);
    }

    [Fact]
    public async Task Blocked_conversation_is_marked_unreachable_and_not_retried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = bot.PersonalChat();
        await chat.SendAsync("cześć", ct);
        bot.Connector.FailNext(FakeConnectorRoute.SendToConversation, 403, times: 1, errorCode: "MessageWritesBlocked");
        var connector = bot.Services.GetRequiredService<IConnectorClient>();
        await Assert.ThrowsAsync<ConversationUnreachableException>(() =>
            connector.SendToConversationAsync(chat.ServiceUrl, chat.Conversation.Id!, Activity.CreateMessageActivity("first"), ct));
        await Assert.ThrowsAsync<ConversationUnreachableException>(() =>
            connector.SendToConversationAsync(chat.ServiceUrl, chat.Conversation.Id!, Activity.CreateMessageActivity("second"), ct));
        Assert.Single(bot.Connector.Requests, r => r.Route == FakeConnectorRoute.SendToConversation);

        // The user writes again: reachable again.
        await chat.SendAsync("jestem z powrotem", ct);
        await connector.SendToConversationAsync(chat.ServiceUrl, chat.Conversation.Id!, Activity.CreateMessageActivity("third"), ct);
        Assert.Contains(bot.Connector.Requests, r => r.Activity?.Text == "third" && r.Succeeded);
    }
}
