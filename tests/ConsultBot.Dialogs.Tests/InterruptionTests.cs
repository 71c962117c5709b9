using ConsultBot.Dialogs.Tests.Infrastructure;
using static ConsultBot.Dialogs.Tests.Infrastructure.SurveyDialogs;

namespace ConsultBot.Dialogs.Tests;

public sealed class InterruptionTests
{
    private const string CancelQuestion = "Czy na pewno przerwać?";
    private const string CancelledText = "Przerwano. Gdy zechcesz, możemy zacząć od nowa.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anuluj")]
    [InlineData("Cancel")]
    [InlineData("STOP")]
    [InlineData("koniec")]
    public async Task Cancel_word_asks_for_confirmation_and_yes_ends_the_dialog(string word)
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out var bot)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send(word).AssertReply(reply =>
            {
                Assert.Equal(CancelQuestion, reply.Text);
                Assert.Equal(["Tak", "Nie"], reply.SuggestedActions!.Actions!.Select(a => a.Title));
            })
            .Send("tak").AssertReply(CancelledText)
            .AssertNoReply()
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Cancelled, bot.LastResult.Status);
    }

    [Fact]
    public async Task Declined_cancel_resumes_the_same_step()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out var bot)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("średni").AssertReply(AskConsultants)
            .Send("anuluj").AssertReply(CancelQuestion)
            .Send("nie").AssertReply("Dobrze, kontynuujemy.").AssertReply(AskConsultants)
            .Send("4").AssertReply(AskSummary)
            .Send("tak").AssertReply("Kórnik|Medium|4|True")
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Complete, bot.LastResult.Status);
    }

    [Fact]
    public async Task Answering_the_question_instead_of_the_cancel_confirmation_continues_the_step()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out _)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("anuluj").AssertReply(CancelQuestion)
            .Send("duży").AssertReply(AskConsultants)
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Cancel_in_the_first_step_with_confirmation_turned_off_ends_at_once()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(InterruptionOptions.Default with { ConfirmCancel = false }), Survey, out var bot)
            .Send("start").AssertReply(AskName)
            .Send("anuluj").AssertReply(CancelledText)
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Cancelled, bot.LastResult.Status);
    }

    [Fact]
    public async Task Help_shows_the_prompt_help_and_reprompts_the_same_step()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out _)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("pomoc").AssertReply(SizeHelp).AssertReply(AskSize)
            .Send("?").AssertReply(SizeHelp).AssertReply(AskSize)
            .Send("2").AssertReply(AskConsultants)
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Help_without_prompt_help_falls_back_to_dialog_help_then_to_the_generic_text()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out _)
            .Send("start").AssertReply(AskName)
            .Send("help").AssertReplyContains("„wstecz”").AssertReply(AskName)
            .StartTestAsync(Ct);

        var custom = new TestAdapter();
        await DialogTestBot.Flow(custom, Setup(InterruptionOptions.Default with { HelpText = dc => "Pomoc ankiety (" + dc.Locale + ")" }), Survey, out _)
            .Send("start").AssertReply(AskName)
            .Send("pomoc").AssertReply("Pomoc ankiety (pl)").AssertReply(AskName)
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Back_returns_to_the_previous_question_with_the_state_as_it_was_there()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out var bot)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("mały").AssertReply(AskConsultants)
            .Send("3").AssertReply(AskSummary)
            .Send("wstecz").AssertReply(AskConsultants)
            .Send("cofnij").AssertReply(AskSize)
            .Send("duży").AssertReply(AskConsultants)
            .Send("7").AssertReply(AskSummary)
            .Send("nie").AssertReply("Kórnik|Large|7|False")
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Complete, bot.LastResult.Status);
    }

    [Fact]
    public async Task Back_at_the_first_question_explains_and_reprompts()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out _)
            .Send("start").AssertReply(AskName)
            .Send("back").AssertReply("To pierwsze pytanie — nie ma do czego wrócić.").AssertReply(AskName)
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Back_is_refused_where_the_dialog_does_not_allow_it()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(InterruptionOptions.Default with { AllowBack = false }), Survey, out _)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("wstecz").AssertReply("W tym miejscu nie można się cofnąć.").AssertReply(AskSize)
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Restart_starts_the_dialog_over_with_fresh_state()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out _)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("mały").AssertReply(AskConsultants)
            .Send("od nowa").AssertReply("Zaczynamy od nowa.").AssertReply(AskName)
            .Send("Bnin").AssertReply(AskSize)
            .Send("3").AssertReply(AskConsultants)
            .Send("1").AssertReply(AskSummary)
            .Send("t").AssertReply("Bnin|Large|1|True")
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Turned_off_commands_are_ordinary_answers()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(InterruptionOptions.Default with { Cancel = false }), Survey, out _)
            .Send("start").AssertReply(AskName)
            .Send("stop").AssertReply(AskSize)
            .Send("2").AssertReply(AskConsultants)
            .Send("1").AssertReply(AskSummary)
            .Send("tak").AssertReply("stop|Medium|1|True")
            .StartTestAsync(Ct);
    }
}
