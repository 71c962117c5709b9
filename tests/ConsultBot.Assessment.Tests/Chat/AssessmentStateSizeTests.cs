using ConsultBot.Assessment.Chat;

namespace ConsultBot.Assessment.Tests.Chat;

/// <summary>
/// Conversation state is read and written on every turn, so it keeps what the assessment needs (ids, step, answers),
/// not the rendered question card; the card is rendered again for a retry, a reprompt or help.
/// </summary>
public sealed class AssessmentStateSizeTests
{
    private const string StateKey = "msteams/conversations/a:personal-1";

    [Fact]
    public async Task Conversation_state_at_the_first_question_is_well_under_a_kilobyte()
    {
        var bot = new ChatHarness();
        Assert.Equal("1/9", (await bot.SendAsync("dobierz model")).QuestionCard().Step());

        var json = await StoredStateAsync(bot);

        Assert.True(json.Length < 1024, $"{json.Length} B: {json}");
        Assert.DoesNotContain("AdaptiveCard", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conversation_state_stays_small_at_a_later_question()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        await bot.SendAsync("1");
        await bot.SendAsync("2");
        Assert.Equal("4/9", (await bot.SendAsync("1")).QuestionCard().Step());

        var json = await StoredStateAsync(bot);

        Assert.True(json.Length < 1024, $"{json.Length} B: {json}");
    }

    [Fact]
    public async Task Retry_help_and_the_question_after_a_digression_are_rendered_again_from_the_stored_step()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        Assert.Equal("2/9", (await bot.SendAsync("1")).QuestionCard().Step());

        // A wrong answer: the retry hint lists the options of question 2.
        var retry = await bot.SendAsync("xyz");
        Assert.StartsWith("Nie rozpoznaję", retry[0].Text, StringComparison.Ordinal);
        Assert.Contains("1. ", retry[0].Text, StringComparison.Ordinal);

        // Help names the question and re-asks it.
        var help = await bot.SendAsync("pomoc");
        Assert.Contains("Czy miasto ma już doświadczenie", help[0].Text, StringComparison.Ordinal);
        Assert.Equal("2/9", help.QuestionCard().Step());

        // Another route answers a question; the same question card comes back.
        var digression = await bot.SendAsync("co to jest model strategiczny?");
        Assert.Equal("2/9", digression.QuestionCard().Step());

        // And the answer is still recognised.
        Assert.Equal("3/9", (await bot.SendAsync("1")).QuestionCard().Step());
    }

    private static async Task<string> StoredStateAsync(ChatHarness bot)
    {
        var items = await bot.Storage.ReadAsync([StateKey], TestContext.Current.CancellationToken);
        return Assert.Single(items).Value.Json;
    }
}
