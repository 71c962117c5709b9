using ConsultBot.Dialogs.Tests.Infrastructure;
using ConsultBot.Protocol.Schema;
using static ConsultBot.Dialogs.Tests.Infrastructure.SurveyDialogs;

namespace ConsultBot.Dialogs.Tests;

public sealed class EnglishLocaleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task English_locale_gets_english_retries_interruptions_and_yes_no_buttons()
    {
        var adapter = new TestAdapter(locale: "en-US");
        await DialogTestBot.Flow(adapter, Setup(), Survey, out var bot)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("enormous").AssertReply("Please choose one of the options — you can also type its number.\n\n" + AskSize)
            .Send("medium").AssertReply(AskConsultants)
            .Send("lots").AssertReply("Please enter a number, e.g. 3 or 3.5.\n\n" + AskConsultants)
            .Send("1,000").AssertReply(reply =>
            {
                Assert.Equal(AskSummary, reply.Text);
                Assert.Equal(["Yes", "No"], reply.SuggestedActions!.Actions!.Select(a => a.Title));
            })
            .Send("help").AssertReplyContains("“back”").AssertReply(AskSummary)
            .Send("cancel").AssertReply("Are you sure you want to stop?")
            .Send("no").AssertReply("OK, let's continue.").AssertReply(AskSummary)
            .Send("nope").AssertReply("Kórnik|Medium|1000|False")
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Complete, bot.LastResult.Status);
    }

    [Fact]
    public async Task English_user_in_teams_gets_yes_no_card_buttons_for_the_cancel_confirmation()
    {
        var adapter = new TestAdapter(Channels.Msteams, "en-GB");
        var flow = DialogTestBot.Flow(adapter, Setup(), Survey, out var bot);
        await flow
            .Send("start").AssertReply(AskName)
            .Send("stop").AssertReply(reply =>
            {
                Assert.Equal("Are you sure you want to stop?", TestFlow.ReplyText(reply));
                var actions = reply.Attachments![0].Content!["actions"]!.AsArray();
                Assert.Equal(["Yes", "No"], actions.Select(a => a!["title"]!.GetValue<string>()));
            })
            .ClickOnLastCard("Yes").AssertReply("Stopped. We can start again whenever you like.")
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Cancelled, bot.LastResult.Status);
    }

    [Theory]
    [InlineData(null, "pl")]
    [InlineData("pl-PL", "pl")]
    [InlineData("de-DE", "pl")]
    [InlineData("en", "en")]
    [InlineData("EN-us", "en")]
    public void Polish_is_the_default_and_english_is_chosen_by_an_en_locale(string? locale, string expected)
    {
        Assert.Equal(expected, DialogLocale.Resolve(locale));
    }

    [Fact]
    public void Every_string_exists_in_both_languages_and_they_differ()
    {
        var pl = Localization.DialogStrings.For("pl");
        var en = Localization.DialogStrings.For("en");
        foreach (var property in typeof(Localization.DialogStrings).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            var polish = (string)property.GetValue(pl)!;
            var english = (string)property.GetValue(en)!;
            Assert.False(string.IsNullOrWhiteSpace(polish), property.Name);
            Assert.False(string.IsNullOrWhiteSpace(english), property.Name);
            Assert.NotEqual(polish, english);
        }
    }
}
