using System.Text.Json.Nodes;
using ConsultBot.Dialogs.Tests.Infrastructure;
using ConsultBot.Protocol.Schema;
using static ConsultBot.Dialogs.Tests.Infrastructure.SurveyDialogs;

namespace ConsultBot.Dialogs.Tests;

public sealed class PromptTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Activity Message(string text, string? locale = null) => new() { Type = ActivityTypes.Message, Text = text, Locale = locale };

    [Theory]
    [InlineData("2")]
    [InlineData("2.")]
    [InlineData("nr 2")]
    [InlineData("Nr. 2")]
    [InlineData("Średni")]
    [InlineData("sredni")]
    [InlineData("ŚREDNI")]
    [InlineData("medium")]
    [InlineData("sredniej wielkosci")]
    [InlineData("śred")]
    [InlineData("chyba średni")]
    public void Choice_is_recognized_by_number_title_value_synonym_and_unambiguous_part(string answer)
    {
        var found = ChoiceRecognizer.Recognize(Message(answer), Sizes, nonce: null);

        Assert.NotNull(found);
        Assert.Equal("Medium", found.Value);
        Assert.Equal(1, found.Index);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("0")]
    [InlineData("gmina")]
    [InlineData("xyz")]
    public void Choice_is_not_guessed_from_out_of_range_numbers_or_unrelated_text(string answer)
    {
        Assert.Null(ChoiceRecognizer.Recognize(Message(answer), Sizes, nonce: null));
    }

    [Fact]
    public void Ambiguous_partial_title_is_not_recognized()
    {
        IReadOnlyList<Choice> choices = [new("urban", "Gmina miejska"), new("rural", "Gmina wiejska")];

        Assert.Null(ChoiceRecognizer.Recognize(Message("gmina"), choices, nonce: null));
        Assert.Equal("rural", ChoiceRecognizer.Recognize(Message("wiejska"), choices, nonce: null)?.Value);
    }

    [Fact]
    public void Card_click_value_selects_the_choice_unless_it_comes_from_another_prompt()
    {
        var click = new Activity { Type = ActivityTypes.Message, Value = new JsonObject { ["choice"] = "Medium", ["prompt"] = "abc" } };

        Assert.Equal("Medium", ChoiceRecognizer.Recognize(click, Sizes, nonce: "abc")?.Value);
        Assert.Null(ChoiceRecognizer.Recognize(click, Sizes, nonce: "other"));
        Assert.Equal("Large", ChoiceRecognizer.Recognize(new Activity { Type = ActivityTypes.Message, Value = new JsonObject { ["choice"] = "large" } }, Sizes, null)?.Value);
    }

    [Theory]
    [InlineData("tak", true)]
    [InlineData("T", true)]
    [InlineData("Tak!", true)]
    [InlineData("jasne", true)]
    [InlineData("Oczywiście", true)]
    [InlineData("oczywiscie", true)]
    [InlineData("pewnie", true)]
    [InlineData("ok", true)]
    [InlineData("zgoda", true)]
    [InlineData("tak, poproszę", true)]
    [InlineData("no tak", true)]
    [InlineData("nie", false)]
    [InlineData("N", false)]
    [InlineData("nie teraz", false)]
    [InlineData("nie, dziękuję", false)]
    [InlineData("raczej nie", false)]
    public void Confirm_understands_polish_variants(string answer, bool expected)
    {
        Assert.Equal(expected, ConfirmRecognizer.Recognize(Message(answer), DialogLocale.Polish));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Y", true)]
    [InlineData("yep", true)]
    [InlineData("sure", true)]
    [InlineData("of course", true)]
    [InlineData("no", false)]
    [InlineData("nope", false)]
    [InlineData("not now", false)]
    [InlineData("no, thanks", false)]
    public void Confirm_understands_english_variants(string answer, bool expected)
    {
        Assert.Equal(expected, ConfirmRecognizer.Recognize(Message(answer), DialogLocale.English));
    }

    [Fact]
    public void Lone_no_is_ambiguous_in_polish_and_is_not_taken_as_an_answer()
    {
        Assert.Null(ConfirmRecognizer.Recognize(Message("no"), DialogLocale.Polish));
        Assert.Null(ConfirmRecognizer.Recognize(Message("może"), DialogLocale.Polish));
    }

    [Theory]
    [InlineData("3", "pl", "3")]
    [InlineData("3,5", "pl", "3.5")]
    [InlineData("3.5", "pl", "3.5")]
    [InlineData("3,5", "en", "3.5")]
    [InlineData("1 000", "pl", "1000")]
    [InlineData("1.000,5", "pl", "1000.5")]
    [InlineData("1,000.5", "en", "1000.5")]
    [InlineData("1,000", "en", "1000")]
    [InlineData("około 25 osób", "pl", "25")]
    [InlineData("-2", "pl", "-2")]
    [InlineData("trzy", "pl", "3")]
    [InlineData("pięć", "pl", "5")]
    [InlineData("piec", "pl", "5")]
    [InlineData("three", "en", "3")]
    public void Number_understands_polish_and_english_formats(string text, string locale, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), NumberRecognizer.Recognize(text, locale));
    }

    [Theory]
    [InlineData("")]
    [InlineData("dużo")]
    public void Number_is_not_invented(string text)
    {
        Assert.Null(NumberRecognizer.Recognize(text, DialogLocale.Polish));
    }

    [Fact]
    public async Task Choice_prompt_accepts_a_click_on_its_own_card_button_in_teams()
    {
        var adapter = new TestAdapter(Channels.Msteams);
        var flow = DialogTestBot.Flow(adapter, Setup(), Survey, out _);
        await flow
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(reply =>
            {
                // Teams default: the question and one Action.Submit per option in a small Adaptive Card.
                Assert.Null(reply.Text);
                var card = Assert.Single(reply.Attachments!).Content!;
                Assert.Equal(AskSize, card["body"]![0]!["text"]!.GetValue<string>());
                var actions = card["actions"]!.AsArray();
                Assert.Equal(["Mały", "Średni", "Duży"], actions.Select(a => a!["title"]!.GetValue<string>()));
                Assert.All(actions, a => Assert.Equal("Action.Submit", a!["type"]!.GetValue<string>()));
                Assert.Equal("Large", actions[2]!["data"]!["choice"]!.GetValue<string>());
            })
            .ClickOnLastCard("Duży").AssertReply(AskConsultants)
            .Send("2").AssertReply(r => Assert.Equal(AskSummary, TestFlow.ReplyText(r)))
            .ClickOnLastCard("Nie").AssertReply("Kórnik|Large|2|False")
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Click_on_a_button_of_an_older_card_is_not_taken_as_the_answer()
    {
        var adapter = new TestAdapter(Channels.Msteams);
        var flow = DialogTestBot.Flow(adapter, d =>
        {
            d.Add(new WaterfallDialog<SurveyAnswers>("two", TestJsonContext.Default.SurveyAnswers)
                .AddStep("q1", (s, ct) => s.PromptAsync(SurveyDialogs.Choice, new PromptOptions { Prompt = Activity.CreateMessageActivity("Q1"), Choices = Sizes }, ct))
                .AddStep("q2", (s, ct) => s.PromptAsync(SurveyDialogs.Choice, new PromptOptions { Prompt = Activity.CreateMessageActivity("Q2"), Choices = Sizes }, ct))
                .AddStep("done", (s, ct) => s.EndDialogAsync(s.Result, ct)));
            AddPrompts(d);
        }, "two", out var bot);

        JsonNode? firstCard = null;
        await flow
            .Send("start").AssertReply(_ => firstCard = flow.LastCard)
            .Send("mały").AssertReply(r => Assert.Equal("Q2", TestFlow.ReplyText(r)))
            .Do(ct => adapter.ProcessActivityAsync(new Activity { Type = ActivityTypes.Message, Value = firstCard!["actions"]![1]!["data"]!.DeepClone() }, bot.OnTurnAsync, ct))
            .AssertReply(r => Assert.StartsWith("Wybierz jedną z opcji", TestFlow.ReplyText(r), StringComparison.Ordinal))
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Outside_teams_choices_are_suggested_actions_and_list_style_numbers_them()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, d =>
        {
            d.Add(new WaterfallDialog<SurveyAnswers>("styles", TestJsonContext.Default.SurveyAnswers)
                .AddStep("suggested", (s, ct) => s.PromptAsync(SurveyDialogs.Choice, new PromptOptions { Prompt = Activity.CreateMessageActivity("A?"), Choices = Sizes }, ct))
                .AddStep("list", (s, ct) => s.PromptAsync(SurveyDialogs.Choice, new PromptOptions { Prompt = Activity.CreateMessageActivity("B?"), Choices = Sizes, Style = ListStyle.List }, ct)));
            AddPrompts(d);
        }, "styles", out _)
            .Send("start").AssertReply(reply =>
            {
                Assert.Equal("A?", reply.Text);
                Assert.Equal(["Mały", "Średni", "Duży"], reply.SuggestedActions!.Actions!.Select(a => a.Title));
                Assert.All(reply.SuggestedActions.Actions!, a => Assert.Equal("imBack", a.Type));
            })
            .Send("Mały").AssertReply("B?\n\n1. Mały\n2. Średni\n3. Duży")
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Invalid_answer_gets_a_localized_retry_and_validator_sees_growing_attempt_count()
    {
        var attempts = new List<int>();
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, d =>
        {
            d.Add(new WaterfallDialog<SurveyAnswers>("count", TestJsonContext.Default.SurveyAnswers)
                .AddStep("ask", (s, ct) => s.PromptAsync("positive", PromptOptions.FromText(AskConsultants), ct))
                .AddStep("done", (s, ct) => s.EndDialogAsync(s.Result, ct)));
            d.Add(new NumberPrompt("positive", (ctx, _) =>
            {
                attempts.Add(ctx.AttemptCount);
                return Task.FromResult(ctx.Recognized.Succeeded && ctx.Recognized.Value > 0);
            }));
        }, "count", out var bot)
            .Send("start").AssertReply(AskConsultants)
            .Send("dużo").AssertReply("Podaj liczbę, np. 3 albo 3,5.\n\n" + AskConsultants)
            .Send("0").AssertReply("Podaj liczbę, np. 3 albo 3,5.\n\n" + AskConsultants)
            .Send("4").AssertNoReply()
            .StartTestAsync(Ct);

        Assert.Equal([1, 2, 3], attempts);
        Assert.Equal(4m, bot.LastResult.Result!.GetValue<decimal>());
    }

    [Fact]
    public async Task Explicit_retry_prompt_replaces_the_default_hint()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, d =>
        {
            d.Add(new WaterfallDialog<SurveyAnswers>("retry", TestJsonContext.Default.SurveyAnswers)
                .AddStep("ask", (s, ct) => s.PromptAsync(Number, PromptOptions.FromText("Ile?", retryPrompt: "To nie liczba. Ile?"), ct)));
            AddPrompts(d);
        }, "retry", out _)
            .Send("start").AssertReply("Ile?")
            .Send("sporo").AssertReply("To nie liczba. Ile?")
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task After_max_attempts_the_waterfall_cancels_with_an_explanation()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out var bot)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("ogromny").AssertReplyContains("Wybierz jedną z opcji")
            .Send("gigant").AssertReplyContains("Wybierz jedną z opcji")
            .Send("kosmiczny").AssertReply("Niestety nie udało mi się zrozumieć odpowiedzi, więc przerywam. Napisz, gdy zechcesz spróbować ponownie.")
            .AssertNoReply()
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Cancelled, bot.LastResult.Status);
    }

    [Fact]
    public async Task With_next_step_behaviour_the_dialog_decides_after_max_attempts()
    {
        var dialog = new WaterfallDialog<SurveyAnswers>("lenient", TestJsonContext.Default.SurveyAnswers) { OnPromptFailure = PromptFailureBehavior.NextStep }
            .AddStep("ask", (s, ct) => s.PromptAsync(Number, PromptOptions.FromText("Ile?") with { MaxAttempts = 2 }, ct))
            .AddStep("after", async (s, ct) =>
            {
                await s.Context.SendActivityAsync(s.PromptFailed ? "Pomijam to pytanie." : "OK", ct);
                return await s.EndDialogAsync(null, ct);
            });

        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, d => { d.Add(dialog); AddPrompts(d); }, "lenient", out var bot)
            .Send("start").AssertReply("Ile?")
            .Send("a").AssertReplyContains("Podaj liczbę")
            .Send("b").AssertReply("Pomijam to pytanie.")
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Complete, bot.LastResult.Status);
    }

    [Fact]
    public async Task Choice_prompt_without_choices_is_a_programming_error()
    {
        var adapter = new TestAdapter();
        var flow = DialogTestBot.Flow(adapter, d =>
        {
            d.Add(new WaterfallDialog<SurveyAnswers>("bad", TestJsonContext.Default.SurveyAnswers)
                .AddStep("ask", (s, ct) => s.PromptAsync(SurveyDialogs.Choice, PromptOptions.FromText("?"), ct)));
            AddPrompts(d);
        }, "bad", out _).Send("start");

        await Assert.ThrowsAsync<ArgumentException>(() => flow.StartTestAsync(Ct));
    }
}
