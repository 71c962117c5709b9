using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

public sealed class WelcomeTests
{
    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Install_events_arriving_together_give_exactly_one_welcome(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct, await StoreProviders.SettingsAsync(provider, ct));
        var chat = bot.PersonalChat();

        // Teams sends both on install, milliseconds apart.
        var installed = chat.NewActivity(ActivityTypes.InstallationUpdate);
        installed.Action = "add";
        var added = chat.NewActivity(ActivityTypes.ConversationUpdate);
        added.MembersAdded = [chat.User, chat.Bot];
        var responses = await Task.WhenAll(chat.PostAsync(installed, ct), chat.PostAsync(added, ct));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        await bot.Connector.WaitForAsync(r => r.Activity?.Attachments is { Count: > 0 }, TimeSpan.FromSeconds(10), ct);
        await Task.Delay(500, ct);
        Assert.Single(bot.Connector.Requests, r => r.Activity?.AllText().Contains("ConsultBot", StringComparison.Ordinal) == true);

        // Later events do not welcome again; asking for help does.
        var again = chat.NewActivity(ActivityTypes.ConversationUpdate);
        again.MembersAdded = [chat.User];
        Assert.Empty(await chat.ExchangeAsync(again, ct));
        Assert.NotNull((await chat.SendAsync("pomoc", ct)).FirstCard());
    }

    [Fact]
    public async Task Bot_added_to_a_team_greets_the_channel_once_without_personal_data()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var channel = bot.SharedChat(ConversationTypes.Channel);
        var added = channel.NewActivity(ActivityTypes.ConversationUpdate);
        added.MembersAdded = [channel.Bot];
        var replies = await channel.ExchangeAsync(added, ct);
        var text = replies.AllText();
        Assert.Contains("ConsultBot", text, StringComparison.Ordinal);
        Assert.DoesNotContain(channel.User.Name!, text, StringComparison.Ordinal);

        var colleague = channel.NewActivity(ActivityTypes.ConversationUpdate);
        colleague.MembersAdded = [new ChannelAccount { Id = "29:colleague", Name = "Jan Nowak" }];
        Assert.Empty(await channel.ExchangeAsync(colleague, ct));
    }

    [Fact]
    public async Task Personal_commands_in_a_channel_continue_in_the_personal_chat()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var channel = bot.SharedChat(ConversationTypes.Channel);
        foreach (var command in new[] { "moje oceny", "moje zgłoszenia", "dobierz model" })
        {
            var replies = await channel.SendAsync(command, ct);
            Assert.Contains("prywat", replies.AllText(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task In_a_group_chat_the_bot_answers_only_when_mentioned()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var group = bot.SharedChat(ConversationTypes.GroupChat);
        group.MentionBotInSharedChats = false;
        Assert.Empty(await group.SendAsync("kto jest liderem w modelu operacyjnym", ct));
        group.MentionBotInSharedChats = true;
        Assert.NotEmpty(await group.SendAsync("kto jest liderem w modelu operacyjnym", ct));
    }
}
