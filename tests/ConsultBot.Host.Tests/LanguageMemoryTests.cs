using System.Net;
using System.Text.Json.Nodes;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// The reply language follows what the person writes and is remembered for replies without words ("2", a click),
/// also right after their data was erased, and whichever host of two on one store takes the next message.
/// </summary>
public sealed class LanguageMemoryTests
{
    [Fact]
    public async Task After_erasing_my_data_a_polish_start_and_a_bare_number_stay_in_polish_in_an_english_client()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var anna = bot.PersonalChat(locale: "en-US");
        await anna.SendAsync("dobierz model", ct);

        var confirm = (await anna.SendAsync("usuń moje dane", ct)).FirstCard()!;
        var erase = confirm.Actions().Single(a => a.Verb == "privacy.erase");
        var (status, _) = await anna.ExecuteAsync("privacy.erase", erase.Data, ct);
        Assert.Equal(HttpStatusCode.OK, status);

        var first = await anna.SendAsync("dobierz model", ct);
        Assert.Contains("1/9", first.AllText(), StringComparison.Ordinal);
        var second = await anna.SendAsync("2", ct);

        Assert.Contains("2/9", second.AllText(), StringComparison.Ordinal);
        Assert.Contains("Czy migracja", second.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_polish_command_typed_without_diacritics_in_an_english_client_is_answered_in_polish()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var anna = bot.PersonalChat(locale: "en-US");

        var replies = await anna.SendAsync("test wiedzy", ct);

        Assert.Contains("Pytanie 1/8", replies.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_language_chosen_on_one_host_holds_on_the_other()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await StoreProviders.SettingsAsync("postgres", ct);
        await using var connector = await FakeConnector.StartAsync(cancellationToken: ct);
        await using var hostA = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>(settings), connector: connector);
        await using var hostB = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>(settings), connector: connector);
        var conversationId = "a:language-" + Guid.NewGuid().ToString("N");
        var onA = hostA.PersonalChat(userId: "29:user-lang", locale: "pl-PL", conversationId: conversationId);
        var onB = hostB.PersonalChat(userId: "29:user-lang", locale: "pl-PL", conversationId: conversationId);

        await onA.SendAsync("find model", ct);
        var english = await onB.SendAsync("1", ct);
        Assert.Contains("2/9", english.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Czy migracja", english.AllText(), StringComparison.Ordinal);
    }
}
