using System.Text.Json.Nodes;
using ConsultBot.Protocol.Turn;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>Multi-turn dialogs over /api/messages on real stores: restarts, several hosts, conflicts, outages.</summary>
public sealed class DialogEndToEndTests
{
    private static Task<TestBotHost> StartAsync(CancellationToken ct, IDictionary<string, string?> settings, FakeConnector? connector = null) =>
        TestBotHost.StartAsync(ct, settings, connector: connector, services: s => s.AddSingleton<IBotFeature, TestSurveyFeature>());

    private static ConversationDriver Chat(TestBotHost bot, string conversationId) =>
        new(bot.Http, bot.MessagesEndpoint, bot.Connector.ServiceUrl, conversationId);

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Dialog_survives_a_host_restart_mid_way(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await StoreProviders.SettingsAsync(provider, ct);
        var conversation = $"a:restart-{Guid.NewGuid():N}";
        await using (var first = await StartAsync(ct, settings))
        {
            var chat = Chat(first, conversation);
            Assert.Contains("Jak duże", (await chat.SendAsync("test-survey", ct)).AllText(), StringComparison.Ordinal);
            Assert.Contains("Ile organizacji", (await chat.SendAsync("srednie", ct)).AllText(), StringComparison.Ordinal);
        }

        await using var second = await StartAsync(ct, settings);
        var resumed = Chat(second, conversation);
        Assert.Contains("Czy to się zgadza", (await resumed.SendAsync("12", ct)).AllText(), StringComparison.Ordinal);
        Assert.Contains("wynik: medium|12|True", (await resumed.SendAsync("tak", ct)).AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_hosts_on_one_postgres_alternate_on_one_conversation()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await StoreProviders.SettingsAsync("postgres", ct);
        await using var a = await StartAsync(ct, settings);
        await using var b = await StartAsync(ct, settings, a.Connector);
        var conversation = $"a:alternate-{Guid.NewGuid():N}";
        var onA = Chat(a, conversation);
        var onB = Chat(b, conversation);

        Assert.Contains("Jak duże", (await onA.SendAsync("test-survey", ct)).AllText(), StringComparison.Ordinal);
        Assert.Contains("Ile organizacji", (await onB.SendAsync("3", ct)).AllText(), StringComparison.Ordinal);
        Assert.Contains("Czy to się zgadza", (await onA.SendAsync("7", ct)).AllText(), StringComparison.Ordinal);
        Assert.Contains("wynik: large|7|False", (await onB.SendAsync("nie", ct)).AllText(), StringComparison.Ordinal);

        // Another conversation on the same hosts is not mixed in.
        var other = Chat(b, $"a:other-{Guid.NewGuid():N}");
        Assert.DoesNotContain("wynik", (await other.SendAsync("7", ct)).AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Typed_titles_numbers_and_card_clicks_all_answer_a_prompt(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartAsync(ct, await StoreProviders.SettingsAsync(provider, ct));
        var chat = Chat(bot, $"a:click-{Guid.NewGuid():N}");
        var question = await chat.SendAsync("test-survey", ct);
        var card = question.FirstCard() ?? throw new InvalidOperationException("the choice is offered as card buttons in Teams");
        var duze = card.Actions().Single(a => a.Title == "Duże");

        // The button click arrives as an Action.Submit message carrying the button's data.
        var next = await chat.SubmitAsync(duze.Data, ct);
        Assert.Contains("Ile organizacji", next.AllText(), StringComparison.Ordinal);
        Assert.Contains("Czy to się zgadza", (await chat.SendAsync("4", ct)).AllText(), StringComparison.Ordinal);
        Assert.Contains("wynik: large|4|True", (await chat.SendAsync("Tak!", ct)).AllText(), StringComparison.Ordinal);

        var again = Chat(bot, $"a:typed-{Guid.NewGuid():N}");
        await again.SendAsync("test-survey", ct);
        Assert.Contains("Ile organizacji", (await again.SendAsync("1", ct)).AllText(), StringComparison.Ordinal);
        Assert.Contains("Czy", (await again.SendAsync("dwie", ct) is var bad && bad.AllText().Contains("Ile", StringComparison.Ordinal) ? await again.SendAsync("2", ct) : bad).AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interruptions_work_over_http_help_back_and_cancel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await StartAsync(ct, await StoreProviders.SettingsAsync("sqlite", ct));
        var chat = Chat(bot, $"a:interrupt-{Guid.NewGuid():N}");
        await chat.SendAsync("test-survey", ct);
        await chat.SendAsync("male", ct);
        var help = await chat.SendAsync("pomoc", ct);
        Assert.Contains("Ile organizacji", help.AllText(), StringComparison.Ordinal);
        var back = await chat.SendAsync("wstecz", ct);
        Assert.Contains("Jak duże", back.AllText(), StringComparison.Ordinal);
        await chat.SendAsync("duze", ct);
        var cancel = await chat.SendAsync("anuluj", ct);
        Assert.Contains("przerwać", cancel.AllText(), StringComparison.Ordinal);
        await chat.SendAsync("tak", ct);
        var after = await chat.SendAsync("12", ct);
        Assert.DoesNotContain("Czy to się zgadza", after.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Concurrent_turns_on_one_conversation_give_a_clean_conflict_not_a_lost_update(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await StoreProviders.SettingsAsync(provider, ct);
        await using var a = await StartAsync(ct, settings);
        await using var b = await StartAsync(ct, settings, a.Connector);
        var conversation = $"a:race-{Guid.NewGuid():N}";
        await Chat(a, conversation).SendAsync("test-survey", ct);

        // Two hosts answer the same question at once with different answers.
        var results = await Task.WhenAll(Chat(a, conversation).SendAsync("male", ct), Chat(b, conversation).SendAsync("duze", ct));
        var texts = results.Select(r => r.AllText()).ToArray();
        var advanced = texts.Count(t => t.Contains("Ile organizacji", StringComparison.Ordinal));
        var conflicted = texts.Count(t => t.Contains("zmieniła się w międzyczasie", StringComparison.Ordinal));

        // Either they were serialised by the store (both advanced, the second answered the next
        // question) or one lost cleanly and was told so; never both silently applied.
        Assert.True(advanced + conflicted == 2, string.Join(" || ", texts));
        Assert.True(advanced >= 1);

        var next = await Chat(a, conversation).SendAsync("5", ct);
        Assert.DoesNotContain("wystąpił", next.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_going_down_mid_conversation_loses_nothing_acknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct, await StoreProviders.SettingsAsync("sqlite", ct), services: s =>
        {
            s.AddSingleton<IBotFeature, TestSurveyFeature>();
            SwitchableStorage.Install(s);
        });
        var store = bot.Services.GetRequiredService<SwitchableStorage>();
        var chat = Chat(bot, $"a:outage-{Guid.NewGuid():N}");
        await chat.SendAsync("test-survey", ct);
        Assert.Contains("Ile organizacji", (await chat.SendAsync("srednie", ct)).AllText(), StringComparison.Ordinal);

        store.IsDown = true;
        try
        {
            var during = await chat.SendAsync("9", ct);
            Assert.Contains("Spróbuj ponownie za kilka minut", during.AllText(), StringComparison.Ordinal);
        }
        finally
        {
            store.IsDown = false;
        }

        // Back up: the conversation continues at the question that was acknowledged, no restart needed.
        Assert.Contains("Czy to się zgadza", (await chat.SendAsync("9", ct)).AllText(), StringComparison.Ordinal);
        Assert.Contains("wynik: medium|9|True", (await chat.SendAsync("tak", ct)).AllText(), StringComparison.Ordinal);
    }
}
